// A fast parser for the plain subset of YAML most Compose files are written in, building the very nodes the yaml
// package builds, and handing anything outside that subset (or anything doubtful) to the yaml package itself.
import { Document, parseDocument } from 'yaml';
import type { Node, Schema, YAMLMap as ParsedMap, YAMLSeq as ParsedSeq } from 'yaml';
import * as util from 'yaml/util';
import { Alias, isPair, isScalar, Pair, Scalar, YAMLMap, YAMLSeq } from './yamlNodes';
import type { Alias as AliasNode, Entry, Pair as PairNode, Scalar as ScalarNode, YAMLMap as MapNode, YAMLSeq as SeqNode } from './yamlNodes';
import { memoKey, MemoKey, memoized } from '../support/memo';

/**
 * How many aliases the fast path read in a Document it built, kept on the Document; each of them holds the node it
 * names (see `aliasTarget`), so that yaml.ts need not walk the Document to find them.
 */
export const FAST_ALIASES: MemoKey<number> = memoKey('fast aliases');

/**
 * How DockML parses Compose YAML. `uniqueKeys` is off because the library compares each key with every earlier key
 * of its mapping (20,000 keys: 9.9 s); survey() in yaml.ts finds the duplicates instead. `logLevel` 'error' keeps
 * the library from printing warnings about the user's file on the language server's stderr.
 */
export const COMPOSE_YAML_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false, logLevel: 'error' } as const;

/**
 * Parses Compose YAML the way `parseDocument(text, COMPOSE_YAML_OPTIONS)` does. Documents made only of block
 * mappings and sequences, one-line plain, single- and double-quoted scalars, one-line flow sequences of such
 * scalars and aliases, `{}`, anchors on a key's value, aliases, `<<` merge keys, blank lines and comments at the end
 * of a value's line, before a nested collection or between two entries take a fast path 5–15 times quicker than the
 * library's; any other document (other comments, anchors elsewhere, block scalars, tags, several documents, tabs,
 * carriage returns, errors…) is parsed by the library, so the result is the same Document either way.
 */
export function parseComposeYaml(text: string): Document.Parsed {
  return fastParse(text) ?? parseDocument(text, COMPOSE_YAML_OPTIONS);
}

/** The fast path alone: the Document, or undefined when the text is outside the subset it handles. */
export function fastParse(text: string): Document.Parsed | undefined {
  // Tabs, carriage returns, control characters, byte-order marks and Unicode line breaks are left to the library.
  if (text.length === 0 || /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/.test(text)) return undefined;
  // An empty document gives exactly the options, directives and schema that parsing this text would.
  const doc = parseDocument('', COMPOSE_YAML_OPTIONS);
  try {
    const parser = new FastParser(text, doc.schema, doc.options);
    const { comment, afterEmptyLine } = parser.prelude();
    const contents = parser.document();
    doc.contents = contents;
    // As the library's Composer.decorate(): comment lines before the document go to the document when a blank line
    // follows them, and to the first entry otherwise (the fast path's first entries have no comment of their own).
    if (comment && afterEmptyLine) doc.commentBefore = comment;
    else if (comment) (isPair(contents.items[0]) ? contents.items[0].key : contents.items[0]).commentBefore = comment;
    // The document starts at its first entry. The library leaves what follows a final empty value (`key:` on the last
    // line) out of the document's range.
    doc.range = [contents.range[0], contents.range[2], parser.endsEmpty ? contents.range[2] : text.length];
    memoized(doc, FAST_ALIASES, () => parser.aliases);
    return doc;
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}

/** The schema's string tag, read once (see yamlNodes.ts). */
const stringTag = util.stringTag as ScalarTag;

/** Thrown (without a stack, so cheaply) when the text leaves the subset. */
const BAIL = Symbol('outside the fast YAML subset');
function bail(): never {
  throw BAIL;
}

/** Deeper nesting is left to the library, so this parser's recursion stays shallow. */
const MAX_DEPTH = 200;
/** The library reports implicit keys longer than 1,024 characters; long keys are left to it. */
const MAX_KEY_LENGTH = 1000;

// The nodes the fast path builds. A 1 MB Compose file has some 250,000 of them, all alive until its analysis ends, and
// how many objects stay alive is what a garbage collection costs. The library's constructors define the node's type
// (and a collection's schema) with Object.defineProperty on every node, and each range is an array of its own (two
// objects more per node). Nodes here are made from prototypes that carry the type and read the range from three
// numbers on the node itself, kept under symbols so that no reader enumerates them: to every reader (the yaml
// package's isScalar() and the like, `node.range`, Object.keys, printing) they are the library's nodes.
const NODE_TYPE = Symbol.for('yaml.node.type');
const START = Symbol('range start');
const VALUE_END = Symbol('range value end');
const NODE_END = Symbol('range node end');
const SCHEMA = Symbol('schema');
/** The node a fast-path alias names: the last node anchored with its name before it (null when there is none). */
const TARGET = Symbol('alias target');

/**
 * The slot where yaml.ts keeps a mapping's merge-aware entries once computed. Every fast-path mapping is made with
 * it, so that filling it later does not change the mapping's shape: holding the mapping's pairs when it has no merge
 * key, empty otherwise. The library's mappings get it when it is filled.
 */
export const MAP_ENTRIES = Symbol('entries');

/** A fast-path node: the offsets of its range, which `range` gives as the library's [start, value end, node end]. */
interface Placed {
  [START]: number;
  [VALUE_END]: number;
  [NODE_END]: number;
}

/** The prototype of one kind of fast-path node: the library's class's prototype, with the type and range added. */
function prototypeOf(base: object, type: string, collection: boolean): object {
  const properties: PropertyDescriptorMap = {
    [NODE_TYPE]: { value: Symbol.for(`yaml.${type}`) },
    range: {
      get(this: Placed) {
        return [this[START], this[VALUE_END], this[NODE_END]];
      },
      set(this: Placed, range: [number, number, number]) {
        [this[START], this[VALUE_END], this[NODE_END]] = range;
      },
      configurable: true,
    },
  };
  if (collection) {
    properties.schema = {
      get(this: { [SCHEMA]: Schema }) {
        return this[SCHEMA];
      },
      set(this: { [SCHEMA]: Schema }, schema: Schema) {
        this[SCHEMA] = schema;
      },
      configurable: true,
    };
  }
  if (type === 'alias') {
    // As the library's Alias: setting a tag throws.
    properties.tag = {
      set() {
        throw new Error('Alias nodes cannot have tags');
      },
      configurable: true,
    };
  }
  return Object.create(base, properties);
}

const SCALAR_PROTOTYPE = prototypeOf(Scalar.prototype, 'scalar', false);
const MAP_PROTOTYPE = prototypeOf(YAMLMap.prototype, 'map', true);
const SEQ_PROTOTYPE = prototypeOf(YAMLSeq.prototype, 'seq', true);
const ALIAS_PROTOTYPE = prototypeOf(Alias.prototype, 'alias', false);
/**
 * A fast-path pair is also its mapping's entry (see Entry in yamlNodes.ts) when the mapping has no merge key: the
 * entry's fields are read from the pair, so that reading a mapping's entries makes no object per key.
 */
const PAIR_PROTOTYPE = Object.create(Pair.prototype, {
  [NODE_TYPE]: { value: Symbol.for('yaml.pair') },
  name: {
    get(this: PairNode<ScalarNode>) {
      // Keys are strings but for a few (`8080: …`); String() on a string is a call V8 does not inline.
      const name = this.key.value;
      return typeof name === 'string' ? name : String(name);
    },
  },
  keyNode: {
    get(this: PairNode) {
      return this.key;
    },
  },
  pair: {
    get(this: PairNode) {
      return this;
    },
  },
  merged: { value: false },
});

// Constructors whose prototypes are those above. Made with `new`, V8 sizes each kind of node to hold its properties
// in the object itself (Object.create() would keep all but the first few in a second object).
const FastScalar = function (this: Placed & Record<string, unknown>, value: unknown, source: string, type: string, start: number, end: number) {
  this[START] = start;
  this[VALUE_END] = end;
  this[NODE_END] = end;
  this.value = value;
  this.source = source;
  this.type = type;
} as unknown as new (value: unknown, source: string, type: string, start: number, end: number) => ScalarNode;
FastScalar.prototype = SCALAR_PROTOTYPE as ScalarNode;

const FastMap = function (this: Placed & { [SCHEMA]: Schema; [MAP_ENTRIES]: unknown; items: unknown[] }, schema: Schema, items: unknown[], merges: boolean, start: number, end: number) {
  this[START] = start;
  this[VALUE_END] = end;
  this[NODE_END] = end;
  this[SCHEMA] = schema;
  // Without merge keys a mapping's entries are its pairs (every key the fast path reads is a scalar).
  this[MAP_ENTRIES] = merges ? undefined : items;
  this.items = items;
} as unknown as new (schema: Schema, items: unknown[], merges: boolean, start: number, end: number) => MapNode;
FastMap.prototype = MAP_PROTOTYPE as MapNode;

const FastSeq = function (this: Placed & { [SCHEMA]: Schema; items: unknown[] }, schema: Schema, items: unknown[], start: number, end: number) {
  this[START] = start;
  this[VALUE_END] = end;
  this[NODE_END] = end;
  this[SCHEMA] = schema;
  this.items = items;
} as unknown as new (schema: Schema, items: unknown[], start: number, end: number) => SeqNode;
FastSeq.prototype = SEQ_PROTOTYPE as SeqNode;

const FastPair = function (this: { key: unknown; value: unknown }, key: unknown, value: unknown) {
  this.key = key;
  this.value = value;
} as unknown as new (key: unknown, value: unknown) => PairNode;
FastPair.prototype = PAIR_PROTOTYPE as PairNode;

const FastAlias = function (this: Placed & { source: string; [TARGET]: Node | null }, source: string, target: Node | null, start: number, end: number) {
  this[START] = start;
  this[VALUE_END] = end;
  this[NODE_END] = end;
  this[TARGET] = target;
  this.source = source;
} as unknown as new (source: string, target: Node | null, start: number, end: number) => AliasNode;
FastAlias.prototype = ALIAS_PROTOTYPE as AliasNode;

/** True for a pair the fast path built, which is also an entry (see PAIR_PROTOTYPE). */
export function isPairEntry(pair: PairNode): pair is PairNode<ScalarNode, Node | null> & Entry {
  return pair instanceof FastPair;
}

/** The node an alias the fast path read names (null when none does); undefined for an alias the library read. */
export function aliasTarget(alias: AliasNode): Node | null | undefined {
  return (alias as AliasNode & { [TARGET]?: Node | null })[TARGET];
}

/** Sets the range of a node, fast-path or the library's (a merge key's `<<` is the library's Scalar). */
function place(node: Node, start: number, valueEnd: number, end: number): void {
  if (START in node) {
    const placed = node as unknown as Placed;
    placed[START] = start;
    placed[VALUE_END] = valueEnd;
    placed[NODE_END] = end;
  } else {
    node.range = [start, valueEnd, end];
  }
}


/**
 * Where a node starts (range[0]), read without building its range (reading `range` on a fast-path node makes a new
 * array each time); undefined for a node without a range.
 */
export function startOf(node: Node): number | undefined {
  return START in node ? (node as unknown as Placed)[START] : node.range?.[0];
}

/** Where a node's value ends (range[1]), read without building its range; undefined for a node without a range. */
export function valueEndOf(node: Node): number | undefined {
  return START in node ? (node as unknown as Placed)[VALUE_END] : node.range?.[1];
}

/** The node end of a node's range (range[2]). */
function nodeEnd(node: Node): number {
  return START in node ? (node as unknown as Placed)[NODE_END] : node.range![2];
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const DASH = 0x2d;
const COLON = 0x3a;
const HASH = 0x23;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const AMPERSAND = 0x26;
const ASTERISK = 0x2a;

/**
 * True for the characters of the anchor and alias names the fast path reads (`&name`, `*name`): letters, digits,
 * `_`, `-` and `.`. The library allows more (anything but spaces and flow indicators); those names are left to it.
 */
function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === DASH || c === 0x2e;
}

/** True for the quote that opens a single- or double-quoted scalar. */
function isQuote(c: number): boolean {
  return c === DOUBLE_QUOTE || c === SINGLE_QUOTE;
}

/** Characters a plain scalar may not start with here: YAML indicators, and `-` (checked apart). */
const INDICATORS = new Set([...'?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
/** The one-character escapes of double-quoted scalars the fast path decodes (tab is never in its input). */
const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** What the fast path reads of the schema's scalar tags, as the library's composeScalar() reads them. */
interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve: (value: string, onError: (message: string) => void, options: object) => unknown;
}

/** A plain scalar read before, for those spelled the same after it. */
interface RecentScalar {
  source: string;
  value: unknown;
  format?: string;
  /** For a tag that makes a node of its own (the merge key `<<`): the properties it gives the node besides its value. */
  node?: Record<string, unknown>;
}

/** How many plain scalars `plain` remembers (a power of two). */
const RECENT_SLOTS = 4096;

class FastParser {
  private readonly n: number;
  private readonly tags: ScalarTag[];
  /** The start of the next line to read. */
  private pos = 0;
  /** The current content line: its start, its indentation, the offset of its first character (n at the end). */
  private lineStart = 0;
  private indent = -1;
  private content = 0;
  /** True when blank lines came before the current content line (before its comment lines, if any). */
  private blank = false;
  /**
   * The comment lines before the current content line, as the library joins them; they become the next sibling's
   * or the nested collection's `commentBefore` when none is deeper than it, and anywhere else (deeper, after an
   * empty value, at the end of the text) the text is left to the library.
   */
  private comment = '';
  /** The deepest indentation of those comment lines: one deeper than the sibling that follows is left to the library. */
  private commentIndent = 0;
  /** True when the last value read was empty (`key:` or `-` with nothing after it). */
  endsEmpty = false;
  /** The number of aliases read so far. */
  aliases = 0;
  /** The last node anchored with each name so far. */
  private readonly anchors = new Map<string, Node>();
  /** The anchors of the collections being read: an alias inside the node it names is left to the library. */
  private readonly open = new Set<string>();
  /**
   * The items of the collections being read, deepest last. Each collection takes its own from the top when it is
   * complete, in an array of their number: one grown item by item would keep room for 17 whatever its length.
   */
  private readonly pending: unknown[] = [];
  /** The last plain key and the last plain value read in each slot (see `plain`). */
  private readonly recentKeys: (RecentScalar | undefined)[] = new Array(RECENT_SLOTS);
  private readonly recentValues: (RecentScalar | undefined)[] = new Array(RECENT_SLOTS);

  constructor(
    private readonly text: string,
    private readonly schema: Schema,
    private readonly options: object,
  ) {
    this.n = text.length;
    this.tags = (schema.tags as unknown as ScalarTag[]).filter((tag) => !('collection' in tag && tag.collection));
  }

  /**
   * Reads the blank and comment lines before the document's first line as the library's parsePrelude() does: the
   * comment lines joined by a line break, or two when a blank line came between them; afterEmptyLine when a blank
   * line follows the last comment line.
   */
  prelude(): { comment: string; afterEmptyLine: boolean } {
    const { text, n } = this;
    let comment = '';
    let afterEmptyLine = false;
    for (;;) {
      let p = this.pos;
      while (text.charCodeAt(p) === SPACE) p++;
      const c = text.charCodeAt(p);
      if (c !== NEWLINE && c !== HASH) break;
      const lineEnd = text.indexOf('\n', p);
      // A text of nothing but comments has no document: left to the library.
      if (lineEnd === -1) bail();
      if (c === HASH) {
        comment += (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') + (text.slice(p + 1, lineEnd) || ' ');
        afterEmptyLine = false;
      } else {
        afterEmptyLine = true;
      }
      this.pos = lineEnd + 1;
      if (this.pos >= n) bail();
    }
    return { comment, afterEmptyLine };
  }

  /** The document's root collection, from its first line (after the prelude) to the end of the text. */
  document(): ParsedMap.Parsed | ParsedSeq.Parsed {
    this.nextLine();
    if (this.blank || this.comment || this.indent !== 0) bail();
    const root = this.isSeqItem() ? this.seq(0, 0) : this.map(this.content, false, 0);
    if (!this.atEnd() || this.comment) bail();
    return root as unknown as ParsedMap.Parsed | ParsedSeq.Parsed;
  }

  /**
   * Moves to the next line with content, noting blank lines and comment lines before it the way the library's
   * resolveProps() does: blank lines before the first comment line set `blank`; the comment lines are joined with
   * line breaks, and each blank line after one adds a line break. The indentation is -1 at the end of the text.
   */
  private nextLine(): void {
    const { text, n } = this;
    this.blank = false;
    this.comment = '';
    this.commentIndent = 0;
    let separator = '';
    for (;;) {
      if (this.pos >= n) {
        this.lineStart = this.content = n;
        this.indent = -1;
        return;
      }
      let p = this.pos;
      while (text.charCodeAt(p) === SPACE) p++;
      if (p >= n) {
        this.pos = n;
        continue;
      }
      if (text.charCodeAt(p) === NEWLINE) {
        if (this.comment) this.comment += '\n';
        else this.blank = true;
        this.pos = p + 1;
        continue;
      }
      if (text.charCodeAt(p) === HASH) {
        // A comment line; one that ends the text is the document's comment, left to the library.
        const lineEnd = text.indexOf('\n', p);
        if (lineEnd === -1) bail();
        const line = text.slice(p + 1, lineEnd) || ' ';
        this.comment = this.comment ? this.comment + separator + line : line;
        separator = '\n';
        this.commentIndent = Math.max(this.commentIndent, p - this.pos);
        this.pos = lineEnd + 1;
        continue;
      }
      this.lineStart = this.pos;
      this.content = p;
      this.indent = p - this.pos;
      const c = text.charCodeAt(p);
      // Directives and document markers are left to the library.
      if (c === 0x25) bail();
      if (this.indent === 0 && (text.startsWith('---', p) || text.startsWith('...', p))) bail();
      return;
    }
  }

  /** True when a node is a block sequence whose dashes are in this column. */
  private inColumn(node: Node, column: number): boolean {
    if (!(node instanceof YAMLSeq) || node.flow) return false;
    const start = node.range![0];
    return start - (this.text.lastIndexOf('\n', start - 1) + 1) === column;
  }

  private atEnd(): boolean {
    return this.indent === -1;
  }

  /** True when the current line is a block sequence item: `-` then a space or the end of the line. */
  private isSeqItem(): boolean {
    return this.text.charCodeAt(this.content) === DASH && this.endsToken(this.content + 1);
  }

  /** True when the character at p is a space, a line break or the end of the text. */
  private endsToken(p: number): boolean {
    const c = this.text.charCodeAt(p);
    return p >= this.n || c === SPACE || c === NEWLINE;
  }

  /** A block mapping whose first key starts at `start` (on the current line); its keys are all in that column. */
  private map(start: number, compact: boolean, depth: number): YAMLMap {
    if (depth > MAX_DEPTH) bail();
    const column = start - this.lineStart;
    const pending = this.pending;
    const base = pending.length;
    let keyStart = start;
    let end = start;
    let merges = false;
    for (;;) {
      const key = this.key(keyStart);
      // A merge key's value is a symbol; a quoted '<<' counts as one too in yaml.ts.
      if (typeof key.value === 'symbol' || key.value === '<<') merges = true;
      if (pending.length > base && this.blank) key.spaceBefore = true;
      if (pending.length > base && this.comment) key.commentBefore = this.comment;
      const value = this.valueAfterColon(column, compact, depth);
      pending.push(new FastPair(key, value));
      end = nodeEnd(value);
      // Comment lines deeper than the next key belong to the value before them; so do those in the column of a
      // sequence written at its key's column (`key:\n- item`), which is this mapping's column.
      if (this.comment && (this.commentIndent > column || (this.commentIndent === column && this.inColumn(value, column)))) bail();
      if (this.indent > column) bail();
      if (this.indent < column) break;
      if (this.isSeqItem()) bail();
      keyStart = this.content;
    }
    return new FastMap(this.schema, this.collected(base), merges, start, end);
  }

  /** A block sequence whose `-` items are all in the current line's column. */
  private seq(column: number, depth: number): YAMLSeq {
    if (depth > MAX_DEPTH) bail();
    const start = this.content;
    const pending = this.pending;
    const base = pending.length;
    let end = start;
    for (;;) {
      const spaceBefore = pending.length > base && this.blank;
      const commentBefore = pending.length > base ? this.comment : '';
      let p = this.content + 1;
      while (this.text.charCodeAt(p) === SPACE) p++;
      let node: Node;
      if (p >= this.n || this.text.charCodeAt(p) === NEWLINE) {
        // An empty item; one with its value on the following lines is left to the library.
        node = this.empty(p);
        this.pos = Math.min(p + 1, this.n);
        this.nextLine();
        if (this.indent > column || this.comment || commentBefore) bail();
        // The library drops blank lines after an empty item: neither it nor the next node is marked.
        this.blank = false;
      } else if (this.text.charCodeAt(p) === DASH && this.endsToken(p + 1)) {
        bail();
      } else if (this.looksLikeKey(p)) {
        node = this.map(p, true, depth + 1);
      } else {
        node = this.inline(p);
        if (this.indent > column) bail();
      }
      if (spaceBefore) node.spaceBefore = true;
      if (commentBefore) node.commentBefore = commentBefore;
      pending.push(node);
      end = nodeEnd(node);
      if (this.comment && this.commentIndent > column) bail();
      if (this.indent !== column || !this.isSeqItem()) break;
    }
    return new FastSeq(this.schema, this.collected(base), start, end);
  }

  /** The items pending from `base` up, removed from `pending`. */
  private collected(base: number): unknown[] {
    const items = this.pending.slice(base);
    this.pending.length = base;
    return items;
  }

  /** The value of a key, from just after its `:`; leaves the parser on the next content line. */
  private valueAfterColon(column: number, compact: boolean, depth: number): Node {
    const { text } = this;
    let p = this.pos;
    while (text.charCodeAt(p) === SPACE) p++;
    // An anchor (`key: &name`) goes on the value after it, on this line or nested below; the value's range starts
    // after it. An anchor with a comment or an alias after it, or on an empty value, is left to the library.
    let anchor: string | undefined;
    if (text.charCodeAt(p) === AMPERSAND) {
      const end = this.nameEnd(p + 1);
      if (!this.endsToken(end)) bail();
      anchor = text.slice(p + 1, end);
      // A name anchored again inside its own collection is left to the library, so `open` needs no count.
      if (this.open.has(anchor)) bail();
      this.open.add(anchor);
      p = end;
      while (text.charCodeAt(p) === SPACE) p++;
      const c = text.charCodeAt(p);
      if (c === HASH || c === AMPERSAND || c === ASTERISK) bail();
    }
    if (p < this.n && text.charCodeAt(p) !== NEWLINE) {
      const node = this.inline(p);
      if (this.indent > column) bail();
      if (anchor !== undefined) this.anchor(node, anchor);
      return node;
    }
    const position = p;
    this.pos = Math.min(p + 1, this.n);
    this.nextLine();
    // Blank lines and comment lines before a nested collection mark the collection, as the library does.
    const blank = this.blank;
    const comment = this.comment;
    let node: Node;
    if (this.indent > column) {
      node = this.isSeqItem() ? this.seq(this.indent, depth + 1) : this.map(this.content, false, depth + 1);
    } else if (this.indent === column && this.isSeqItem()) {
      if (compact) bail();
      node = this.seq(column, depth + 1);
    } else {
      // Blank lines after an empty value mark the next key of its mapping; when the mapping ends there, the library
      // gives them to the empty value instead of to whatever follows.
      if (comment || anchor !== undefined) bail();
      const empty = this.empty(position);
      if (blank && this.indent < column) {
        empty.spaceBefore = true;
        this.blank = false;
      }
      return empty;
    }
    if (blank) node.spaceBefore = true;
    if (comment) node.commentBefore = comment;
    if (anchor !== undefined) this.anchor(node, anchor);
    return node;
  }

  /** Sets an anchor on a node read whole: aliases after it name it. */
  private anchor(node: Node, name: string): void {
    this.open.delete(name);
    (node as Scalar | YAMLMap | YAMLSeq).anchor = name;
    this.anchors.set(name, node);
  }

  /** The end of the anchor or alias name that starts at p, which must not be empty. */
  private nameEnd(p: number): number {
    let end = p;
    while (isNameChar(this.text.charCodeAt(end))) end++;
    if (end === p) bail();
    return end;
  }

  /** The alias (`*name`) at p, whose name must end where `ends` says, with its range up to the end of its name. */
  private alias(p: number, ends: (c: number) => boolean): Alias {
    const end = this.nameEnd(p + 1);
    if (!ends(this.text.charCodeAt(end)) && end < this.n) bail();
    const source = this.text.slice(p + 1, end);
    if (this.open.has(source)) bail();
    this.aliases++;
    const target = this.anchors.get(source);
    // Files name the same anchors again and again: the alias keeps the anchor's own string, and the copy read here
    // is dropped at once.
    return new FastAlias(target ? (target as Scalar).anchor! : source, target ?? null, p, end);
  }

  /** A key at p with its `:`, which must be followed by a space or the end of the line; pos goes after the `:`. */
  private key(p: number): Scalar {
    const { text } = this;
    const c = text.charCodeAt(p);
    let key: Scalar;
    let end: number;
    if (isQuote(c)) {
      key = this.quoted(p);
      end = valueEndOf(key)!;
      if (text.charCodeAt(end) !== COLON || !this.endsToken(end + 1)) bail();
    } else {
      if (INDICATORS.has(c) || c === DASH) bail();
      end = p;
      for (;;) {
        const d = text.charCodeAt(end);
        if (end >= this.n || d === NEWLINE) bail();
        if (d === COLON && this.endsToken(end + 1)) break;
        if (d === HASH && text.charCodeAt(end - 1) === SPACE) bail();
        end++;
      }
      if (text.charCodeAt(end - 1) === SPACE || end - p > MAX_KEY_LENGTH) bail();
      // `<<` resolves to the schema's merge key, as in the library.
      key = this.plain(p, end, true);
    }
    place(key, p, end, end);
    this.pos = end + 1;
    return key;
  }

  /** True when the text at p, up to the end of its line, is a key with its `:` (a compact mapping in a sequence). */
  private looksLikeKey(p: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (isQuote(c)) {
      const end = this.quotedEnd(p);
      return text.charCodeAt(end) === COLON && this.endsToken(end + 1);
    }
    for (let i = p; i < this.n; i++) {
      const d = text.charCodeAt(i);
      if (d === NEWLINE) return false;
      if (d === COLON && this.endsToken(i + 1)) return true;
    }
    return false;
  }

  /** A value written on the rest of the line from p; leaves the parser on the next content line. */
  private inline(p: number): Node {
    const { text } = this;
    const c = text.charCodeAt(p);
    let node: Node;
    let end: number;
    if (isQuote(c)) {
      node = this.quoted(p);
      end = valueEndOf(node)!;
    } else if (c === 0x5b) {
      [node, end] = this.flowSeq(p);
    } else if (c === ASTERISK) {
      node = this.alias(p, (d) => d === SPACE || d === NEWLINE);
      end = valueEndOf(node)!;
    } else if (c === 0x7b && text.charCodeAt(p + 1) === 0x7d) {
      const map = new FastMap(this.schema, [], false, p, p);
      map.flow = true;
      node = map;
      end = p + 2;
    } else {
      if (INDICATORS.has(c) || (c === DASH && this.endsToken(p + 1))) bail();
      // The scalar runs to the end of the line or to a comment (` #`), less the spaces before either.
      end = p;
      for (;;) {
        const d = text.charCodeAt(end);
        if (end >= this.n || d === NEWLINE || (d === HASH && text.charCodeAt(end - 1) === SPACE)) break;
        // `: ` inside a value is an error or a nested mapping: left to the library.
        if (d === COLON && this.endsToken(end + 1)) bail();
        end++;
      }
      while (text.charCodeAt(end - 1) === SPACE) end--;
      node = this.plain(p, end, false);
    }
    // Only spaces and a comment may follow the value on its line; its range ends after them and the line break.
    let q = end;
    while (text.charCodeAt(q) === SPACE) q++;
    if (text.charCodeAt(q) === HASH && q > end) {
      let lineEnd = text.indexOf('\n', q);
      if (lineEnd === -1) lineEnd = this.n;
      node.comment = text.slice(q + 1, lineEnd) || ' ';
      q = lineEnd;
    }
    if (q < this.n && text.charCodeAt(q) !== NEWLINE) bail();
    const after = Math.min(q + 1, this.n);
    place(node, p, end, after);
    this.endsEmpty = false;
    this.pos = after;
    this.nextLine();
    return node;
  }

  /** A one-line flow sequence of scalars at p, and the offset after its `]`. */
  private flowSeq(p: number): [Node, number] {
    const { text } = this;
    const base = this.pending.length;
    let i = p + 1;
    while (text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) !== 0x5d) {
      for (;;) {
        const c = text.charCodeAt(i);
        let item: Scalar | Alias;
        let end: number;
        if (isQuote(c)) {
          item = this.quoted(i);
          end = valueEndOf(item)!;
        } else if (c === ASTERISK) {
          item = this.alias(i, (d) => d === 0x2c || d === 0x5d);
          end = valueEndOf(item)!;
        } else {
          if (INDICATORS.has(c) || c === DASH || c === SPACE) bail();
          end = i;
          for (;;) {
            const d = text.charCodeAt(end);
            if (end >= this.n || d === NEWLINE || d === COLON || d === HASH || INDICATORS.has(d)) {
              if (d !== 0x2c && d !== 0x5d) bail();
              break;
            }
            end++;
          }
          if (text.charCodeAt(end - 1) === SPACE) bail();
          item = this.plain(i, end, false);
        }
        place(item, i, end, end);
        this.pending.push(item);
        i = end;
        if (text.charCodeAt(i) === 0x5d) break;
        if (text.charCodeAt(i) !== 0x2c) bail();
        i++;
        while (text.charCodeAt(i) === SPACE) i++;
        if (text.charCodeAt(i) === 0x5d) bail();
      }
    }
    const seq = new FastSeq(this.schema, this.collected(base), p, p);
    seq.flow = true;
    return [seq, i + 1];
  }

  /** The offset just after the closing quote of the quoted scalar at p, which must close on its line. */
  private quotedEnd(p: number): number {
    const { text } = this;
    const quote = text.charCodeAt(p);
    for (let i = p + 1; i < this.n; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE) bail();
      if (quote === DOUBLE_QUOTE && c === BACKSLASH) i++;
      else if (c === quote) {
        if (quote === SINGLE_QUOTE && text.charCodeAt(i + 1) === SINGLE_QUOTE) i++;
        else return i + 1;
      }
    }
    return bail();
  }

  /** The quoted scalar at p, which must close on its line, as the library resolves it: always a string. */
  private quoted(p: number): Scalar {
    const { text } = this;
    const end = this.quotedEnd(p);
    let value: string;
    if (text.charCodeAt(p) === SINGLE_QUOTE) {
      value = text.slice(p + 1, end - 1).replace(/''/g, "'");
    } else {
      value = '';
      let from = p + 1;
      for (let i = from; i < end - 1; i++) {
        if (text.charCodeAt(i) !== BACKSLASH) continue;
        // \x, \u and \U escapes (and unknown ones) are left to the library.
        const escaped = ESCAPES[text[i + 1]];
        if (escaped === undefined) bail();
        value += text.slice(from, i) + escaped;
        i++;
        from = i + 1;
      }
      value += text.slice(from, end - 1);
    }
    const type = text.charCodeAt(p) === SINGLE_QUOTE ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
    return new FastScalar(stringTag.resolve(value, bail, this.options), value, type, p, end);
  }

  /**
   * The plain scalar from start to end, resolved by the schema's tags exactly as the library's composeScalar() does.
   * Compose files repeat their keys and many values (`image`, `restart: unless-stopped`, `- backend`): a scalar
   * spelled like the last one of its length and first and last characters shares its string and resolved value, so
   * the text is neither copied nor run through the tags' patterns again.
   */
  private plain(start: number, end: number, atKey: boolean): Scalar {
    const { text } = this;
    const length = end - start;
    const slot = length === 0 ? 0 : (length * 961 + text.charCodeAt(start) * 31 + text.charCodeAt(end - 1)) & (RECENT_SLOTS - 1);
    const recent = atKey ? this.recentKeys : this.recentValues;
    const hit = recent[slot];
    if (hit !== undefined && hit.source.length === length && text.startsWith(hit.source, start)) {
      if (hit.node) {
        // Each merge key has a symbol of its own, as the library makes it.
        return Object.assign(new FastScalar(Symbol((hit.value as symbol).description), hit.source, Scalar.PLAIN, start, end), hit.node);
      }
      const scalar = new FastScalar(hit.value, hit.source, Scalar.PLAIN, start, end);
      if (hit.format) scalar.format = hit.format;
      return scalar;
    }
    const source = text.slice(start, end);
    let tag = stringTag;
    for (const candidate of this.tags) {
      if ((candidate.default === true || (atKey && candidate.default === 'key')) && candidate.test?.test(source)) {
        tag = candidate;
        break;
      }
    }
    const resolved = tag.resolve(source, bail, this.options);
    let scalar: Scalar;
    if (isScalar(resolved)) {
      // A merge key: the tag makes a node of its own (its value a new symbol, and the function that merges), copied
      // onto a fast-path node.
      const { value, ...node } = resolved as Scalar & Record<string, unknown>;
      scalar = Object.assign(new FastScalar(value, source, Scalar.PLAIN, start, end), node);
      if (typeof value === 'symbol' && !tag.format) recent[slot] = { source, value, node };
    } else {
      scalar = new FastScalar(resolved, source, Scalar.PLAIN, start, end);
      recent[slot] = { source, value: resolved, format: tag.format };
    }
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }

  /** The empty value the library gives `key:` or `-` with nothing after it, at p (after any spaces). */
  private empty(p: number): Scalar {
    this.endsEmpty = true;
    return this.plain(p, p, false);
  }
}
