// Model weights baked into the shipped image make every pull, push and rebuild move gigabytes that a volume or a download at start would not.
import * as path from 'node:path';
import { stageReferences, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { optionValues } from '../../dockerfile/commands';
import { copySources, copyTarget, within, workdirAfter } from '../../dockerfile/split';
import { commandName, type Word } from '../../dockerfile/shell';
import type { DockerfileRule } from '../types';

/** File extensions that are model weights and nothing else in practice. */
const WEIGHT_EXTENSION = /\.(pt|pth|ckpt|safetensors|onnx|gguf|h5|keras|tflite)$/i;
/** TensorFlow graphs: `saved_model.pb`, `frozen_inference_graph.pb`; other `.pb` files are often small descriptors. */
const TF_GRAPH = /(saved_model|frozen|graph|model)[^/]*\.pb$/i;
/** `from_pretrained` downloads weights, except for the small tokenizer, processor and config files. */
const FROM_PRETRAINED = /\b([A-Za-z_][A-Za-z0-9_]*)\.from_pretrained\s*\(/g;
const LIGHT_PRETRAINED = /(Tokenizer|TokenizerFast|Processor|Config|FeatureExtractor|ImageProcessor)$/;

/** Folders that hold weights whatever they are copied to: checkpoints, downloaded hub caches, TEI's model folder. */
const WEIGHTS_FOLDER = /^(checkpoints?|ckpts?|weights|pretrained(?:[-_]models?)?|pretrained[-_]weights|tei[-_]data|hf[-_]cache|model[-_]cache)$/i;
/** A `models/` folder holds weights when copied outside the code, to a model location (`/models`, `/data`, a cache). */
const MODEL_FOLDER = /^models?$/i;
const MODEL_TARGET = /^\/(?:models?|weights|checkpoints?|data|mnt|opt\/models?|root\/\.cache|home\/[^/]+\/\.cache)(?:\/|$)/i;
/**
 * Python calls that download weights when they run: the Hub's download functions, sentence-transformers models,
 * Torch Hub, faster-whisper and openai-whisper models.
 */
const PYTHON_DOWNLOAD = /\b(snapshot_download|hf_hub_download|SentenceTransformer|CrossEncoder|torch\.hub\.load(?:_state_dict_from_url)?|WhisperModel|whisper\.load_model)\s*\(/g;
/** Scripts named for downloading models or weights (`download_model.py --output models/`). */
const DOWNLOAD_SCRIPT = /(?:^|\/)(?:download|fetch|pull)[-_](?:the[-_])?(?:models?|weights|checkpoints?)[\w.-]*\.(?:py|sh)$/i;
/** Hugging Face file URLs (`https://huggingface.co/<org>/<repo>/resolve/…`), except configs, tokenizers and texts. */
const HUB_FILE_URL = /^https?:\/\/(?:www\.)?(?:huggingface\.co|hf\.co)\/(?!datasets\/|spaces\/)[^/]+\/[^/]+\/resolve\/(?![^?#]*\.(?:json|txt|md|py|model|jinja)(?:[?#]|$))/i;

/** True when a path or URL names a weights file. */
function isWeightsPath(value: string): boolean {
  const clean = value.split(/[?#]/)[0].replace(/\/+$/, '');
  const base = clean.slice(clean.lastIndexOf('/') + 1);
  return WEIGHT_EXTENSION.test(base) || TF_GRAPH.test(base) || /^pytorch_model[^/]*\.bin$/i.test(base);
}

export const rule: DockerfileRule = {
  id: 'model-weights-in-image',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: false,
  docs: {
    summary: 'Model weights copied into, or downloaded during the build of, the shipped image.',
    rationale:
      'Weights are the largest and most often changing part of an ML service. Baked into a layer, they are pulled by every ' +
      'node on every deploy, rebuilt on every change and stored once per tag in the registry. Mount them from a volume or ' +
      'object storage, or download them when the container starts into a cached location. Weights that a builder stage ' +
      'copied or downloaded into a folder that the shipped stage copies with `COPY --from` count as well, and so do ' +
      'folders that hold weights by their name (`checkpoints/`, `weights/`, `tei_data/`, `.cache/huggingface`, or a ' +
      'top-level `models/` copied to `/models` or `/data`), such folders copied from another image, Hugging Face file ' +
      'URLs, and build-time downloads: `huggingface-cli`/`hf download`, `snapshot_download`, `from_pretrained`, ' +
      '`SentenceTransformer(…)`, `torch.hub.load`, `WhisperModel(…)`, and scripts named `download_model*.py`.',
    bad:
      'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n' +
      'WORKDIR /app\n' +
      'COPY model.safetensors /models/\n' +
      'COPY serve.py .\n' +
      'CMD ["python", "serve.py"]',
    good:
      'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n' +
      'WORKDIR /app\n' +
      'COPY serve.py .\n' +
      'ENV MODEL_DIR=/models\n' +
      'VOLUME /models\n' +
      'CMD ["python", "serve.py"]',
  },
  messages: {
    copyFromStage: '`{source}` brings model weights (`{weights}`) from stage `{stage}` into the image, and weights bloat every layer pull and rebuild; mount a volume or download them at container start.',
    copy: '`{source}` puts model weights in the image, and weights bloat every layer pull and rebuild; mount a volume or download them at container start.',
    copyFolder: '`{source}` copies a folder of model weights (by its name) into the image, and weights bloat every layer pull and rebuild; mount a volume or download them at container start.',
    copyFromImage: '`{source}` copies a folder of model weights (by its name) from the image `{image}`, and weights bloat every layer pull and rebuild; mount a volume or download them at container start.',
    download: '`{command}` downloads model weights at build time, and weights bloat every layer pull and rebuild; mount a volume or download them at container start.',
  },
  check(ctx) {
    const { model } = ctx;
    const { lines, text } = model;
    const report = (messageId: 'copy' | 'download', start: number, end: number) => {
      const written = text.slice(start, end).replace(/\s*\\\r?\n\s*/g, ' ');
      ctx.report({ messageId, data: messageId === 'copy' ? { source: written } : { command: written }, range: lines.range(start, end) });
    };
    for (const stage of model.shippedStages) {
      let cwd: string | undefined;
      for (const instr of stage.instructions) {
        const workdir = cwd;
        cwd = workdirAfter(cwd, instr);
        if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
          const from = stageReferences(instr).find((ref) => ref.flag === 'from');
          const origin = from && model.stageRef(model.expand(from.value), stage.index);
          const target = copyTarget(instr, workdir);
          for (const source of copySources(instr)) {
            const range = lines.range(source.start, source.end);
            // A copy from another stage carries the weights that stage's own COPYs brought.
            const weights = origin && !isWeightsPath(source.value) ? weightsIn(model, origin, path.posix.join('/', source.value), new Set()) : undefined;
            if (weights) ctx.report({ messageId: 'copyFromStage', data: { source: source.value, weights, stage: from!.value }, range });
            if (isWeightsPath(source.value) || (instr.keyword === 'ADD' && HUB_FILE_URL.test(source.value))) {
              report(instr.keyword === 'ADD' && /^https?:\/\//i.test(source.value) ? 'download' : 'copy', source.start, source.end);
            } else if (from && !origin && isModelFolder(source.value, target, true)) {
              // `--from` an image rather than a stage: weights shipped in another image.
              ctx.report({ messageId: 'copyFromImage', data: { source: source.value, image: model.expand(from.value) }, range });
            } else if (!from && isModelFolder(source.value, target, false)) {
              ctx.report({ messageId: 'copyFolder', data: { source: source.value }, range });
            }
          }
          continue;
        }
        if (instr.keyword !== 'RUN') continue;
        for (const command of instr.commands) {
          const found = downloadCommand(command.words);
          if (found) report('download', found.start, found.end);
        }
        const body = text.slice(instr.start, instr.end);
        for (const match of body.matchAll(PYTHON_DOWNLOAD)) {
          report('download', instr.start + match.index, instr.start + match.index + match[1].length);
        }
        for (const match of body.matchAll(FROM_PRETRAINED)) {
          if (LIGHT_PRETRAINED.test(match[1])) continue;
          report('download', instr.start + match.index, instr.start + match.index + match[0].replace(/\s*\($/, '').length);
        }
      }
    }
  },
};

/**
 * The first weights file that a COPY or ADD of `stage` (or of a stage it is built on or copies from)
 * puts at or below `folder`, as written in that COPY; undefined when there is none.
 */
function weightsIn(model: DockerfileModel, stage: Stage, folder: string, seen: Set<Stage>): string | undefined {
  if (seen.has(stage)) return undefined;
  seen.add(stage);
  const reaches = (target: string | undefined) => target !== undefined && (within(target, folder) || within(folder, target));
  let cwd: string | undefined;
  for (const instr of stage.instructions) {
    const workdir = cwd;
    cwd = workdirAfter(cwd, instr);
    if (instr.keyword === 'RUN') {
      for (const command of instr.commands) {
        const found = downloadCommand(command.words);
        if (found && reaches(downloadFolder(command.words, workdir ?? '/'))) return model.text.slice(found.start, found.end);
      }
      continue;
    }
    const target = copyTarget(instr, workdir);
    if (!reaches(target)) continue;
    const from = stageReferences(instr).find((ref) => ref.flag === 'from');
    const origin = from && model.stageRef(model.expand(from.value), stage.index);
    for (const source of copySources(instr)) {
      const found = origin ? weightsIn(model, origin, path.posix.join('/', source.value), seen) : isWeightsPath(source.value) ? source.value : undefined;
      if (found) return found;
    }
  }
  return stage.parent ? weightsIn(model, stage.parent, folder, seen) : undefined;
}

/**
 * Where a download command writes: `--local-dir`, `-O`/`-o` or `-P`, or a `git clone` folder, against the
 * working directory; the Hugging Face cache for a hub download without a folder; else the working directory.
 */
function downloadFolder(words: Word[], cwd: string): string {
  const named = commandName({ words, end: words[words.length - 1]?.end ?? 0 });
  const args = named?.args ?? [];
  const option = optionValues(args, ['--local-dir', '-O', '-o', '-P', '--output', '--output-document', '--directory-prefix'])[0]?.value;
  const cloned = named?.name === 'git' ? args.filter((w) => !w.value.startsWith('-')).slice(2)[0]?.value : undefined;
  const written = option ?? cloned;
  if (written) return path.posix.resolve(cwd, written);
  if (named?.name === 'huggingface-cli' || named?.name === 'hf') return '/root/.cache/huggingface';
  return cwd;
}

/** The words of a shell command that download weights: the CLI and its verb, or the weights URL. */
function downloadCommand(words: Word[]): { start: number; end: number } | undefined {
  const named = commandName({ words, end: words[words.length - 1]?.end ?? 0 });
  if (!named) return undefined;
  const tool = words[words.length - named.args.length - 1];
  const verb = named.args[0];
  if ((named.name === 'huggingface-cli' || named.name === 'hf') && verb?.value === 'download') return { start: tool.start, end: verb.end };
  const script = [tool, ...named.args].find((w) => DOWNLOAD_SCRIPT.test(w.value));
  if (script) return { start: script.start, end: script.end };
  if (named.name === 'ollama' && verb?.value === 'pull') return { start: tool.start, end: verb.end };
  if (named.name === 'wget' || named.name === 'curl' || named.name === 'aria2c') {
    const url = named.args.find((w) => /^https?:\/\//i.test(w.value) && (isWeightsPath(w.value) || HUB_FILE_URL.test(w.value)));
    return url && { start: url.start, end: url.end };
  }
  if (named.name === 'git' && named.args.some((w) => w.value === 'clone')) {
    const url = named.args.find((w) => /^https?:\/\/(www\.)?huggingface\.co\/(?!datasets\/|spaces\/)[^/]+\/[^/]+/i.test(w.value));
    return url && { start: url.start, end: url.end };
  }
  return undefined;
}

/**
 * True when a copied source is a folder of weights by its name: a checkpoint, weights or hub-cache folder anywhere
 * in the path, or a top-level `models/` copied to a model location. Files with an extension are not folders; from
 * another image, any folder of the path counts, since an image has no code tree to confuse it with.
 */
function isModelFolder(source: string, target: string | undefined, fromImage: boolean): boolean {
  const segments = source.replace(/^\.\//, '').split('/').filter((s) => s && s !== '.');
  const last = segments[segments.length - 1];
  if (!last || /\.[a-z0-9]+$/i.test(last) || /[*?]/.test(last)) return false;
  if (segments.some((s) => WEIGHTS_FOLDER.test(s.replace(/^\./, ''))) || /(^|\/)\.cache\/huggingface(\/|$)/.test(source)) return true;
  const modelsAt = segments.findIndex((s) => MODEL_FOLDER.test(s));
  if (modelsAt < 0) return false;
  return fromImage || (modelsAt === 0 && target !== undefined && MODEL_TARGET.test(target));
}
