// vLLM, TGI, SGLang and LMDeploy split a model over GPUs with NCCL, which needs more than Docker's 64 MB /dev/shm.
import { isMap, isScalar } from '../../compose/yamlNodes';
import { gpuRequests } from '../../compose/gpu';
import type { ComposeModel, ComposeService } from '../../compose/model';
import { items, text, valueAt } from '../../compose/yaml';
import { parseImageRef } from '../../images/imageRef';
import type { ComposeRule } from '../types';
import { addShmSize, get, sharesMemory, trainingSignal } from './gpu-training-shm-size';

/** Image repositories of the inference servers that shard a model over GPUs. */
const SERVER_IMAGE = /(^|\/)(vllm-openai|vllm-openai-rocm|text-generation-inference|sglang|lmdeploy)$/;
/** Commands that start one of those servers. */
const SERVER_COMMAND = /\bvllm\s+serve\b|\bvllm\.entrypoints\b|\btext-generation-launcher\b|\bsglang\.launch_server\b|\blmdeploy\s+serve\b/;
/** Options that set how many GPUs the model is split over. */
const PARALLEL = new Set(['--tensor-parallel-size', '-tp', '--tp', '--tp-size', '--num-shard', '--pipeline-parallel-size', '-pp', '--pp-size', '--data-parallel-size', '-dp', '--dp-size']);

export const rule: ComposeRule = {
  id: 'inference-multi-gpu-shm-size',
  kind: 'compose',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: 'A vLLM, TGI, SGLang or LMDeploy service that splits a model over several GPUs with the default 64 MB `/dev/shm`.',
    rationale:
      'With tensor or pipeline parallelism the server runs one worker per GPU, and NCCL and PyTorch pass data between ' +
      'them through `/dev/shm`. Docker gives a container 64 MB of it, so the server hangs or dies with NCCL or bus errors ' +
      'while loading the model or at the first large batch; the vLLM and TGI documentation both ask for `ipc: host` or ' +
      'a larger `shm_size`. The rule needs the server (its image or its command) and more than one GPU (a parallelism ' +
      'option over 1, `NUM_SHARD`, or more than one GPU reserved). Set `shm_size` (the fix adds 8 GB, which only caps ' +
      'what the container may use) or `ipc: host`.',
    bad:
      'services:\n  llm:\n    image: vllm/vllm-openai:v0.6.3\n    command: --model meta-llama/Llama-3.1-70B-Instruct --tensor-parallel-size 4\n' +
      '    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 4\n              capabilities: [gpu]\n',
    good:
      'services:\n  llm:\n    image: vllm/vllm-openai:v0.6.3\n    ipc: host\n    command: --model meta-llama/Llama-3.1-70B-Instruct --tensor-parallel-size 4\n' +
      '    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 4\n              capabilities: [gpu]\n',
    fixSafety: 'unsafe',
  },
  messages: {
    shm: '`{service}` runs {server} on {gpus} GPUs ({reason}) with Docker\'s 64 MB /dev/shm, which NCCL between the GPUs outgrows; set `shm_size` or `ipc: host`.',
  },
  check(ctx) {
    const { model } = ctx;
    const editable = model.syntaxErrors.length === 0;
    for (const service of model.services) {
      const requests = gpuRequests(model, service).filter((r) => r.count !== 0);
      if (requests.length === 0) continue;
      if (text(model.doc, get(model, service, 'shm_size')) !== undefined || sharesMemory(model, service)) continue;
      const server = serverOf(model, service);
      if (!server) continue;
      const parallel = parallelism(model, service);
      const reserved = requests.reduce((most, r) => Math.max(most, typeof r.count === 'number' ? r.count : r.deviceIds?.length ?? 0), 0);
      const gpus = parallel ? parallel.size : reserved;
      if (gpus < 2) continue;
      // A training launcher in the same service is gpu-training-shm-size's finding.
      if (trainingSignal(ctx, service)) continue;
      const edit = editable ? addShmSize(model, service) : undefined;
      ctx.report({
        messageId: 'shm',
        data: { service: service.name, server, gpus, reason: parallel ? `\`${parallel.option}\`` : 'GPUs reserved' },
        range: service.keyRange,
        fixes: edit ? [{ title: 'Set `shm_size: "8gb"`', preferred: true, safe: false, edits: [edit] }] : [],
      });
    }
  },
};

/** The command and entrypoint of a service as words. */
function commandWords(model: ComposeModel, service: ComposeService): string[] {
  const words: string[] = [];
  for (const key of ['entrypoint', 'command']) {
    const node = get(model, service, key);
    if (node === undefined) continue;
    const parts = isScalar(node) ? [text(model.doc, node) ?? ''] : items(model.doc, node).map((item) => text(model.doc, item) ?? '');
    for (const part of parts) for (const word of part.split(/\s+/)) if (word !== '') words.push(word);
  }
  return words;
}

/** Which inference server the service runs, from its image or its command; undefined for anything else. */
function serverOf(model: ComposeModel, service: ComposeService): string | undefined {
  const image = text(model.doc, get(model, service, 'image'));
  const ref = image === undefined ? undefined : parseImageRef(image);
  if (ref && SERVER_IMAGE.test(ref.repository)) return `\`${ref.repository.split('/').pop()}\``;
  const found = SERVER_COMMAND.exec(commandWords(model, service).join(' '));
  return found ? `\`${found[0]}\`` : undefined;
}

/** The number of GPUs a parallelism option (or TGI's `NUM_SHARD`) asks for, the largest if several. */
function parallelism(model: ComposeModel, service: ComposeService): { size: number; option: string } | undefined {
  let best: { size: number; option: string } | undefined;
  const consider = (option: string, value: string | undefined) => {
    const size = Number(value);
    if (Number.isInteger(size) && size > (best?.size ?? 0)) best = { size, option: `${option} ${size}` };
  };
  const words = commandWords(model, service);
  for (let i = 0; i < words.length; i++) {
    const eq = words[i].indexOf('=');
    const name = eq > 0 ? words[i].slice(0, eq) : words[i];
    if (PARALLEL.has(name)) consider(name, eq > 0 ? words[i].slice(eq + 1) : words[i + 1]);
  }
  const environment = get(model, service, 'environment');
  if (isMap(environment)) consider('NUM_SHARD', text(model.doc, valueAt(model.doc, environment, 'NUM_SHARD')));
  for (const item of items(model.doc, environment)) {
    const entry = text(model.doc, item) ?? '';
    if (entry.startsWith('NUM_SHARD=')) consider('NUM_SHARD', entry.slice('NUM_SHARD='.length));
  }
  return best;
}
