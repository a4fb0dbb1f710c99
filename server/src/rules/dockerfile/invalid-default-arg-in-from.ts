// BuildKit's InvalidDefaultArgInFrom: a FROM line whose global ARG defaults give an empty or invalid image name.
import type { DockerfileModel } from '../../dockerfile/model';
import type { DockerfileRule } from '../types';

/** An image reference as Docker accepts it: `[registry[:port]/]path[:tag][@digest]`, the path in lower case. */
const REFERENCE =
  /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

export const rule: DockerfileRule = {
  id: 'invalid-default-arg-in-from',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['InvalidDefaultArgInFrom'] },
  fixable: false,
  docs: {
    summary: 'A `FROM` line that names no valid image when its global ARGs keep their defaults.',
    rationale:
      'With `ARG CUDA_TAG` (no default) and `FROM nvidia/cuda:${CUDA_TAG}`, the build works only when every caller ' +
      'passes `--build-arg CUDA_TAG=…`; plain `docker build`, Compose without `args:` and CI jobs fail with ' +
      '"invalid reference format". Give the ARG a default that builds.',
    bad: 'ARG CUDA_TAG\nFROM nvidia/cuda:${CUDA_TAG}',
    good: 'ARG CUDA_TAG=12.4.1-runtime-ubuntu22.04\nFROM nvidia/cuda:${CUDA_TAG}',
  },
  messages: {
    invalid: 'With the defaults of its global ARGs this FROM names `{image}`, an empty or invalid base image; give the ARGs defaults that build.',
    empty: 'With the defaults of its global ARGs this FROM names no image at all; give the ARGs defaults that build.',
  },
  check(ctx) {
    const { model } = ctx;
    const defaults = globalDefaults(model);
    for (const stage of model.stages) {
      const range = stage.baseRange;
      const written = model.text.slice(model.lines.offsetAt(range.start), model.lines.offsetAt(range.end));
      if (!written.includes('$') || stage.parent || /\$\{?(?:TARGET|BUILD)(?:PLATFORM|OS|ARCH|VARIANT)\b/.test(written)) continue;
      const image = expandDefaults(written, defaults);
      if (REFERENCE.test(image) || model.stageRef(image, stage.index)) continue;
      ctx.report({ messageId: image === '' ? 'empty' : 'invalid', data: { image }, range });
    }
  },
};

/** The global ARGs with their defaults; an ARG declared without one is absent (unset), unlike one set to `""`. */
function globalDefaults(model: DockerfileModel): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const instr of model.instructions) {
    if (instr.keyword === 'FROM') break;
    if (instr.keyword !== 'ARG') continue;
    for (const { value } of instr.args) {
      const equals = value.indexOf('=');
      if (equals > 0) defaults.set(value.slice(0, equals), expandDefaults(value.slice(equals + 1), defaults).replace(/^(["'])(.*)\1$/, '$2'));
    }
  }
  return defaults;
}

const BARE = /[A-Za-z_][A-Za-z0-9_]*/y;
const BRACED = /\{([A-Za-z_][A-Za-z0-9_]*)(:?)([-+]?)/y;

/**
 * Expands `$X`, `${X}`, `${X-word}`, `${X:-word}`, `${X+word}` and `${X:+word}` as BuildKit does with the defaults:
 * an unset variable (no default, or not declared, which undefined-arg-in-from reports) is empty, and only the forms
 * with a colon treat an empty value as unset. The word runs to the `}` that closes its reference, past any `${…}`
 * inside it, which is expanded in turn; a word in quotes loses them. Other forms are kept as written.
 */
function expandDefaults(text: string, defaults: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') {
      out += text[i];
      continue;
    }
    BARE.lastIndex = i + 1;
    const bare = BARE.exec(text);
    if (bare) {
      out += defaults.get(bare[0]) ?? '';
      i += bare[0].length;
      continue;
    }
    BRACED.lastIndex = i + 1;
    const braced = BRACED.exec(text);
    let close = BRACED.lastIndex;
    for (let depth = 1; braced && close < text.length; close++) {
      if (text[close] === '{') depth++;
      else if (text[close] === '}' && --depth === 0) break;
    }
    if (!braced || close >= text.length || (braced[3] === '' && close !== BRACED.lastIndex)) {
      out += '$';
      continue;
    }
    const [, name, colon, op] = braced;
    const word = expandDefaults(text.slice(BRACED.lastIndex, close), defaults).replace(/^(["'])(.*)\1$/, '$2');
    const value = defaults.get(name);
    const set = value !== undefined && (colon !== ':' || value !== '');
    if (op === '-') out += set ? value! : word;
    else if (op === '+') out += set ? word : '';
    else out += value ?? '';
    i = close;
  }
  return out;
}
