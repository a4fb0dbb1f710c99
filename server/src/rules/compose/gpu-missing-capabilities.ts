// A device reservation without `capabilities` is rejected by Compose, or with only a `driver` by older Docker Engines; a GPU needs `capabilities: [gpu]`.
import type { Node, Pair, YAMLMap } from '../../compose/yamlNodes';
import { columnAt, DeviceRequest, deviceRequests, insertLinesAfter, lastLineOf } from '../../compose/gpu';
import type { ComposeModel } from '../../compose/model';
import { span } from '../../compose/yaml';
import type { ComposeRule, FileEdit } from '../types';

const CAPABILITIES = 'capabilities: [gpu]';

export const rule: ComposeRule = {
  id: 'gpu-missing-capabilities',
  kind: 'compose',
  severity: 'error',
  fixable: true,
  docs: {
    summary: 'A device reservation under `deploy.resources.reservations.devices` without `capabilities`.',
    rationale:
      'Docker picks the device driver of a reservation by its capabilities, and the Compose Specification makes ' +
      '`capabilities` the one required field: `docker compose` refuses an entry without it. The newest Compose releases ' +
      'accept an entry that names a `driver` instead, but Docker Engines from before drivers were matched by name then ' +
      'fail to start the container with `could not select device driver "nvidia" with capabilities: [[]]`. ' +
      '`capabilities: [gpu]` works with every version. The `gpus:` attribute does not need it: Compose adds `gpu` itself.',
    bad:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    shm_size: 8gb\n    deploy:\n      resources:\n' +
      '        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n',
    good:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    shm_size: 8gb\n    deploy:\n      resources:\n' +
      '        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n',
    fixSafety: 'unsafe',
  },
  messages: {
    missing: 'This device reservation has neither `capabilities` nor `driver`, so Compose rejects it; add `capabilities: [gpu]`.',
    missingWithDriver: 'This GPU reservation has no `capabilities`, which older Compose releases reject and older Docker Engines cannot start; add `capabilities: [gpu]`.',
    missingOther: 'This device reservation has no `capabilities`, which older Compose releases reject; list the capabilities the device must have.',
  },
  check(ctx) {
    const seen = new Set<YAMLMap>();
    // A tree with syntax errors is partial: edits computed from it could break the file further.
    const editable = ctx.model.syntaxErrors.length === 0;
    for (const service of ctx.model.services) {
      for (const device of deviceRequests(ctx.model, service)) {
        // An entry shared through an anchor is reported once, where it is written.
        if (device.source !== 'deploy' || device.fields.has('capabilities') || seen.has(device.map)) continue;
        seen.add(device.map);
        const first = device.map.items[0] as Pair<Node> | undefined;
        const range = !device.map.flow && first ? ctx.model.rangeOf(first.key) : device.range;
        const edit = device.gpu && editable ? addCapabilities(ctx.model, device) : undefined;
        ctx.report({
          messageId: !device.gpu ? 'missingOther' : device.driver === undefined ? 'missing' : 'missingWithDriver',
          range: range ?? device.range,
          fixes: edit ? [{ title: 'Add `capabilities: [gpu]`', preferred: true, safe: false, edits: [edit] }] : [],
        });
      }
    }
  },
};

/** Adds `capabilities: [gpu]` as the entry's last key: a line at its keys' column, or a pair before the closing brace. */
function addCapabilities(model: ComposeModel, device: DeviceRequest): FileEdit | undefined {
  const map = device.map;
  const pairs = map.items as Pair<Node>[];
  if (map.flow) {
    const last = pairs[pairs.length - 1];
    const at = last ? span(last)?.[1] : (span(map)?.[1] ?? 0) - 1;
    if (at === undefined || at < 0) return undefined;
    const position = model.lines.positionAt(at);
    return { range: { start: position, end: position }, newText: last ? `, ${CAPABILITIES}` : CAPABILITIES };
  }
  const keyStart = pairs[0] ? span(pairs[0].key)?.[0] : undefined;
  if (keyStart === undefined) return undefined;
  return insertLinesAfter(model.lines, lastLineOf(model, map), [' '.repeat(columnAt(model, keyStart)) + CAPABILITIES]);
}
