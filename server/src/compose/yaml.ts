// Merge-aware reading of a YAML tree with source offsets: follows aliases and `<<` merge keys the way
// Compose does, so rules see what Compose sees while still reporting ranges in the file.
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { LineIndex } from '../text';

/** One key of a mapping: the key scalar, the value node, and whether it came in through a merge. */
export interface Entry {
  key: string;
  keyNode: Scalar;
  value: Node | null;
  pair: Pair<Node, Node | null>;
  /** True when the entry is inherited through `<<: *anchor`; fixes must not edit it in place. */
  merged: boolean;
}

/** The number of alias hops followed before giving up, which bounds alias bombs. */
const MAX_ALIAS_DEPTH = 32;

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const value = key.value;
  return value === '<<' || (typeof value === 'symbol' && value.description === '<<');
}

/** Follows aliases to the node they name. */
export function resolve(doc: Document, node: unknown, depth = 0): Node | null {
  let current = node;
  while (isAlias(current) && depth++ < MAX_ALIAS_DEPTH) current = current.resolve(doc) ?? null;
  return isAlias(current) ? null : ((current as Node | null | undefined) ?? null);
}

/**
 * A mapping's entries, own keys first and then those merged in through `<<`, without duplicates.
 *
 * `expanded` records which mappings this call has already merged at which depth: merging the same mapping
 * again at the same depth cannot add a key (its keys were all seen the first time), so it is skipped. Without
 * it, a merge-key bomb (`&a1 {<<: [*a0, *a0, *a0]}`, `&a2 {<<: [*a1, *a1, *a1]}`, …) costs fanout^levels.
 */
export function entries(doc: Document, map: unknown, depth = 0, expanded = new Map<Node, Set<number>>()): Entry[] {
  const resolved = resolve(doc, map);
  if (!isMap(resolved) || depth > MAX_ALIAS_DEPTH) return [];
  const depths = expanded.get(resolved) ?? expanded.set(resolved, new Set()).get(resolved)!;
  if (depths.has(depth)) return [];
  depths.add(depth);
  const own: Entry[] = [];
  const merges: Node[] = [];
  for (const pair of (resolved as YAMLMap<Node, Node | null>).items) {
    if (!isPair(pair)) continue;
    if (isMergeKey(pair.key)) {
      const source = resolve(doc, pair.value);
      if (isSeq(source)) merges.push(...(source.items as Node[]));
      else if (source) merges.push(source);
      continue;
    }
    if (!isScalar(pair.key)) continue;
    own.push({ key: String(pair.key.value), keyNode: pair.key, value: (pair.value as Node | null) ?? null, pair, merged: false });
  }
  const seen = new Set(own.map((e) => e.key));
  for (const source of merges) {
    for (const entry of entries(doc, source, depth + 1, expanded)) {
      if (seen.has(entry.key)) continue;
      seen.add(entry.key);
      own.push({ ...entry, merged: true });
    }
  }
  return own;
}

/** The entry of `key` in a mapping (merge-aware). */
export function entry(doc: Document, map: unknown, key: string): Entry | undefined {
  return entries(doc, map).find((e) => e.key === key);
}

/** The value at a path of keys, following aliases and merges; undefined when any step is missing. */
export function valueAt(doc: Document, node: unknown, ...path: string[]): Node | undefined {
  let current: Node | null = resolve(doc, node);
  for (const key of path) {
    const found = entry(doc, current, key);
    if (!found) return undefined;
    current = resolve(doc, found.value);
  }
  return current ?? undefined;
}

/** The items of a sequence (aliases resolved), or an empty list. */
export function items(doc: Document, node: unknown): Node[] {
  const resolved = resolve(doc, node);
  return isSeq(resolved) ? (resolved as YAMLSeq<Node>).items.map((i) => resolve(doc, i)).filter((i): i is Node => i !== null) : [];
}

/** The scalar value of a node as a string (numbers and booleans included), or undefined. */
export function text(doc: Document, node: unknown): string | undefined {
  const resolved = resolve(doc, node);
  if (!isScalar(resolved) || resolved.value === null || resolved.value === undefined) return undefined;
  return String(resolved.value);
}

/** The source offsets of a node: start and end of its value. */
export function span(node: Node | Pair | null | undefined): [number, number] | undefined {
  if (!node) return undefined;
  if (isPair(node)) {
    const start = span(node.key as Node)?.[0];
    const end = span(node.value as Node)?.[1] ?? span(node.key as Node)?.[1];
    return start === undefined || end === undefined ? undefined : [start, end];
  }
  const range = (node as Node).range;
  return range ? [range[0], range[1]] : undefined;
}

/** The offsets of a plain or quoted scalar's text inside its quotes; undefined for block scalars (`|`, `>`). */
export function contentSpan(node: Scalar): [number, number] | undefined {
  const range = node.range;
  if (!range) return undefined;
  if (node.type === 'PLAIN') return [range[0], range[1]];
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return [range[0] + 1, range[1] - 1];
  return undefined;
}

/**
 * Where and what to insert to add `entry` (such as `read_only: true`) as the last key of a mapping, in the
 * mapping's own style: `, entry` inside a flow mapping, else a new line indented like the mapping's keys.
 */
export function appendEntry(lines: LineIndex, map: YAMLMap, entry: string): { offset: number; text: string } | undefined {
  const first = map.items[0];
  const last = map.items.at(-1);
  if (!isPair(first) || !isPair(last)) return undefined;
  const keyStart = span(first.key as Node)?.[0];
  let end = span(last as Pair<Node, Node | null>)?.[1];
  if (keyStart === undefined || end === undefined) return undefined;
  if (map.flow) return { offset: end, text: `, ${entry}` };
  // A block collection's range ends after its last line break; the new line goes after the last line with text.
  while (end > keyStart && (lines.text[end - 1] === '\n' || lines.text[end - 1] === '\r')) end--;
  const column = lines.positionAt(keyStart).character;
  return { offset: lines.lineEnd(lines.positionAt(end).line), text: `${lines.eol}${' '.repeat(column)}${entry}` };
}

/** The items of a sequence, aliases resolved, each marked `aliased` when it is an alias of a node written elsewhere. */
export function seqItems(doc: Document, node: unknown): { node: Node; aliased: boolean }[] {
  const resolved = resolve(doc, node);
  if (!isSeq(resolved)) return [];
  return (resolved as YAMLSeq<unknown>).items.flatMap((item) => {
    const itemNode = resolve(doc, item);
    return itemNode ? [{ node: itemNode, aliased: isAlias(item) }] : [];
  });
}

/**
 * Splits a Compose short syntax on its colons (`[IP:][HOST:]CONTAINER` for ports, `SOURCE:TARGET[:MODE]` for
 * volumes), keeping `${VAR:-x}` interpolations, bracketed IPv6 addresses (`[::1]`) and Windows drives (`C:\`) whole.
 */
export function splitShortSyntax(spec: string): string[] {
  const parts: string[] = [];
  let current = '';
  let braces = 0;
  let bracket = false;
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c === '{' && spec[i - 1] === '$') braces++;
    else if (c === '}' && braces > 0) braces--;
    else if (c === '[') bracket = true;
    else if (c === ']') bracket = false;
    const drive = i === 1 && /^[A-Za-z]$/.test(current) && /[\\/]/.test(spec[i + 1] ?? '');
    if (c === ':' && braces === 0 && !bracket && !drive) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}
