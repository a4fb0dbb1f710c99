// The Compose model rules read: the parsed YAML with source ranges, syntax errors, the plain data
// Compose would load, and the services with the fields most rules need, merge keys resolved.
import type { Document, Node, Scalar } from './yamlNodes';
import { isMap, isScalar } from './yamlNodes';
import type { Range } from 'vscode-languageserver-types';
import { LineIndex, oversize } from '../text';
import { parseComposeYaml } from './fastYaml';
import { entries, entry, Entry, fastData, resolve, span, survey, text, toData, valueAt } from './yaml';

/**
 * How far aliases may expand a file before it counts as an alias bomb and gets no data: ten times the values
 * written in it, and never less than this many. Rules and the schema walk the data as a tree, so this bounds them.
 */
export const MIN_EXPANSION_LIMIT = 50_000;

export interface SyntaxError {
  message: string;
  range: Range;
}

export interface ComposeService {
  readonly name: string;
  /** The service's key in `services:`. */
  readonly keyNode: Scalar;
  readonly keyRange: Range;
  /** The service's mapping (null when the service is written as `name:` with nothing). */
  readonly node: Node | null;
}

/** A top-level declaration: one network, volume, secret or config. */
export interface Declaration {
  readonly name: string;
  readonly keyNode: Scalar;
  readonly keyRange: Range;
  readonly value: Node | null;
  readonly merged: boolean;
}

export type DeclarationKind = 'networks' | 'volumes' | 'secrets' | 'configs';

/**
 * A service or a top-level declaration as the model lists it. The range of its key is worked out when first asked
 * for: a file of thousands of services asks for few of them.
 */
class Named {
  private range?: Range;

  constructor(
    private readonly model: ComposeModel,
    readonly name: string,
    readonly keyNode: Scalar,
  ) {}

  get keyRange(): Range {
    this.range ??= this.model.rangeOf(this.keyNode)!;
    return this.range;
  }
}

class Service extends Named implements ComposeService {
  constructor(model: ComposeModel, name: string, keyNode: Scalar, readonly node: Node | null) {
    super(model, name, keyNode);
  }
}

class TopLevelDeclaration extends Named implements Declaration {
  constructor(model: ComposeModel, name: string, keyNode: Scalar, readonly value: Node | null, readonly merged: boolean) {
    super(model, name, keyNode);
  }
}

export class ComposeModel {
  readonly doc: Document.Parsed;
  readonly syntaxErrors: SyntaxError[] = [];
  /** The plain data, as Compose loads it; undefined when the YAML could not be turned into data. */
  readonly data: unknown;
  /** Why there is no data (alias bomb, excessive nesting), when there is none. */
  readonly dataError?: string;
  readonly services: ComposeService[] = [];
  private readonly declarations = new Map<DeclarationKind, Map<string, Declaration>>();
  private indent?: number;
  private byName?: Map<string, ComposeService>;
  private lineIndex?: LineIndex;

  constructor(readonly text: string) {
    // Above the size caps the analysis reports the cap instead (diagnostics.ts), so the costly parse is skipped.
    // Compose refuses a mapping that sets a key twice (a merge key's overrides are not duplicates); the parse leaves
    // the library's quadratic uniqueKeys check off, and survey() finds the same keys with one lookup per key.
    this.doc = parseComposeYaml(oversize(text) === undefined ? text : '');
    // A document the fast path built gets its data, its duplicate keys and the size aliases expand to in one walk;
    // otherwise one walk of the document finds the duplicate keys, the keys that are collections and the size aliases
    // expand to, before the data is built.
    const fast = fastData(this.doc);
    const found = fast ? fast.survey : survey(this.doc);
    const problems: { start: number; error: SyntaxError }[] = [];
    for (const duplicate of found.duplicates) {
      // Said as Compose says it, on the second key.
      const [keyStart, keyEnd] = span(duplicate.key)!;
      const firstLine = this.lines.positionAt(span(duplicate.first)?.[0] ?? 0).line + 1;
      problems.push({ start: keyStart, error: { message: `mapping key "${duplicate.name}" already defined at line ${firstLine}`, range: this.lines.range(keyStart, keyEnd) } });
    }
    for (const error of this.doc.errors) {
      let [start, end] = error.pos;
      // The parser notices an unclosed `[` or `{` only at the end of the file; point at the bracket instead.
      if (start >= text.trimEnd().length) {
        const opener = lastUnclosedBracket(text);
        if (opener !== undefined) [start, end] = [opener, opener + 1];
      }
      problems.push({ start: error.pos[0], error: { message: error.message.split('\n')[0], range: this.lines.range(start, Math.max(start, end)) } });
    }
    // In the order of the text, as the parser reported them when it found the duplicates itself.
    problems.sort((a, b) => a.start - b.start);
    for (const problem of problems) this.syntaxErrors.push(problem.error);
    try {
      // Compose cannot load a list or mapping used as a key, and turning nested ones into string keys costs
      // the yaml library time exponential in their depth (`[{[{[{…` while typing), so such a file has no data.
      if (found.collectionKey) throw new Error('a key is a list or a mapping, which Compose cannot load');
      const { written, expanded } = found;
      if (expanded === Infinity) throw new Error('an alias names a node that contains it, which Compose cannot load');
      if (expanded > Math.max(MIN_EXPANSION_LIMIT, 10 * written)) {
        throw new Error(`aliases expand ${written.toLocaleString('en-US')} values to ${expanded.toLocaleString('en-US')}, which looks like an alias bomb`);
      }
      if (fast?.error) throw fast.error;
      this.data = fast ? fast.data : toData(this.doc);
    } catch (error) {
      this.data = undefined;
      this.dataError = (error as Error).message;
    }
    for (const service of this.topLevel('services')) {
      this.services.push(new Service(this, service.name, service.keyNode, resolve(this.doc, service.value)));
    }
    for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
      const declared = new Map<string, Declaration>();
      for (const e of this.topLevel(kind)) {
        declared.set(e.name, new TopLevelDeclaration(this, e.name, e.keyNode, resolve(this.doc, e.value), e.merged));
      }
      this.declarations.set(kind, declared);
    }
  }

  /** Lines and positions in the text, indexed when first needed (a file without findings needs no position). */
  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  /** The entries of a top-level mapping such as `services:` or `volumes:`. */
  topLevel(key: string): Entry[] {
    const section = valueAt(this.doc, this.doc.contents, key);
    return isMap(section) ? entries(this.doc, section) : [];
  }

  /** The number of spaces one nesting level takes in this file, read from its first nested key; 2 when there is none. */
  get indentUnit(): number {
    this.indent ??= this.readIndentUnit();
    return this.indent;
  }

  private readIndentUnit(): number {
    const root = this.doc.contents;
    if (!isMap(root)) return 2;
    for (const pair of root.items) {
      const value = pair.value;
      if (!isMap(value) || value.flow || !isScalar(pair.key)) continue;
      const first = value.items[0]?.key;
      const offset = isScalar(first) ? first.range?.[0] : undefined;
      if (offset === undefined) continue;
      const column = this.lines.positionAt(offset).character - this.lines.positionAt(pair.key.range?.[0] ?? 0).character;
      if (column > 0) return column;
    }
    return 2;
  }

  /** A top-level key with its value, such as `version` or `name`. */
  root(key: string): Entry | undefined {
    return entry(this.doc, this.doc.contents, key);
  }

  /** The top-level declarations of one kind, by name. */
  declared(kind: DeclarationKind): ReadonlyMap<string, Declaration> {
    return this.declarations.get(kind) ?? new Map();
  }

  /** The first service of that name (rules ask once per reference, so the services are looked up by name). */
  service(name: string): ComposeService | undefined {
    if (!this.byName) {
      this.byName = new Map();
      for (const service of this.services) if (!this.byName.has(service.name)) this.byName.set(service.name, service);
    }
    return this.byName.get(name);
  }

  /** The value at a path under a service, merge keys and aliases followed. */
  get(service: ComposeService, ...path: string[]): Node | undefined {
    return valueAt(this.doc, service.node, ...path);
  }

  /** The scalar at a path under a service, as a string. */
  getText(service: ComposeService, ...path: string[]): string | undefined {
    return text(this.doc, this.get(service, ...path));
  }

  /** The range of a node (or pair) in the file. */
  rangeOf(node: Parameters<typeof span>[0]): Range | undefined {
    const offsets = span(node);
    return offsets ? this.lines.range(offsets[0], offsets[1]) : undefined;
  }
}

/** The offset of the last `[` or `{` that is never closed, ignoring quoted strings and comments. */
function lastUnclosedBracket(text: string): number | undefined {
  const open: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote && text[i - 1] !== '\\') quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      open.push(i);
    } else if ((c === ']' || c === '}') && open.length > 0) {
      open.pop();
    }
  }
  return open.at(-1);
}
