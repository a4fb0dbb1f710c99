// Merge-aware reading of a YAML tree with source offsets: follows aliases and `<<` merge keys the way
// Compose does, so rules see what Compose sees while still reporting ranges in the file.
import type { Alias, Document, Entry, Node, Pair, Scalar, YAMLMap, YAMLSeq } from './yamlNodes';
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq } from './yamlNodes';
import type { LineIndex } from '../text';
import { memoized, memoKey, remembered } from '../support/memo';
import { aliasTarget, FAST_ALIASES, isPairEntry, MAP_ENTRIES, startOf, valueEndOf } from './fastYaml';

export type { Entry } from './yamlNodes';

/**
 * How many entries merge keys may add across one document before DockML stops merging: real files stay far below
 * (a thousand services inheriting fifty keys each is 50,000), while a chain of thousands of anchors each merging the
 * one before would otherwise build millions. Past it, `mergeOverflow` is true and the analysis reports the cap.
 */
export const MAX_MERGED_ENTRIES = 200_000;

/** What one parsed document needs to follow aliases and merge keys cheaply, built on first use and kept with it. */
interface DocIndex {
  /** The node each alias names; undefined until the first alias is resolved. */
  targets?: Map<Alias, Node | null>;
  /** Each mapping's entries by key, built when a key is first looked up. */
  byKey: Map<YAMLMap, Map<string, Entry>>;
  /** The inherited form of each entry merged so far (see `inherited`). */
  inherited: Map<Entry, Entry>;
  /** Entries merge keys have added so far, against MAX_MERGED_ENTRIES. */
  merged: number;
  overflow: boolean;
}

/** Each document's index, kept on the document. */
const INDEX = memoKey<DocIndex>('yaml index');

function indexOf(doc: Document): DocIndex {
  return memoized(doc, INDEX, () => ({ byKey: new Map(), inherited: new Map(), merged: 0, overflow: false }));
}

/** True when merge keys in this document expand to more than MAX_MERGED_ENTRIES entries, so some were left out. */
export function mergeOverflow(doc: Document): boolean {
  return indexOf(doc).overflow;
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const value = key.value;
  return value === '<<' || (typeof value === 'symbol' && value.description === '<<');
}

/**
 * The node every alias of the document names: the last node with its anchor before the alias, in the order the
 * yaml library's Alias.resolve() reads them. That method walks the whole document on every call, which made each
 * merge key cost the size of the file; this walks it once, without recursion, so deep nesting cannot overflow.
 */
function aliasTargets(doc: Document): Map<Alias, Node | null> {
  const targets = new Map<Alias, Node | null>();
  const anchors = new Map<string, Node>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      targets.set(node, anchors.get(node.source) ?? null);
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    } else if (isScalar(node) || isCollection(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      if (isCollection(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return targets;
}

/** A key that repeats an earlier key of its mapping (the second one), with the first. */
export interface DuplicateKey {
  name: string;
  key: Scalar;
  first: Scalar;
}

/** What one walk of the document finds before the data is built (see `survey`). */
export interface Survey {
  /** The number of values (scalars, collections, pairs and empty values) written in the file. */
  written: number;
  /**
   * The number of values once every alias is expanded and merge keys applied (a mapping that merges others counts its
   * own entries and those it inherits, as the data holds them); Infinity when an alias names a node that contains it.
   */
  expanded: number;
  /** Keys that repeat an earlier key of their mapping: scalar keys with the same value, as yaml's uniqueKeys compares them. */
  duplicates: DuplicateKey[];
  /** True when some mapping has a list or a mapping as a key. */
  collectionKey: boolean;
}

/**
 * One walk of the document, without recursion, for everything the model checks before building the data: the
 * values written and expanded (an alias bomb), the duplicate keys (one lookup per key) and the keys that are
 * collections. Sizes are summed after the document order, in which every anchor that is not an ancestor of an
 * alias is complete before the alias. Only the nodes an alias or a merge can reach keep their size: anchored nodes,
 * what they contain and what merge keys' values contain.
 */
export function survey(doc: Document): Survey {
  const duplicates: DuplicateKey[] = [];
  const kept = new Map<unknown, number>();
  const sizeOf = keptSize(doc, kept);
  let collectionKey = false;
  let written = 0;
  let expanded = 0;
  // Stacks side by side: the node, whether its children were pushed, the size of its children so far (merge keys
  // left out), whether it has merge keys, whether its size is kept, and where its parent is on the stack (below it,
  // with the parent's other children in between).
  const nodes: unknown[] = [doc.contents];
  const opened: boolean[] = [false];
  const sums: number[] = [0];
  const merging: boolean[] = [false];
  const keep: boolean[] = [false];
  const parents: number[] = [-1];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top];
    if (!opened[top] && (isPair(node) || isCollection(node))) {
      opened[top] = true;
      const keepChildren = keep[top] || (isCollection(node) && node.anchor !== undefined) || (isPair(node) && isMergeKey(node.key));
      if (isPair(node)) {
        if (isCollection(node.key)) collectionKey = true;
        nodes.push(node.value, node.key);
        opened.push(false, false);
        sums.push(0, 0);
        merging.push(false, false);
        keep.push(keepChildren, keepChildren);
        parents.push(top, top);
      } else {
        if (isMap(node)) findDuplicates(node, duplicates);
        for (let i = node.items.length - 1; i >= 0; i--) {
          nodes.push(node.items[i]);
          opened.push(false);
          sums.push(0);
          merging.push(false);
          keep.push(keepChildren);
          parents.push(top);
        }
      }
      continue;
    }
    nodes.pop();
    opened.pop();
    const children = sums.pop()!;
    const merges = merging.pop()!;
    const keptSize = keep.pop()!;
    const parent = parents.pop()!;
    let size: number;
    if (isAlias(node)) {
      size = sizeOf(node);
    } else {
      written++;
      if (isPair(node)) size = children;
      else if (isCollection(node)) size = 1 + children;
      else size = node === null || node === undefined ? 0 : 1;
      // A mapping that merges others holds, besides its own entries, each inherited entry it does not override.
      if (merges) for (const e of entries(doc, node)) if (e.merged) size += 1 + sizeOf(e.value);
      if (isCollection(node) && (keptSize || node.anchor)) kept.set(node, size);
      else if (isScalar(node) && node.anchor) kept.set(node, size);
    }
    // A merge key's size is that of the entries it brings (above), unless it names a node that contains it.
    if (parent >= 0 && isPair(node) && isMergeKey(node.key) && size !== Infinity) merging[parent] = true;
    else if (parent >= 0) sums[parent] += size;
    else expanded = size;
  }
  return { written, expanded, duplicates, collectionKey };
}

/**
 * The size survey() counts for a node once it has been walked: an alias counts what it names (Infinity when that
 * is not complete yet: an alias inside the node it names), a collection the size kept for it.
 */
function keptSize(doc: Document, kept: Map<unknown, number>): (node: unknown) => number {
  return (node) => {
    if (node === null || node === undefined) return 0;
    if (isAlias(node)) {
      const target = resolve(doc, node);
      return target === null ? 1 : (kept.get(target) ?? Infinity);
    }
    return isCollection(node) ? (kept.get(node) ?? Infinity) : 1;
  };
}

/** The number of keys up to which findDuplicates compares each key with the earlier ones instead of building a table. */
const FEW_KEYS = 8;

/** Adds the keys of a mapping that repeat an earlier scalar key of the same value. */
function findDuplicates(map: YAMLMap, found: DuplicateKey[]): void {
  const items = map.items;
  if ((entriesOf(map) as unknown) === items) {
    // The fast path built it without merge keys: every key is a scalar with a range.
    scalarDuplicates(items as Pair<Scalar>[], found);
    return;
  }
  if (items.length <= FEW_KEYS) {
    // Most mappings of a Compose file are short: comparing their keys pairwise allocates nothing.
    for (let i = 1; i < items.length; i++) {
      const key = items[i].key;
      if (!isScalar(key) || startOf(key) === undefined) continue;
      for (let j = 0; j < i; j++) {
        const earlier = items[j].key;
        if (isScalar(earlier) && startOf(earlier) !== undefined && sameValueZero(earlier.value, key.value)) {
          found.push({ name: String(key.value), key, first: earlier });
          break;
        }
      }
    }
    return;
  }
  const seen = new Map<unknown, Scalar>();
  for (const pair of map.items) {
    if (!isScalar(pair.key) || startOf(pair.key) === undefined) continue;
    const first = seen.get(pair.key.value);
    if (first) found.push({ name: String(pair.key.value), key: pair.key, first });
    else seen.set(pair.key.value, pair.key);
  }
}

/** findDuplicates() for keys that are all scalars with a range. */
function scalarDuplicates(items: Pair<Scalar>[], found: DuplicateKey[]): void {
  if (items.length <= FEW_KEYS) {
    for (let i = 1; i < items.length; i++) {
      const key = items[i].key;
      const value = key.value;
      for (let j = 0; j < i; j++) {
        const earlier = items[j].key;
        if (sameValueZero(earlier.value, value)) {
          found.push({ name: String(value), key, first: earlier });
          break;
        }
      }
    }
    return;
  }
  const seen = new Map<unknown, Scalar>();
  for (const { key } of items) {
    const first = seen.get(key.value);
    if (first) found.push({ name: String(key.value), key, first });
    else seen.set(key.value, key);
  }
}

/** Whether two values are the same as a Map compares keys (NaN equals NaN). */
function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

/** Follows an alias to the node it names. */
export function resolve(doc: Document, node: unknown): Node | null {
  if (!isAlias(node)) return (node as Node | null | undefined) ?? null;
  // The fast path found it while parsing.
  const target = aliasTarget(node);
  if (target !== undefined) return target;
  const index = indexOf(doc);
  index.targets ??= aliasTargets(doc);
  // An anchor is never set on an alias, so one step reaches a node that is not one.
  return index.targets.get(node) ?? null;
}

/** The mappings a mapping merges through its `<<` keys, in order (earlier ones win), and its own entries. */
function ownEntries(doc: Document, map: YAMLMap): { own: Entry[]; sources: YAMLMap[] } {
  const own: Entry[] = [];
  const sources: YAMLMap[] = [];
  const addSource = (node: unknown) => {
    const source = resolve(doc, node);
    if (isMap(source)) sources.push(source);
  };
  for (const pair of (map as YAMLMap<Node, Node | null>).items) {
    if (!isPair(pair)) continue;
    if (isMergeKey(pair.key)) {
      const value = resolve(doc, pair.value);
      if (isSeq(value)) for (const item of value.items) addSource(item);
      else addSource(value);
      continue;
    }
    if (!isScalar(pair.key)) continue;
    own.push(isPairEntry(pair) ? pair : { name: String(pair.key.value), keyNode: pair.key, value: (pair.value as Node | null) ?? null, pair, merged: false });
  }
  return { own, sources };
}

/**
 * A mapping's entries, own keys first and then those merged in through `<<`, without duplicates. The list is
 * computed once per mapping and shared between callers: do not change it.
 *
 * Merged mappings are computed before the mappings that merge them, with an explicit stack rather than recursion,
 * so a merge-key bomb (`&a1 {<<: [*a0, *a0, *a0]}`, `&a2 {<<: [*a1, *a1, *a1]}`, …) costs one pass per mapping
 * and a chain of thousands of merges cannot overflow the stack. A mapping that merges itself, directly or through
 * others, gets nothing from that merge (Compose rejects such a file).
 */
export function entries(doc: Document, map: unknown): Entry[] {
  const resolved = resolve(doc, map);
  if (!isMap(resolved)) return [];
  const done = entriesOf(resolved);
  if (done) return done;
  const index = indexOf(doc);
  const parts = ownEntries(doc, resolved);
  if (parts.sources.every((source) => entriesOf(source) !== undefined)) {
    // The mappings it merges are done (most often: anchors come before the mappings that merge them).
    const combined = combine(index, parts);
    (resolved as Keeping)[MAP_ENTRIES] = combined;
    return combined;
  }
  const pending = new Set<YAMLMap>([resolved]);
  const stack: { map: YAMLMap; parts?: ReturnType<typeof ownEntries> }[] = [{ map: resolved, parts }];
  for (const source of parts.sources) if (!entriesOf(source) && source !== resolved) stack.push({ map: source });
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (!top.parts) {
      if (entriesOf(top.map) || pending.has(top.map)) {
        stack.pop();
        continue;
      }
      pending.add(top.map);
      top.parts = ownEntries(doc, top.map);
      for (const source of top.parts.sources) if (!entriesOf(source) && !pending.has(source)) stack.push({ map: source });
      continue;
    }
    stack.pop();
    pending.delete(top.map);
    (top.map as Keeping)[MAP_ENTRIES] = combine(index, top.parts);
  }
  return entriesOf(resolved) ?? [];
}

/** A mapping with the entries computed for it (see MAP_ENTRIES). */
type Keeping = YAMLMap & { [MAP_ENTRIES]?: Entry[] };

/** The entries already computed for a mapping. */
function entriesOf(map: YAMLMap): Entry[] | undefined {
  return (map as Keeping)[MAP_ENTRIES];
}

/**
 * An entry as a mapping that merges its mapping inherits it: one object per entry, shared by every mapping that
 * merges it (thousands of services may merge the same anchor).
 */
function inherited(index: DocIndex, entry: Entry): Entry {
  let twin = index.inherited.get(entry);
  if (!twin) {
    twin = { name: entry.name, keyNode: entry.keyNode, value: entry.value, pair: entry.pair, merged: true };
    index.inherited.set(entry, twin);
  }
  return twin;
}

/** Own entries followed by the merged ones not overridden, within the document's merge budget. */
function combine(index: DocIndex, { own, sources }: ReturnType<typeof ownEntries>): Entry[] {
  if (sources.length === 0) return own;
  // A few keys are compared in a loop; a table is built only for many.
  let seen: Set<string> | undefined;
  const has = (name: string) => {
    if (seen) return seen.has(name);
    for (const e of own) if (e.name === name) return true;
    return false;
  };
  for (const source of sources) {
    // A source still being computed is one this mapping merges into itself: it adds nothing.
    for (const entry of entriesOf(source) ?? []) {
      if (!seen && own.length > SHORT_MAPPING) seen = new Set(own.map((e) => e.name));
      if (has(entry.name)) continue;
      if (index.merged >= MAX_MERGED_ENTRIES) {
        index.overflow = true;
        return own;
      }
      index.merged++;
      seen?.add(entry.name);
      own.push(entry.merged ? entry : inherited(index, entry));
    }
  }
  // Kept for the rest of the analysis: a copy at its length (a list grown item by item keeps room for 17).
  return own.slice();
}

/**
 * The plain data Compose loads from the document, as the yaml library's toJS() builds it, merge keys applied (own
 * keys win, then earlier merge sources). toJS() converts a merged mapping again at every merge, so a chain of
 * anchors each merging the one before costs the square of its length; this converts every node once, from the
 * merge-aware entries, and an alias or a merge gives the same object as its anchor or its source's value. Call it
 * only once the expanded size (`survey`) is known to be bounded. Throws, with the yaml library's messages, for
 * what Compose cannot load.
 */
export function toData(doc: Document): unknown {
  // The collections reached through an alias or a merge, by node: only those can be reached twice.
  const converted = new Map<Node, unknown>();
  const shared = (node: unknown): unknown => {
    if (!isCollection(node)) return convert(node);
    if (!converted.has(node)) converted.set(node, convert(node));
    return converted.get(node);
  };
  const convert = (node: unknown): unknown => {
    if (isAlias(node)) {
      const target = resolve(doc, node);
      if (!target) throw new ReferenceError(`Unresolved alias (the anchor must be set before the alias): ${node.source}`);
      return shared(target);
    }
    if (isScalar(node)) return scalarData(node);
    if (!isCollection(node)) return null;
    // An anchored collection reached first where it is written is kept for the aliases after it.
    if (node.anchor !== undefined && converted.has(node)) return converted.get(node);
    if (isSeq(node)) {
      // Made at its length: an array grown item by item keeps room for 17 however short it is.
      const list: unknown[] = new Array(node.items.length);
      if (node.anchor !== undefined) converted.set(node, list);
      for (let i = 0; i < node.items.length; i++) list[i] = isPair(node.items[i]) ? pairObject(node.items[i] as Pair) : convert(node.items[i]);
      return list;
    }
    const object: Record<string, unknown> = {};
    if (node.anchor !== undefined) converted.set(node, object);
    let merges = false;
    for (const pair of (node as YAMLMap).items) {
      if (isPair(pair) && isMergeKey(pair.key)) {
        merges = true;
        checkMergeSources(doc, pair.value);
      }
    }
    // A key written twice keeps its last value, as in the yaml library (Compose reports the duplicate). A mapping
    // without merge keys has only its own entries, read here without building them.
    if (merges) for (const e of entries(doc, node)) setKey(object, e.name, e.merged ? shared(e.value) : convert(e.value));
    else for (const pair of (node as YAMLMap<unknown, unknown>).items) if (isScalar(pair.key)) setKey(object, String(pair.key.value), convert(pair.value));
    return object;
  };
  const pairObject = (pair: Pair): Record<string, unknown> => {
    const object: Record<string, unknown> = {};
    setKey(object, String(isScalar(pair.key) ? pair.key.value : pair.key), convert(pair.value));
    return object;
  };
  return convert(doc.contents);
}

/** What fastData() finds: the data or the reason there is none, and what survey() finds. */
export interface FastData {
  data: unknown;
  /** What toData() would throw (an unresolved alias, a merge source that is not a mapping). */
  error?: Error;
  survey: Survey;
}

/**
 * survey() and toData() in one recursive walk, for a document the fast path built: its nesting is bounded (so
 * recursion is safe), every key is a scalar, and every alias comes after the node it names, outside it. The sizes,
 * duplicate keys and data are those the two walks give; a collection an alias or a merge can reach gives the same
 * object wherever it is reached. Undefined for a document the yaml library parsed, and for one with a merge source
 * written in place (`<<: {…}`), which the two walks read.
 */
export function fastData(doc: Document): FastData | undefined {
  if (remembered(doc, FAST_ALIASES) === undefined) return undefined;
  const duplicates: DuplicateKey[] = [];
  // The sizes and the data of the nodes an alias or a merge can reach: anchored nodes, what they contain and what
  // merge keys' values contain.
  const kept = new Map<unknown, number>();
  const shared = new Map<unknown, unknown>();
  const sizeOf = keptSize(doc, kept);
  let written = 0;
  let error: Error | undefined;
  // The size of the node convert() last returned the data of.
  let size = 0;
  const convert = (node: unknown, keep: boolean): unknown => {
    if (isScalar(node)) {
      written++;
      size = 1;
      if (node.anchor) kept.set(node, 1);
      return scalarData(node);
    }
    if (isAlias(node)) {
      size = sizeOf(node);
      const target = resolve(doc, node);
      if (!target) {
        error ??= new ReferenceError(`Unresolved alias (the anchor must be set before the alias): ${node.source}`);
        return null;
      }
      return reached(target);
    }
    written++;
    if (!isCollection(node)) {
      size = node === null || node === undefined ? 0 : 1;
      return null;
    }
    const keepChildren = keep || node.anchor !== undefined;
    let total = 1;
    if (isSeq(node)) {
      // Made at its length: an array grown item by item keeps room for 17 however short it is.
      const list: unknown[] = new Array(node.items.length);
      if (keepChildren) shared.set(node, list);
      for (let i = 0; i < node.items.length; i++) {
        list[i] = convert(node.items[i], keepChildren);
        total += size;
      }
      if (keepChildren) kept.set(node, total);
      size = total;
      return list;
    }
    const map = node as YAMLMap<Scalar, unknown>;
    scalarDuplicates(map.items, duplicates);
    const object: Record<string, unknown> = {};
    if (keepChildren) shared.set(map, object);
    let merges = false;
    // As toData(): every merge source is checked before any value is converted. The fast path gave a mapping without
    // merge keys its pairs as entries.
    const merging = entriesOf(map) === undefined;
    if (merging) for (const pair of map.items) if (isMergeKey(pair.key)) error ??= mergeSourceError(doc, pair.value);
    for (const pair of map.items) {
      // The pair and its key count one each, and the key one in the size.
      written += 2;
      if (merging && isMergeKey(pair.key)) {
        // A merge key's size is that of the entries it brings (below); its value is no data of its own.
        merges = true;
        sizeMergeValue(pair.value);
        continue;
      }
      const name = pair.key.value;
      setKey(object, typeof name === 'string' ? name : String(name), convert(pair.value, keepChildren));
      total += 1 + size;
    }
    // A mapping that merges others holds, besides its own entries, each inherited entry it does not override.
    if (merges) {
      for (const e of entries(doc, map)) {
        if (!e.merged) continue;
        setKey(object, e.name, reached(e.value));
        total += 1 + sizeOf(e.value);
      }
    }
    if (keepChildren) kept.set(map, total);
    size = total;
    return object;
  };
  // A merge key's value as survey() counts it: an alias, or a list of aliases, counts only the list (the entries it
  // brings are counted with the mapping). A mapping written in place is left to the two walks: toData() converts only
  // the values of its entries that are not overridden, and so throws for what is wrong in those alone.
  const sizeMergeValue = (value: unknown) => {
    if (isAlias(value)) return;
    if (!isSeq(value) || !value.items.every(isAlias)) throw INLINE_MERGE;
    // Walked as any list, since an anchor on it (`<<: &a [*b]`) lets an alias reach it.
    convert(value, true);
  };
  // The data of a node walked before: what an alias names, or an inherited entry's value.
  const reached = (node: unknown): unknown => {
    if (isAlias(node)) return convert(node, true);
    if (isCollection(node)) return shared.get(node);
    return isScalar(node) ? scalarData(node) : null;
  };
  try {
    const data = convert(doc.contents, false);
    return { data, error, survey: { written, expanded: size, duplicates, collectionKey: false } };
  } catch (thrown) {
    if (thrown === INLINE_MERGE) return undefined;
    throw thrown;
  }
}

/** Thrown by fastData() at a merge key whose value is not an alias or a list of aliases. */
const INLINE_MERGE = Symbol('a merge source written in place');

/** A scalar's data, as Scalar.toJSON() gives it: the value itself, unless it converts itself or is a bigint. */
function scalarData(node: Scalar): unknown {
  const value = node.value;
  return (typeof value === 'object' && value !== null) || typeof value === 'bigint' ? node.toJSON() : value;
}

/** Sets a key as data, `__proto__` included (an assignment to it would change the object's prototype). */
function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

/** Throws, as the yaml library does, when a merge key's value is not a mapping or a list of mappings. */
function checkMergeSources(doc: Document, value: unknown): void {
  const error = mergeSourceError(doc, value);
  if (error) throw error;
}

/** The error the yaml library throws when a merge key's value is not a mapping or a list of mappings. */
function mergeSourceError(doc: Document, value: unknown): Error | undefined {
  const resolved = resolve(doc, value);
  for (const source of isSeq(resolved) ? resolved.items : [resolved]) {
    if (!isMap(resolve(doc, source))) return new Error('Merge sources must be maps or map aliases');
  }
  return undefined;
}

/** The number of entries up to which `entry` searches a mapping's entries in order instead of building a table. */
const SHORT_MAPPING = 12;

/** The entry of `key` in a mapping (merge-aware): the first with that key. */
export function entry(doc: Document, map: unknown, key: string): Entry | undefined {
  const resolved = resolve(doc, map);
  if (!isMap(resolved)) return undefined;
  const list = entriesOf(resolved) ?? entries(doc, resolved);
  if (list.length <= SHORT_MAPPING) {
    // A short mapping (most of a Compose file) is searched in order: cheaper than building its lookup table.
    for (const e of list) if (e.name === key) return e;
    return undefined;
  }
  const index = indexOf(doc);
  let byKey = index.byKey.get(resolved);
  if (!byKey) {
    byKey = new Map();
    for (const e of list) if (!byKey.has(e.name)) byKey.set(e.name, e);
    index.byKey.set(resolved, byKey);
  }
  return byKey.get(key);
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

/** The items of a sequence (aliases resolved), or an empty list. The list may be the sequence's own: do not change it. */
export function items(doc: Document, node: unknown): readonly Node[] {
  const resolved = resolve(doc, node);
  if (!isSeq(resolved)) return [];
  const written = (resolved as YAMLSeq<Node | null>).items;
  // Most sequences hold no alias and no empty item, and are their own list of items.
  let plain = true;
  for (const item of written) if (item === null || isAlias(item)) plain = false;
  if (plain) return written as Node[];
  const found: Node[] = [];
  for (const item of written) {
    const target = resolve(doc, item);
    if (target !== null) found.push(target);
  }
  return found;
}

/** The scalar value of a node as a string (numbers and booleans included), or undefined. */
export function text(doc: Document, node: unknown): string | undefined {
  const resolved = resolve(doc, node);
  if (!isScalar(resolved) || resolved.value === null || resolved.value === undefined) return undefined;
  return typeof resolved.value === 'string' ? resolved.value : String(resolved.value);
}

/** The source offsets of a node: start and end of its value. */
export function span(node: Node | Pair | null | undefined): [number, number] | undefined {
  if (!node) return undefined;
  if (isPair(node)) {
    const key = node.key as Node | null;
    const value = node.value as Node | null;
    const start = key ? startOf(key) : undefined;
    const end = (value ? valueEndOf(value) : undefined) ?? (key ? valueEndOf(key) : undefined);
    return start === undefined || end === undefined ? undefined : [start, end];
  }
  const start = startOf(node as Node);
  return start === undefined ? undefined : [start, valueEndOf(node as Node)!];
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
  let from = 0;
  let braces = 0;
  let bracket = false;
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c === '{' && spec[i - 1] === '$') braces++;
    else if (c === '}' && braces > 0) braces--;
    else if (c === '[') bracket = true;
    else if (c === ']') bracket = false;
    else if (c === ':' && braces === 0 && !bracket && !(i === 1 && from === 0 && isDriveLetter(spec, 0))) {
      parts.push(spec.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(spec.slice(from));
  return parts;
}

/** True for `C:\` or `C:/` at `at`: a Windows drive, whose colon separates nothing. */
function isDriveLetter(spec: string, at: number): boolean {
  return /^[A-Za-z]:[\\/]/.test(spec.slice(at, at + 3));
}
