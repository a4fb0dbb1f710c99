// Every GPU request of a Compose service, in each form Compose and Docker accept: device reservations under
// `deploy.resources.reservations.devices`, the `gpus:` attribute, CDI names under `devices:`, and the legacy
// `runtime: nvidia` and `NVIDIA_VISIBLE_DEVICES`. The GPU rules read requests from here, hovers describe them
// in words, and the GPU fixes share the YAML edits at the end of this file.
import { visit } from 'yaml';
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from './yamlNodes';
import type { Range } from 'vscode-languageserver-types';
import type { FileEdit } from '../rules/types';
import { memoized, MemoKey, memoKey, remembered } from '../support/memo';
import type { LineIndex } from '../text';
import type { ComposeModel, ComposeService } from './model';
import { entries, entry, Entry, items, resolve, span, text } from './yaml';

/** Where a request is written. */
export type GpuSource =
  /** An entry of `deploy.resources.reservations.devices`. */
  | 'deploy'
  /** `gpus: all` or an item of a `gpus:` list (Compose 2.30 and later). */
  | 'gpus'
  /** A CDI device name under `devices:`, such as `nvidia.com/gpu=all`. */
  | 'cdi'
  /** `runtime: nvidia`, which exposes what `NVIDIA_VISIBLE_DEVICES` names. */
  | 'runtime'
  /** `NVIDIA_VISIBLE_DEVICES` in `environment:`, which only the NVIDIA runtime reads. */
  | 'environment';

export type GpuVendor = 'nvidia' | 'amd';

/** A number of GPUs, or every GPU of the host. */
export type GpuCount = number | 'all';

/** What Compose makes of a `count:` value. */
export interface CountReading {
  /** The value as written, without quotes. */
  text: string;
  /** The count Docker applies; undefined when it comes from a variable or Compose rejects the value. */
  value?: GpuCount;
  /**
   * What is wrong with it: `zero` reserves nothing, `negative` is read as `all`, `invalid` (a fraction, a word,
   * an empty value) makes Compose reject the file.
   */
  problem?: 'zero' | 'negative' | 'invalid';
  /** True when the value contains `${VAR}` interpolation, which only Compose can resolve. */
  interpolated: boolean;
}

/** One entry of `deploy.resources.reservations.devices`, or one item of a `gpus:` list, GPU or not. */
export interface DeviceRequest {
  source: 'deploy' | 'gpus';
  service: ComposeService;
  /** The entry's mapping, aliases resolved. */
  map: YAMLMap;
  range: Range;
  /** The entry's keys, merge-aware; an entry's `merged` is relative to this mapping. */
  fields: ReadonlyMap<string, Entry>;
  /** True when the entry is inherited by the service through a merge key at some level above it. */
  merged: boolean;
  driver?: string;
  /** Undefined when the key is missing (Compose requires it under `deploy`, or, in its newest releases, a `driver`). */
  capabilities?: string[];
  deviceIds?: string[];
  /** Undefined when the key is missing (Compose then reserves every matching device). */
  count?: CountReading;
  /** True when the entry asks for GPUs rather than another kind of device (a TPU, a vendor-specific one). */
  gpu: boolean;
  vendor?: GpuVendor;
}

/** One way in which a service asks for GPUs. */
export interface GpuRequest {
  service: ComposeService;
  source: GpuSource;
  /**
   * The node that makes the request: the device request's mapping, the `gpus` scalar, the `devices` item, the
   * `runtime` value, or the `environment` value (or list item, or key when the value is empty).
   */
  node: Node;
  /** Where to point at the request: the entry, the value, or the variable's name. */
  range: Range;
  /** True when the request is inherited through a merge key, so that fixes must not edit it in place. */
  merged: boolean;
  vendor?: GpuVendor;
  driver?: string;
  /** How many GPUs Docker exposes; undefined when it depends on a variable, on the image, or on invalid input. */
  count?: GpuCount;
  /** The devices named (indexes, UUIDs, MIG ids), when the request names them. */
  deviceIds?: string[];
  capabilities: string[];
  /** The device request behind a `deploy` or `gpus` list request. */
  device?: DeviceRequest;
}

/** The NVIDIA driver capabilities that Docker's NVIDIA device driver understands besides `gpu`. */
const NVIDIA_CAPABILITIES = new Set(['nvidia', 'compute', 'compat32', 'graphics', 'utility', 'video', 'display']);
const GPU_DRIVERS = new Set(['nvidia', 'amd']);
const CDI_GPU = /^(nvidia\.com|amd\.com)\/gpu=(.+)$/;
const VISIBLE_DEVICES = 'NVIDIA_VISIBLE_DEVICES';

interface Walked {
  node: Node | null;
  merged: boolean;
}

/** A service's keys, merge keys followed: each by its name, and all of them in order. */
export interface ServiceKeys {
  get(key: string): Entry | undefined;
  values(): readonly Entry[];
}

/** A service's keys, merge keys followed (yaml.ts keeps each mapping's entries once computed). */
export function serviceEntries(model: ComposeModel, service: ComposeService): ServiceKeys {
  return { get: (key) => entry(model.doc, service.node, key), values: () => entries(model.doc, service.node) };
}

/** Follows a path of keys from a service, remembering whether any step came in through a merge key. */
function walk(model: ComposeModel, service: ComposeService, ...path: string[]): Walked | undefined {
  let node: Node | null = service.node;
  let merged = false;
  for (const key of path) {
    const found = entry(model.doc, node, key);
    if (!found) return undefined;
    node = resolve(model.doc, found.value);
    merged ||= found.merged;
  }
  return { node, merged };
}

/** A list of strings as Compose reads one: a sequence of scalars, or a single scalar. */
function stringList(model: ComposeModel, node: Node | null): string[] {
  const resolved = resolve(model.doc, node);
  if (isSeq(resolved)) return items(model.doc, resolved).map((i) => text(model.doc, i)).filter((s): s is string => s !== undefined);
  const single = text(model.doc, resolved);
  return single === undefined ? [] : [single];
}

/** The source text of a scalar as written, without quotes. */
function written(node: Scalar): string {
  return typeof node.source === 'string' ? node.source : String(node.value ?? '');
}

/**
 * Reads a `count:` value as Compose does: a positive integer, a string of digits (`"2"`), or `all` in any case.
 * Zero and negative numbers load but misbehave; fractions, words and empty values are rejected.
 */
export function readCount(model: ComposeModel, node: Node | null): CountReading {
  const resolved = resolve(model.doc, node);
  if (!isScalar(resolved) || resolved.value === null || resolved.value === undefined) {
    const source = isScalar(resolved) ? written(resolved) : model.text.slice(...(span(resolved) ?? [0, 0]));
    return { text: source, problem: 'invalid', interpolated: false };
  }
  const raw = written(resolved);
  if (raw.includes('$')) return { text: raw, interpolated: true };
  const plain = resolved.type === 'PLAIN' || resolved.type === undefined;
  let value: number | undefined;
  if (typeof resolved.value === 'number' && plain && /^[-+]?(\d+|0x[0-9a-f]+|0o[0-7]+)$/i.test(raw)) value = resolved.value;
  else if (typeof resolved.value === 'string' && /^[-+]?\d+$/.test(resolved.value)) value = Number(resolved.value);
  else if (typeof resolved.value === 'string' && resolved.value.toLowerCase() === 'all') return { text: raw, value: 'all', interpolated: false };
  if (value === undefined) return { text: raw, problem: 'invalid', interpolated: false };
  if (value === 0) return { text: raw, value: 0, problem: 'zero', interpolated: false };
  if (value < 0) return { text: raw, value: 'all', problem: 'negative', interpolated: false };
  return { text: raw, value, interpolated: false };
}

function readDeviceRequest(model: ComposeModel, service: ComposeService, source: 'deploy' | 'gpus', map: YAMLMap, merged: boolean): DeviceRequest {
  const fields = new Map(entries(model.doc, map).map((e) => [e.name, e]));
  const driver = text(model.doc, fields.get('driver')?.value)?.toLowerCase();
  const capsEntry = fields.get('capabilities');
  const capabilities = capsEntry ? stringList(model, capsEntry.value) : undefined;
  const idsEntry = fields.get('device_ids');
  const countEntry = fields.get('count');
  const caps = (capabilities ?? []).map((c) => c.toLowerCase());
  let vendor: GpuVendor | undefined;
  if (driver === 'nvidia' || driver === 'amd') vendor = driver;
  else if (caps.some((c) => NVIDIA_CAPABILITIES.has(c))) vendor = 'nvidia';
  else if (caps.includes('amd')) vendor = 'amd';
  const gpu =
    source === 'gpus' ||
    (capabilities ? caps.includes('gpu') || vendor !== undefined : driver === undefined || GPU_DRIVERS.has(driver));
  return {
    source,
    service,
    map,
    range: model.rangeOf(map)!,
    fields,
    merged,
    driver,
    capabilities,
    deviceIds: idsEntry ? stringList(model, idsEntry.value) : undefined,
    count: countEntry ? readCount(model, countEntry.value) : undefined,
    gpu,
    vendor,
  };
}

const DEVICES = memoKey<Map<ComposeService, readonly DeviceRequest[]>>('device requests');
const GPUS = memoKey<Map<ComposeService, readonly GpuRequest[]>>('gpu requests');

/** The requests of a service that makes none. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * A service's result, kept on its model under `key`. Every GPU rule asks for every service, so the lookup makes no
 * closure: `compute` is a module function.
 */
function cached<T>(key: MemoKey<Map<ComposeService, T>>, model: ComposeModel, service: ComposeService, compute: (model: ComposeModel, service: ComposeService) => T): T {
  const byService = remembered(model, key) ?? memoized(model, key, () => new Map<ComposeService, T>());
  let value = byService.get(service);
  if (value === undefined) byService.set(service, (value = compute(model, service)));
  return value;
}

/** The entries of `deploy.resources.reservations.devices` and the items of a `gpus:` list, in that order. */
export function deviceRequests(model: ComposeModel, service: ComposeService): readonly DeviceRequest[] {
  return cached(DEVICES, model, service, readDeviceRequests);
}

function readDeviceRequests(model: ComposeModel, service: ComposeService): readonly DeviceRequest[] {
  const found: DeviceRequest[] = [];
  const devices = walk(model, service, 'deploy', 'resources', 'reservations', 'devices');
  for (const item of items(model.doc, devices?.node)) {
    if (isMap(item)) found.push(readDeviceRequest(model, service, 'deploy', item, devices!.merged));
  }
  const gpus = walk(model, service, 'gpus');
  if (gpus && isSeq(gpus.node)) {
    for (const item of items(model.doc, gpus.node)) {
      if (isMap(item)) found.push(readDeviceRequest(model, service, 'gpus', item, gpus.merged));
    }
  }
  // Most services ask for no GPU: they share one empty list rather than each keeping its own.
  return found.length > 0 ? found : NONE;
}

/** What `NVIDIA_VISIBLE_DEVICES` asks for: every GPU, some, none, or something only known at run time. */
function readVisibleDevices(value: string | undefined): { count?: GpuCount; deviceIds?: string[] } | 'none' {
  if (value === undefined || value.includes('$')) return {};
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'none' || trimmed === 'void') return 'none';
  if (trimmed === 'all') return { count: 'all' };
  const ids = trimmed.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return { count: ids.length, deviceIds: ids };
}

/** Every GPU request of a service: device reservations, `gpus:`, CDI devices, `runtime: nvidia`, `NVIDIA_VISIBLE_DEVICES`. */
export function gpuRequests(model: ComposeModel, service: ComposeService): readonly GpuRequest[] {
  return cached(GPUS, model, service, readGpuRequests);
}

function readGpuRequests(model: ComposeModel, service: ComposeService): readonly GpuRequest[] {
  const found: GpuRequest[] = [];
  for (const device of deviceRequests(model, service)) {
    if (!device.gpu) continue;
    const count = device.deviceIds ? device.deviceIds.length : device.count ? device.count.value : 'all';
    found.push({
      service,
      source: device.source,
      node: device.map,
      range: device.range,
      merged: device.merged,
      vendor: device.vendor,
      driver: device.driver,
      count,
      deviceIds: device.deviceIds,
      capabilities: device.source === 'gpus' ? [...(device.capabilities ?? []), 'gpu'] : (device.capabilities ?? []),
      device,
    });
  }
  const gpus = walk(model, service, 'gpus');
  if (gpus && isScalar(gpus.node) && text(model.doc, gpus.node) === 'all') {
    found.push({ service, source: 'gpus', node: gpus.node, range: model.rangeOf(gpus.node)!, merged: gpus.merged, count: 'all', capabilities: ['gpu'] });
  }
  const devices = walk(model, service, 'devices');
  for (const item of items(model.doc, devices?.node)) {
    const name = isMap(item) ? text(model.doc, entry(model.doc, item, 'source')?.value) : text(model.doc, item);
    const match = name === undefined ? null : CDI_GPU.exec(name);
    if (!match) continue;
    const all = match[2] === 'all';
    found.push({
      service,
      source: 'cdi',
      node: item,
      range: model.rangeOf(item)!,
      merged: devices!.merged,
      vendor: match[1] === 'amd.com' ? 'amd' : 'nvidia',
      count: all ? 'all' : 1,
      deviceIds: all ? undefined : [match[2]],
      capabilities: [],
    });
  }
  const runtime = walk(model, service, 'runtime');
  if (runtime && runtime.node && text(model.doc, runtime.node) === 'nvidia') {
    found.push({ service, source: 'runtime', node: runtime.node, range: model.rangeOf(runtime.node)!, merged: runtime.merged, vendor: 'nvidia', driver: 'nvidia', capabilities: [] });
  }
  const variable = visibleDevicesVariable(model, service);
  if (variable) {
    const visible = readVisibleDevices(variable.value);
    if (visible !== 'none') {
      found.push({ service, source: 'environment', node: variable.node, range: variable.nameRange, merged: variable.merged, vendor: 'nvidia', driver: 'nvidia', capabilities: [], ...visible });
    }
  }
  // Most services ask for no GPU: they share one empty list rather than each keeping its own.
  return found.length > 0 ? found : NONE;
}

/** `NVIDIA_VISIBLE_DEVICES` as a service's `environment:` sets it, in mapping or list form. */
export interface EnvironmentVariable {
  /** The value, or undefined when it is taken from the shell (`- NAME` or `NAME:` with no value). */
  value?: string;
  /** The value scalar (mapping form, or the key when the value is empty) or the list item. */
  node: Node;
  nameRange: Range;
  /** The pair of the mapping form; the list form has only its item, `node`. */
  pair?: Pair<Node, Node | null>;
  merged: boolean;
}

/** The service's `NVIDIA_VISIBLE_DEVICES` setting, if it has one. */
export function visibleDevicesVariable(model: ComposeModel, service: ComposeService): EnvironmentVariable | undefined {
  const environment = walk(model, service, 'environment');
  if (!environment) return undefined;
  if (isMap(environment.node)) {
    const found = entry(model.doc, environment.node, VISIBLE_DEVICES);
    if (!found) return undefined;
    const value = resolve(model.doc, found.value);
    return {
      value: text(model.doc, value),
      node: value ?? found.keyNode,
      nameRange: model.rangeOf(found.keyNode)!,
      pair: found.pair,
      merged: environment.merged || found.merged,
    };
  }
  for (const item of items(model.doc, environment.node)) {
    const line = text(model.doc, item);
    if (line === undefined || (line !== VISIBLE_DEVICES && !line.startsWith(`${VISIBLE_DEVICES}=`))) continue;
    const start = item.range![0] + (isScalar(item) && item.type !== 'PLAIN' ? 1 : 0);
    return {
      value: line === VISIBLE_DEVICES ? undefined : line.slice(VISIBLE_DEVICES.length + 1),
      node: item,
      nameRange: model.lines.range(start, start + VISIBLE_DEVICES.length),
      merged: environment.merged,
    };
  }
  return undefined;
}

/** The GPU request written at an offset of the Compose file, for hovers. */
export function gpuRequestAt(model: ComposeModel, offset: number): GpuRequest | undefined {
  for (const service of model.services) {
    for (const request of gpuRequests(model, service)) {
      const [start, end] = span(request.node) ?? [-1, -1];
      if (start <= offset && offset <= end) return request;
    }
  }
  return undefined;
}

/** `0`, `0 and 1`, `0, 1 and 2`. */
function listInWords(values: string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}

/** One sentence on what a request gives the container, such as "Reserves 2 NVIDIA GPUs: devices 0 and 1." */
export function describeGpuRequest(request: GpuRequest): string {
  const kind = request.vendor === 'nvidia' ? 'NVIDIA GPU' : request.vendor === 'amd' ? 'AMD GPU' : 'GPU';
  const devices = request.deviceIds && request.deviceIds.length > 0
    ? `: ${request.deviceIds.length === 1 ? 'device' : 'devices'} ${listInWords(request.deviceIds)}`
    : '';
  if (request.source === 'runtime') {
    return 'Runs with the legacy NVIDIA runtime, which exposes the GPUs that `NVIDIA_VISIBLE_DEVICES` names (all of them in NVIDIA CUDA images).';
  }
  if (request.source === 'environment') {
    const ids = request.deviceIds ?? [];
    const what = request.count === 'all' ? 'all NVIDIA GPUs' : ids.length > 0 ? `NVIDIA ${ids.length === 1 ? 'GPU' : 'GPUs'} ${listInWords(ids)}` : 'the NVIDIA GPUs a variable names';
    return `Exposes ${what} through \`NVIDIA_VISIBLE_DEVICES\`, which only the NVIDIA runtime reads.`;
  }
  const verb = request.source === 'deploy' ? 'Reserves' : 'Gives the container';
  const count = request.count;
  if (count === 'all') return `${verb} all ${kind}s of the host${request.device?.count?.problem === 'negative' ? ` (\`count: ${request.device.count.text}\` is read as \`all\`)` : ''}.`;
  if (count === 0) return `${verb} no GPU: \`count: 0\` reserves nothing.`;
  if (count === undefined) {
    const countText = request.device?.count?.text;
    return request.device?.count?.interpolated ? `${verb} ${kind}s; their number, \`${countText}\`, is set by a variable.` : `${verb} ${kind}s, but its \`count\` is not valid.`;
  }
  return `${verb} ${count} ${count === 1 ? kind : `${kind}s`}${devices}.`;
}

// The YAML edits that the GPU fixes share: whole-line insertions and deletions at the file's own indentation.

/** The column of an offset. */
export function columnAt(model: ComposeModel, offset: number): number {
  return model.lines.positionAt(offset).character;
}

/** How far right of its key a block sequence's dashes stand in this file: 0 for `key:\n- a`; the indent unit by default. */
export function sequenceIndent(model: ComposeModel): number {
  let found: number | undefined;
  visit(model.doc, {
    Pair(_, pair) {
      const value = pair.value;
      if (!isSeq(value) || value.flow || !value.range || !isScalar(pair.key) || !pair.key.range) return undefined;
      const key = model.lines.positionAt(pair.key.range[0]);
      const dash = model.lines.positionAt(value.range[0]);
      if (dash.line === key.line) return undefined;
      found = Math.max(0, dash.character - key.character);
      return visit.BREAK;
    },
  });
  return found ?? model.indentUnit;
}

/** The last line a node (or pair) occupies, without the line breaks and blank lines a block collection ends with. */
export function lastLineOf(model: ComposeModel, node: Node | Pair | null): number {
  const end = span(node)?.[1] ?? 0;
  let at = end;
  while (at > 0 && /\s/.test(model.text[at - 1])) at--;
  return model.lines.positionAt(Math.max(0, at - 1)).line;
}

/** Inserts whole lines after a line (or at the top for -1), each with the file's line break. */
export function insertLinesAfter(lines: LineIndex, line: number, newLines: string[]): FileEdit {
  if (line + 1 < lines.lineCount) {
    const at = { line: line + 1, character: 0 };
    return { range: { start: at, end: at }, newText: newLines.map((l) => l + lines.eol).join('') };
  }
  const at = lines.positionAt(lines.lineEnd(line));
  return { range: { start: at, end: at }, newText: newLines.map((l) => lines.eol + l).join('') };
}

/** Deletes whole lines with their line breaks. */
export function deleteLines(lines: LineIndex, first: number, last: number): FileEdit {
  if (last + 1 < lines.lineCount) {
    return { range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' };
  }
  const start = first > 0 ? lines.positionAt(lines.lineEnd(first - 1)) : { line: first, character: 0 };
  return { range: { start, end: lines.positionAt(lines.lineEnd(last)) }, newText: '' };
}

/** True when only indentation precedes an offset on its line, as for a key that is not the first of a `- ` item. */
export function startsLine(model: ComposeModel, offset: number): boolean {
  const line = model.lines.positionAt(offset).line;
  return model.text.slice(model.lines.lineStart(line), offset).trim() === '';
}

/**
 * Removes one pair of a mapping with its value: whole lines in a block mapping, the pair and its comma in a flow
 * mapping. Undefined when the pair is the only content of a `- ` item line, whose removal would empty the item.
 */
export function removePair(model: ComposeModel, map: YAMLMap, pair: Pair<Node, Node | null>): FileEdit | undefined {
  const index = map.items.indexOf(pair as Pair);
  const keyStart = span(pair.key)?.[0];
  const end = span(pair)?.[1];
  if (index < 0 || keyStart === undefined || end === undefined) return undefined;
  const next = map.items[index + 1] as Pair<Node> | undefined;
  const nextStart = next ? span(next.key)?.[0] : undefined;
  if (!map.flow && startsLine(model, keyStart)) {
    return deleteLines(model.lines, model.lines.positionAt(keyStart).line, lastLineOf(model, pair));
  }
  if (nextStart !== undefined) return { range: model.lines.range(keyStart, nextStart), newText: '' };
  if (!map.flow) return undefined;
  const previous = map.items[index - 1] as Pair<Node, Node | null> | undefined;
  const previousEnd = previous ? span(previous)?.[1] : undefined;
  return { range: model.lines.range(previousEnd ?? keyStart, end), newText: '' };
}
