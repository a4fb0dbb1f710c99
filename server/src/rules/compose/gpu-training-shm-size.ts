// PyTorch training on GPUs needs more than Docker's 64 MB /dev/shm: DataLoader workers and NCCL die with bus errors without it.
import { isMap, isScalar, type Node, type Pair } from '../../compose/yamlNodes';
import { columnAt, gpuRequests, insertLinesAfter, lastLineOf, serviceEntries } from '../../compose/gpu';
import type { ComposeModel, ComposeService } from '../../compose/model';
import { items, resolve, span, text, valueAt } from '../../compose/yaml';
import type { Stage } from '../../dockerfile/model';
import { parseImageRef } from '../../images/imageRef';
import { describeImage } from '../../images/knowledge';
import type { ComposeContext, ComposeRule, FileEdit } from '../types';

/** Launchers and scripts that mean PyTorch training. */
const TRAINING = /\btorchrun\b|\btorch\.distributed\b|\baccelerate\s+launch\b|\bdeepspeed\b|\b(?:pre)?train[\w-]*\.py\b|\bfine[-_]?tun(?:e|ing)[\w-]*\.py\b/;

/** `ipc` modes that keep a private /dev/shm of the default size. */
const PRIVATE_IPC = new Set(['private', 'shareable', 'none']);

const SHM_SIZE = 'shm_size: "8gb"';

export const rule: ComposeRule = {
  id: 'gpu-training-shm-size',
  kind: 'compose',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: 'A GPU service that runs PyTorch training with the default 64 MB `/dev/shm`.',
    rationale:
      'Docker gives each container a 64 MB `/dev/shm`. PyTorch `DataLoader` workers pass every batch through shared memory, ' +
      'and NCCL uses it between GPUs, so training dies with "bus error" or "DataLoader worker exited unexpectedly" once a ' +
      'few batches are in flight. The rule looks for the PyTorch images (`pytorch/pytorch`, `nvcr.io/nvidia/pytorch`) and ' +
      'for `torchrun`, `torch.distributed`, `accelerate launch`, `deepspeed` or a `train*.py` script in the command, the ' +
      'entrypoint, or the built Dockerfile\'s CMD and ENTRYPOINT. Set `shm_size` (the fix adds 8 GB, which only caps what ' +
      'the container may use), or share the host\'s IPC namespace with `ipc: host`. A PyTorch image counts as training ' +
      'only when the service runs no command of its own: a web UI or a model server on a PyTorch base is not training.',
    bad:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    command: torchrun --nproc_per_node=2 train.py\n' +
      '    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 2\n              capabilities: [gpu]\n',
    good:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    shm_size: "8gb"\n    command: torchrun --nproc_per_node=2 train.py\n' +
      '    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 2\n              capabilities: [gpu]\n',
    fixSafety: 'unsafe',
  },
  messages: {
    shm: '`{service}` trains with PyTorch on GPUs ({reason}) but keeps Docker\'s 64 MB /dev/shm, which DataLoader workers outgrow; set `shm_size` or `ipc: host`.',
  },
  check(ctx) {
    const { model } = ctx;
    // A tree with syntax errors is partial: edits computed from it could break the file further.
    const editable = model.syntaxErrors.length === 0;
    for (const service of model.services) {
      if (!gpuRequests(model, service).some((r) => r.count !== 0)) continue;
      if (text(model.doc, get(model, service, 'shm_size')) !== undefined || sharesMemory(model, service)) continue;
      const reason = trainingSignal(ctx, service);
      if (!reason) continue;
      const edit = editable ? addShmSize(model, service) : undefined;
      ctx.report({
        messageId: 'shm',
        data: { service: service.name, reason },
        range: service.keyRange,
        fixes: edit ? [{ title: 'Set `shm_size: "8gb"`', preferred: true, safe: false, edits: [edit] }] : [],
      });
    }
  },
};

/** A top-level value of a service, merge keys followed. */
export function get(model: ComposeModel, service: ComposeService, key: string): Node | undefined {
  return resolve(model.doc, serviceEntries(model, service).get(key)?.value) ?? undefined;
}

/** True when `/dev/shm` comes from elsewhere: the host's or another container's IPC namespace, a mount, a tmpfs. */
export function sharesMemory(model: ComposeModel, service: ComposeService): boolean {
  const ipc = text(model.doc, get(model, service, 'ipc'));
  if (ipc !== undefined && !PRIVATE_IPC.has(ipc)) return true;
  const targets: string[] = [];
  for (const volume of items(model.doc, get(model, service, 'volumes'))) {
    const short = text(model.doc, volume);
    if (short !== undefined) targets.push(short.split(':')[1] ?? short);
    else targets.push(text(model.doc, valueAt(model.doc, volume, 'target')) ?? '');
  }
  const tmpfs = get(model, service, 'tmpfs');
  for (const mount of isScalar(tmpfs) ? [tmpfs] : items(model.doc, tmpfs)) targets.push((text(model.doc, mount) ?? '').split(':')[0]);
  return targets.some((t) => t.replace(/\/+$/, '') === '/dev/shm');
}

/** Why the service looks like PyTorch training: its image, or a launcher or script in what it runs; undefined if it does not. */
export function trainingSignal(ctx: ComposeContext, service: ComposeService): string | undefined {
  const { model } = ctx;
  const commands: Record<'command' | 'entrypoint', string | undefined> = { command: undefined, entrypoint: undefined };
  for (const key of ['command', 'entrypoint'] as const) {
    const node = get(model, service, key);
    const words = items(model.doc, node).map((i) => text(model.doc, i) ?? '');
    commands[key] = node === undefined || (isScalar(node) && node.value === null) ? undefined : words.length > 0 ? words.join(' ') : text(model.doc, node);
  }
  let image: string | undefined;
  if (get(model, service, 'build')) {
    const build = ctx.build(service);
    const dockerfile = build?.dockerfile;
    const stage = dockerfile && (build.target ? dockerfile.stageRef(build.target.name) : dockerfile.finalStage);
    if (stage) {
      const chain = stageChain(stage);
      image = chain[chain.length - 1].baseText;
      // The Dockerfile's CMD and ENTRYPOINT apply unless Compose overrides them.
      for (const keyword of ['CMD', 'ENTRYPOINT'] as const) {
        const key = keyword === 'CMD' ? 'command' : 'entrypoint';
        if (commands[key] !== undefined) continue;
        const last = chain.map((s) => s.instructions.filter((i) => i.keyword === keyword).pop()).find((i) => i !== undefined);
        commands[key] = last?.argsText;
      }
    }
  } else {
    image = text(model.doc, get(model, service, 'image'));
  }
  for (const value of [commands.entrypoint, commands.command]) {
    const launcher = value === undefined ? null : TRAINING.exec(value);
    if (launcher) return `\`${launcher[0]}\``;
  }
  // A PyTorch image is training only when nothing else is run in it: with a command of its own (a web UI, a model
  // server) the base says nothing about training.
  if (commands.command !== undefined || commands.entrypoint !== undefined) return undefined;
  const ref = image === undefined ? undefined : parseImageRef(image);
  if (ref && (describeImage(ref)?.family === 'pytorch' || (ref.registry === 'nvcr.io' && ref.repository === 'nvidia/pytorch'))) return `\`${image}\``;
  return undefined;
}

/** The stage and the stages it is built on, latest first, so that the first stage with a CMD has the one that applies. */
function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.parent) chain.push(s);
  return chain;
}

/** Adds `shm_size` after the service's own `image:` or `build:`, or as its first key, at its keys' column. */
export function addShmSize(model: ComposeModel, service: ComposeService): FileEdit | undefined {
  const map = service.node;
  if (!isMap(map) || map.flow || map.items.length === 0) return undefined;
  const after = [...serviceEntries(model, service).values()]
    .filter((e) => !e.merged && (e.name === 'image' || e.name === 'build'))
    .sort((a, b) => (span(a.pair)?.[1] ?? 0) - (span(b.pair)?.[1] ?? 0))
    .pop();
  const firstKey = span((map.items[0] as Pair<Node>).key)?.[0];
  if (firstKey === undefined) return undefined;
  const line = after ? lastLineOf(model, after.pair) : model.lines.positionAt(span(service.keyNode)![0]).line;
  const column = after ? columnAt(model, span(after.keyNode)![0]) : columnAt(model, firstKey);
  return insertLinesAfter(model.lines, line, [' '.repeat(column) + SHM_SIZE]);
}
