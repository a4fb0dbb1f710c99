// Devices can only be reserved: Compose rejects `devices` under `deploy.resources.limits`, which is where GPUs often land by mistake.
import { isAlias, isMap, isScalar, type Node, type Pair, type YAMLMap } from '../../compose/yamlNodes';
import { columnAt, deleteLines, insertLinesAfter, lastLineOf, serviceEntries, startsLine } from '../../compose/gpu';
import type { ComposeModel } from '../../compose/model';
import { entry, Entry, resolve, span } from '../../compose/yaml';
import type { ComposeRule, FileEdit } from '../types';

export const rule: ComposeRule = {
  id: 'gpu-devices-in-limits',
  kind: 'compose',
  severity: 'error',
  fixable: true,
  docs: {
    summary: '`devices` under `deploy.resources.limits`, where Compose does not accept it.',
    rationale:
      'In `deploy.resources`, `limits` caps CPU, memory and PIDs, and only `reservations` takes `devices`: GPUs are ' +
      'reserved, not limited. `docker compose` rejects `devices` under `limits` as an unknown property, so the stack does ' +
      'not start. Move the list under `reservations`.',
    bad:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    shm_size: 8gb\n    deploy:\n      resources:\n' +
      '        limits:\n          memory: 32g\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n',
    good:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    shm_size: 8gb\n    deploy:\n      resources:\n' +
      '        limits:\n          memory: 32g\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n',
    fixSafety: 'unsafe',
  },
  messages: {
    limits: 'Compose accepts `devices` only under `reservations`, not `limits`; move it under `reservations`.',
  },
  check(ctx) {
    const { model } = ctx;
    const seen = new Set<object>();
    // A tree with syntax errors is partial: edits computed from it could break the file further.
    const editable = model.syntaxErrors.length === 0;
    for (const service of model.services) {
      const deploy = resolve(model.doc, serviceEntries(model, service).get('deploy')?.value);
      const resources = resolve(model.doc, entry(model.doc, deploy, 'resources')?.value);
      const limits = entry(model.doc, resources, 'limits');
      const devices = limits && entry(model.doc, limits.value, 'devices');
      if (!limits || !devices || seen.has(devices.pair)) continue;
      seen.add(devices.pair);
      const edits = isMap(resources) && editable ? moveToReservations(model, resources, limits, devices) : undefined;
      ctx.report({
        messageId: 'limits',
        range: model.rangeOf(devices.keyNode)!,
        fixes: edits ? [{ title: 'Move `devices` under `reservations`', preferred: true, safe: false, edits }] : [],
      });
    }
  },
};

/**
 * Moves the `devices` lines from `limits` to `reservations`, which is created next to `limits` when missing (by renaming
 * `limits` when `devices` is all it holds). Undefined when an entry involved is inherited, written in flow style, or
 * when `reservations` already has devices.
 */
function moveToReservations(model: ComposeModel, resources: YAMLMap, limits: Entry, devices: Entry): FileEdit[] | undefined {
  const limitsMap = resolve(model.doc, limits.value);
  // Every node moved or edited must be written where it is used, not reached through an alias or a merge key.
  if (resources.flow || !isMap(limitsMap) || limitsMap.flow || limits.merged || devices.merged || isAlias(limits.value)) return undefined;
  const devicesStart = span(devices.keyNode)![0];
  if (!startsLine(model, devicesStart)) return undefined;
  const lines = model.lines;
  const first = lines.positionAt(devicesStart).line;
  const last = lastLineOf(model, devices.pair);
  const onlyDevices = limitsMap.items.length === 1;
  const reservations = entry(model.doc, resources, 'reservations');
  if (!reservations) {
    if (onlyDevices) return [{ range: model.rangeOf(limits.keyNode)!, newText: 'reservations' }];
    const column = columnAt(model, span(limits.keyNode)![0]);
    const moved = [' '.repeat(column) + 'reservations:', ...linesOf(model, first, last, 0)];
    return [deleteLines(lines, first, last), insertLinesAfter(lines, lastLineOf(model, limits.pair), moved)];
  }
  const reserved = resolve(model.doc, reservations.value);
  const empty = reserved === null || (isScalar(reserved) && reserved.value === null);
  if (reservations.merged || isAlias(reservations.value) || (!empty && (!isMap(reserved) || reserved.flow)) || entry(model.doc, reserved, 'devices')) return undefined;
  const firstKey = isMap(reserved) ? (reserved.items[0] as Pair<Node> | undefined)?.key : undefined;
  const firstKeyStart = firstKey ? span(firstKey)?.[0] : undefined;
  const column = firstKeyStart !== undefined
    ? columnAt(model, firstKeyStart)
    : columnAt(model, span(reservations.keyNode)![0]) + model.indentUnit;
  const moved = linesOf(model, first, last, column - columnAt(model, devicesStart));
  const removed = onlyDevices ? deleteLines(lines, lines.positionAt(span(limits.keyNode)![0]).line, last) : deleteLines(lines, first, last);
  return [removed, insertLinesAfter(lines, lastLineOf(model, reservations.pair), moved)];
}

/** The text of whole lines, shifted right (or left, as far as their indentation allows) by `shift` columns. */
function linesOf(model: ComposeModel, first: number, last: number, shift: number): string[] {
  const out: string[] = [];
  for (let line = first; line <= last; line++) {
    const text = model.lines.lineText(line);
    if (text.trim() === '' || shift === 0) out.push(text);
    else if (shift > 0) out.push(' '.repeat(shift) + text);
    else out.push(text.slice(Math.min(-shift, text.length - text.trimStart().length)));
  }
  return out;
}
