// `runtime: nvidia` and a bare `NVIDIA_VISIBLE_DEVICES` are the nvidia-docker2-era way to get GPUs; Compose reserves them with device requests.
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from '../../compose/yamlNodes';
import {
  columnAt, deleteLines, EnvironmentVariable, gpuRequests, insertLinesAfter, lastLineOf, removePair, sequenceIndent,
  serviceEntries, startsLine, visibleDevicesVariable,
} from '../../compose/gpu';
import type { ComposeModel, ComposeService } from '../../compose/model';
import { entry, Entry, resolve, span } from '../../compose/yaml';
import type { ComposeRule, FileEdit } from '../types';

/** The keys from a service down to its device reservations. */
const PATH = ['deploy', 'resources', 'reservations', 'devices'];

export const rule: ComposeRule = {
  id: 'gpu-legacy-runtime',
  kind: 'compose',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: 'A service that gets its GPUs only from `runtime: nvidia` or `NVIDIA_VISIBLE_DEVICES`, not from a device reservation.',
    rationale:
      '`runtime: nvidia` works only on hosts where the `nvidia` runtime is registered with Docker (the old nvidia-docker2 ' +
      'setup), and `NVIDIA_VISIBLE_DEVICES` on its own works only where that runtime is the default. Neither says how many ' +
      'GPUs the service needs, and with an image that does not set `NVIDIA_VISIBLE_DEVICES` the runtime exposes none. A ' +
      'device reservation under `deploy.resources.reservations.devices` uses Docker\'s built-in GPU support (what ' +
      '`docker run --gpus` uses) with the NVIDIA Container Toolkit, states the GPUs the service needs, and is the form the ' +
      'Compose documentation describes. The fix replaces `runtime: nvidia` with a reservation of the GPUs that ' +
      '`NVIDIA_VISIBLE_DEVICES` names (all of them when it says `all` or is not set).',
    bad:
      'services:\n  triton:\n    image: nvcr.io/nvidia/tritonserver:24.05-py3\n    runtime: nvidia\n    environment:\n' +
      '      NVIDIA_VISIBLE_DEVICES: "0,1"\n',
    good:
      'services:\n  triton:\n    image: nvcr.io/nvidia/tritonserver:24.05-py3\n    deploy:\n      resources:\n        reservations:\n' +
      '          devices:\n            - driver: nvidia\n              device_ids: ["0", "1"]\n              capabilities: [gpu]\n',
    fixSafety: 'unsafe',
  },
  messages: {
    runtime: '`runtime: nvidia` is the legacy way to get GPUs and says nothing about how many; reserve them under `deploy.resources.reservations.devices`.',
    environment: '`NVIDIA_VISIBLE_DEVICES` alone gives GPUs only where the NVIDIA runtime is Docker\'s default; reserve them under `deploy.resources.reservations.devices`.',
  },
  check(ctx) {
    const { model } = ctx;
    // A tree with syntax errors is partial: edits computed from it could break the file further.
    const editable = model.syntaxErrors.length === 0;
    for (const service of model.services) {
      const requests = gpuRequests(model, service);
      if (requests.length === 0 || requests.some((r) => r.source !== 'runtime' && r.source !== 'environment')) continue;
      const runtime = requests.find((r) => r.source === 'runtime');
      const variable = visibleDevicesVariable(model, service);
      const merged = requests.some((r) => r.merged);
      // Inherited settings are reported where the service uses them, and not edited in their anchor.
      const range = merged ? service.keyRange : runtime ? model.rangeOf(serviceEntries(model, service).get('runtime')!.keyNode)! : requests[0].range;
      const edits = merged || !editable ? undefined : reserveDevices(model, service, variable);
      ctx.report({
        messageId: runtime ? 'runtime' : 'environment',
        range,
        fixes: edits ? [{ title: 'Reserve the GPUs under `deploy.resources.reservations.devices`', preferred: true, safe: false, edits }] : [],
      });
    }
  },
};

/** True for a mapping written as a block in place (not an alias), or for an empty value that a block can fill. */
function blockOrEmpty(found: Entry | undefined, node: Node | null): boolean {
  if (!found || found.merged || isAlias(found.value)) return false;
  return node === null || (isScalar(node) && node.value === null) || (isMap(node) && !node.flow);
}

/**
 * Removes `runtime: nvidia` (and `NVIDIA_VISIBLE_DEVICES` when it says `all`) and reserves the GPUs it named under
 * `deploy.resources.reservations.devices`, creating the levels that are missing. Undefined when the variable comes
 * from the shell or a variable, or when the YAML around it is not written as plain blocks.
 */
function reserveDevices(model: ComposeModel, service: ComposeService, variable: EnvironmentVariable | undefined): FileEdit[] | undefined {
  const serviceMap = service.node;
  if (!isMap(serviceMap) || serviceMap.flow || serviceMap.items.length === 0) return undefined;
  let ids: string[] | undefined;
  let dropVariable = false;
  if (variable) {
    const value = variable.value?.trim();
    if (value === undefined || value.includes('$')) return undefined;
    dropVariable = value === 'all';
    if (!dropVariable) ids = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
  const unit = model.indentUnit;

  // Walk down the path as far as it exists: to the deepest mapping written here, or to a key with an empty value.
  let container: YAMLMap = serviceMap;
  let holder: Pair<Node, Node | null> | undefined;
  let depth = 0;
  while (depth < PATH.length - 1) {
    const found = entry(model.doc, container, PATH[depth]);
    if (!found) break;
    const value = resolve(model.doc, found.value);
    if (!blockOrEmpty(found, value)) return undefined;
    depth++;
    if (!isMap(value)) {
      holder = found.pair;
      break;
    }
    container = value;
  }
  // Devices that are reserved already (none of them a GPU) are left to the user.
  if (!holder && depth === PATH.length - 1 && entry(model.doc, container, 'devices')) return undefined;
  const column = holder
    ? columnAt(model, span(holder.key as Node)![0]) + unit
    : columnAt(model, span((container.items[0] as Pair<Node>).key)![0]);
  const block = PATH.slice(depth).map((key, level) => ' '.repeat(column + level * unit) + `${key}:`);
  const dash = ' '.repeat(column + (PATH.length - 1 - depth) * unit + sequenceIndent(model));
  block.push(`${dash}- driver: nvidia`);
  block.push(ids ? `${dash}  device_ids: [${ids.map((id) => JSON.stringify(id)).join(', ')}]` : `${dash}  count: all`);
  block.push(`${dash}  capabilities: [gpu]`);

  const edits: FileEdit[] = [];
  const runtime = entry(model.doc, serviceMap, 'runtime');
  const runtimeLine = runtime && startsLine(model, span(runtime.keyNode)![0]) ? model.lines.positionAt(span(runtime.keyNode)![0]).line : undefined;
  if (runtime && depth === 0 && runtimeLine !== undefined) {
    // The new `deploy:` takes the place of `runtime: nvidia`.
    edits.push(deleteLines(model.lines, runtimeLine, lastLineOf(model, runtime.pair)));
    edits.push(insertLinesAfter(model.lines, lastLineOf(model, runtime.pair), block));
  } else {
    if (runtime) {
      const removed = removePair(model, serviceMap, runtime.pair);
      if (!removed) return undefined;
      edits.push(removed);
    }
    edits.push(insertLinesAfter(model.lines, lastLineOf(model, holder ?? container), block));
  }
  if (dropVariable && variable) {
    const removed = removeVariable(model, serviceMap, variable);
    if (!removed) return undefined;
    edits.push(removed);
  }
  return edits;
}

/** Removes the `NVIDIA_VISIBLE_DEVICES` entry, or the whole `environment:` when it is the only one. */
function removeVariable(model: ComposeModel, serviceMap: YAMLMap, variable: EnvironmentVariable): FileEdit | undefined {
  const environment = entry(model.doc, serviceMap, 'environment');
  const value = resolve(model.doc, environment?.value);
  if (!environment || environment.merged || isAlias(environment.value)) return undefined;
  const count = isMap(value) || isSeq(value) ? value.items.length : 0;
  if (count === 1) return removePair(model, serviceMap, environment.pair);
  if (isMap(value) && variable.pair) return removePair(model, value, variable.pair);
  const itemStart = span(variable.node)![0];
  const line = model.lines.positionAt(itemStart).line;
  if (isSeq(value) && !value.flow && /^\s*-\s+$/.test(model.text.slice(model.lines.lineStart(line), itemStart))) {
    return deleteLines(model.lines, line, lastLineOf(model, variable.node));
  }
  return undefined;
}
