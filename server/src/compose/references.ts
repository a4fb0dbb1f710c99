// Every reference a Compose service makes to another service or to a top-level network, volume,
// secret or config, in short and long syntaxes with merge keys and aliases followed, each with the
// range of the name alone; the names declared in the files Compose loads together with this one; and
// the edits that declare, rename or remove a name. Rules, completion, go-to-definition and hovers use
// this one reading, so that they agree on what refers to what.
import * as path from 'node:path';
import { Node, Scalar, YAMLMap } from './yamlNodes';
import { isAlias, isMap, isScalar, isSeq } from './yamlNodes';
import type { Position, Range } from 'vscode-languageserver-types';
import type { FileEdit, FileHost, Fix } from '../rules/types';
import { memoized, memoKey } from '../support/memo';
import { closest, comparePositions, editDistance } from '../text';
import { ComposeModel, ComposeService, Declaration, DeclarationKind } from './model';
import { entries, entry, Entry, items, resolve, span, text } from './yaml';
import { startOf, valueEndOf } from './fastYaml';

/** What a name refers to: a service of the file, or a top-level declaration of one kind. */
export type ReferenceKind = 'service' | 'network' | 'volume' | 'secret' | 'config';

/** The service attribute a reference is written in. */
export type ReferenceField =
  | 'networks'
  | 'volumes'
  | 'secrets'
  | 'configs'
  | 'build.secrets'
  | 'build.network'
  | 'depends_on'
  | 'links'
  | 'volumes_from'
  | 'extends'
  | 'network_mode'
  | 'ipc'
  | 'pid';

export interface Reference {
  kind: ReferenceKind;
  /** The name as written, interpolation (`${VAR}`) included; empty while a list item is still being typed (`- `). */
  name: string;
  /** The service whose definition holds the reference (through a merge key or alias, perhaps). */
  service: ComposeService;
  field: ReferenceField;
  /** `short` for a plain string (`- models:/models`, `- db`), `long` for a mapping or a map key. */
  syntax: 'short' | 'long';
  /** The scalar the name is written in: a whole short spec, a `source:` value, or a map key. */
  node: Scalar;
  /** The range of the name alone, without quotes and without the rest of a short spec. */
  range: Range;
  /**
   * True when the name is written outside the service's own mapping: inherited through `<<: *anchor`
   * or an alias, and so possibly shared by other services. Such a name is reported once, where it is written.
   */
  inherited: boolean;
  /** For the long syntax, the mapping around the name (depends_on's `condition`, a network's `aliases`, a secret's `target`). */
  options?: YAMLMap;
}

/**
 * A reference as collected: the range of its name is worked out when first asked for, since a file of thousands of
 * references has findings on few of them.
 */
class WrittenReference implements Reference {
  private cachedRange?: Range;

  constructor(
    private readonly model: ComposeModel,
    readonly kind: ReferenceKind,
    readonly name: string,
    readonly service: ComposeService,
    readonly field: ReferenceField,
    readonly syntax: Reference['syntax'],
    readonly node: Scalar,
    private readonly start: number,
    private readonly end: number,
    readonly inherited: boolean,
    readonly options: YAMLMap | undefined,
  ) {}

  get range(): Range {
    this.cachedRange ??= this.model.lines.range(this.start, this.end);
    return this.cachedRange;
  }
}

/** The top-level section that declares names of a kind; services are declared under `services`. */
export const SECTION: Record<Exclude<ReferenceKind, 'service'>, DeclarationKind> = {
  network: 'networks',
  volume: 'volumes',
  secret: 'secrets',
  config: 'configs',
};

/** Networks that exist without a declaration: every project has `default`. */
const IMPLICIT_NETWORKS: ReadonlySet<string> = new Set(['default']);

const REFERENCES = memoKey<Reference[]>('references');

/** Every reference in the file, in document order of services. Computed once per model. */
export function references(model: ComposeModel): readonly Reference[] {
  return memoized(model, REFERENCES, () => collect(model));
}

/** The references of one kind, and the names they use: literal ones, and those left to interpolation (`${…}`). */
interface OfKind {
  refs: Reference[];
  literal: Set<string>;
  interpolated: string[];
}

const BY_KIND = memoKey<Map<ReferenceKind, OfKind>>('references by kind');

/** The references of each kind, sorted out once per model (rules ask for them once per name). */
function ofKind(model: ComposeModel, kind: ReferenceKind): OfKind | undefined {
  const kinds = memoized(model, BY_KIND, () => {
    const kinds = new Map<ReferenceKind, OfKind>();
    for (const ref of references(model)) {
      let group = kinds.get(ref.kind);
      if (!group) kinds.set(ref.kind, (group = { refs: [], literal: new Set(), interpolated: [] }));
      group.refs.push(ref);
      if (ref.name.includes('$')) group.interpolated.push(ref.name);
      else group.literal.add(ref.name);
    }
    return kinds;
  });
  return kinds.get(kind);
}

/** The references of one kind. */
export function referencesOf(model: ComposeModel, kind: ReferenceKind): readonly Reference[] {
  return ofKind(model, kind)?.refs ?? [];
}

/** True when some reference of a kind may name `name` (a name with `${…}` may name anything it could expand to). */
function mayUse(model: ComposeModel, kind: ReferenceKind, name: string): boolean {
  const group = ofKind(model, kind);
  return group !== undefined && (group.literal.has(name) || group.interpolated.some((used) => mayBe(used, name)));
}

/** Every reference to one name (find-all-references). */
export function usesOf(model: ComposeModel, kind: ReferenceKind, name: string): Reference[] {
  return references(model).filter((r) => r.kind === kind && r.name === name);
}

/** The reference whose name contains the position, ends included (for hovers, go-to-definition and completion). */
export function referenceAt(model: ComposeModel, position: Position): Reference | undefined {
  return references(model).find((r) => comparePositions(r.range.start, position) <= 0 && comparePositions(position, r.range.end) <= 0);
}

/** Where a reference's name is defined in this file: the service, or the top-level declaration. */
export function declarationOf(model: ComposeModel, ref: Reference): ComposeService | Declaration | undefined {
  return ref.kind === 'service' ? model.service(ref.name) : model.declared(SECTION[ref.kind]).get(ref.name);
}

/** The names a reference of a kind may use in this file (for completion): declared ones, plus `default` for networks. */
export function candidateNames(model: ComposeModel, kind: ReferenceKind): string[] {
  if (kind === 'service') return model.services.map((s) => s.name);
  const declared = [...model.declared(SECTION[kind]).keys()];
  return kind === 'network' ? [...new Set([...declared, ...IMPLICIT_NETWORKS])] : declared;
}

// ---------------------------------------------------------------------------------------------------
// Collecting references.

/** The keys of a service that can hold references. */
const REFERENCE_FIELDS: ReadonlySet<string> = new Set(['networks', 'volumes', 'secrets', 'configs', 'build', 'depends_on', 'links', 'volumes_from', 'network_mode', 'ipc', 'pid', 'extends']);

function collect(model: ComposeModel): Reference[] {
  const found: Reference[] = [];
  const doc = model.doc;
  const byKey = new Map(model.services.map((s) => [s.keyNode, s]));
  const fields = new Map<string, Entry>();
  for (const written of model.topLevel('services')) {
    const service = byKey.get(written.keyNode);
    if (!service || !isMap(service.node)) continue;
    // The service's own text: anything read from elsewhere came in through a merge key or an alias.
    const own = written.merged ? undefined : span(written.pair);
    const add = (kind: ReferenceKind, field: ReferenceField, syntax: Reference['syntax'], node: Node | null, name: string, index = 0, options?: Node | null) => {
      if (!isScalar(node)) return;
      const start = startOf(node);
      const inherited = own === undefined || start === undefined || start < own[0] || start > own[1];
      const opts = resolve(doc, options);
      const [from, to] = nameOffsets(model, node, index, name);
      found.push(new WrittenReference(model, kind, name, service, field, syntax, node, from, to, inherited, isMap(opts) ? opts : undefined));
    };
    // One pass over the service's keys instead of a lookup per field (a service has a dozen fields to look at).
    fields.clear();
    for (const e of entries(doc, service.node)) if (REFERENCE_FIELDS.has(e.name) && !fields.has(e.name)) fields.set(e.name, e);
    const field = (key: string) => fields.get(key);

    collectNetworks(model, field('networks')?.value, (node, name, syntax, options) => add('network', 'networks', syntax, node, name, 0, options));
    for (const item of items(doc, field('volumes')?.value)) {
      if (isScalar(item)) {
        const source = shortVolumeSource(text(doc, item) ?? '');
        if (source !== undefined) add('volume', 'volumes', 'short', item, source);
      } else if (isMap(item) && text(doc, entry(doc, item, 'type')?.value) === 'volume') {
        const source = resolve(doc, entry(doc, item, 'source')?.value);
        const name = text(doc, source);
        if (name) add('volume', 'volumes', 'long', source, name, 0, item);
      }
    }
    for (const [key, kind] of [['secrets', 'secret'], ['configs', 'config']] as const) {
      collectFiles(model, field(key)?.value, (node, name, syntax, options) => add(kind, key, syntax, node, name, 0, options));
    }
    const build = resolve(doc, field('build')?.value);
    if (isMap(build)) {
      collectFiles(model, entry(doc, build, 'secrets')?.value, (node, name, syntax, options) => add('secret', 'build.secrets', syntax, node, name, 0, options));
      const network = resolve(doc, entry(doc, build, 'network')?.value);
      const name = text(doc, network);
      // `host` and `none` are network modes of the builder, not networks of the project.
      if (name && name !== 'host' && name !== 'none') add('network', 'build.network', 'short', network, name);
    }

    const dependsOn = resolve(doc, field('depends_on')?.value);
    if (isSeq(dependsOn)) {
      for (const item of items(doc, dependsOn)) add('service', 'depends_on', 'short', item, text(doc, item) ?? '');
    } else if (isMap(dependsOn)) {
      for (const e of entries(doc, dependsOn)) add('service', 'depends_on', 'long', e.keyNode, e.name, 0, e.value);
    }
    for (const item of items(doc, field('links')?.value)) {
      const value = text(doc, item) ?? '';
      add('service', 'links', 'short', item, value.split(':')[0]);
    }
    for (const item of items(doc, field('volumes_from')?.value)) {
      const value = text(doc, item) ?? '';
      if (!value.startsWith('container:')) add('service', 'volumes_from', 'short', item, value.split(':')[0]);
    }
    for (const key of ['network_mode', 'ipc', 'pid'] as const) {
      const node = resolve(doc, field(key)?.value);
      const value = text(doc, node);
      if (value?.startsWith('service:')) add('service', key, 'short', node, value.slice('service:'.length), 'service:'.length);
    }
    const extendsNode = resolve(doc, field('extends')?.value);
    if (isScalar(extendsNode)) {
      add('service', 'extends', 'short', extendsNode, text(doc, extendsNode) ?? '');
    } else if (isMap(extendsNode) && !entry(doc, extendsNode, 'file')) {
      // With `file:`, the service is in another file; only same-file extends refer to this file.
      const target = resolve(doc, entry(doc, extendsNode, 'service')?.value);
      add('service', 'extends', 'long', target, text(doc, target) ?? '', 0, extendsNode);
    }
  }
  return found;
}

type Sink = (node: Node | null, name: string, syntax: Reference['syntax'], options?: Node | null) => void;

/** A service's `networks:`, as a list of names or a map of names to options. */
function collectNetworks(model: ComposeModel, networks: Node | null | undefined, sink: Sink): void {
  const value = resolve(model.doc, networks);
  if (isSeq(value)) {
    for (const item of items(model.doc, value)) sink(item, text(model.doc, item) ?? '', 'short');
  } else if (isMap(value)) {
    for (const e of entries(model.doc, value)) sink(e.keyNode, e.name, 'long', e.value);
  }
}

/** A `secrets:` or `configs:` list: names (`- db_password`) or mappings (`- source: db_password`). */
function collectFiles(model: ComposeModel, list: Node | null | undefined, sink: Sink): void {
  for (const item of items(model.doc, list)) {
    if (isScalar(item)) {
      sink(item, text(model.doc, item) ?? '', 'short');
    } else if (isMap(item)) {
      const source = resolve(model.doc, entry(model.doc, item, 'source')?.value);
      if (source) sink(source, text(model.doc, source) ?? '', 'long', item);
    }
  }
}

/**
 * The named volume of a short volume spec (`models:/models:ro`), as Compose reads it: none for an
 * anonymous volume (`/data`) or a bind mount (a source starting with `.`, `/`, `~`, `\\` or a drive
 * letter). A source left to interpolation (`${MODELS_VOLUME:-models}`) is returned as written; colons
 * inside `${…}` do not end it.
 */
export function shortVolumeSource(spec: string): string | undefined {
  if (/^[A-Za-z]:[\\/]/.test(spec) || /^[.\/~]|^\\\\/.test(spec)) return undefined;
  let depth = 0;
  for (let i = 0; i < spec.length; i++) {
    if (spec.startsWith('${', i)) depth++;
    else if (spec[i] === '}' && depth > 0) depth--;
    else if (spec[i] === ':' && depth === 0) return i > 0 ? spec.slice(0, i) : undefined;
  }
  return undefined;
}

/** Whether a name may be interpolated to `candidate`: `${VAR}` and `$VAR` stand for anything. */
export function mayBe(name: string, candidate: string): boolean {
  if (!name.includes('$')) return name === candidate;
  const pattern = name
    .split(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(candidate);
}

/** The offsets of `name` found at `index` in a scalar's value; the whole scalar when its source does not spell the value out (escapes, block scalars). */
function nameOffsets(model: ComposeModel, node: Scalar, index: number, name: string): [number, number] {
  const start = startOf(node) ?? 0;
  const end = valueEndOf(node) ?? 0;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const from = start + (quoted ? 1 : 0) + index;
  if ((node.type === Scalar.PLAIN || quoted) && model.text.startsWith(name, from)) return [from, from + name.length];
  return [start, end];
}

// ---------------------------------------------------------------------------------------------------
// The project: the other files Compose loads together with this one.

/** Compose's default file names, which it loads with their `.override` files. */
const PRIMARY = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

/** Parsed companion files by path, reused while their text is unchanged; bounded so it cannot grow forever. */
const parsed = new Map<string, { text: string; model: ComposeModel }>();
const MAX_CACHED = 64;

function load(file: string, files: FileHost): ComposeModel | undefined {
  const content = files.readFile(file);
  if (content === undefined) return undefined;
  const hit = parsed.get(file);
  if (hit && hit.text === content) return hit.model;
  const model = new ComposeModel(content);
  if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value as string);
  parsed.set(file, { text: content, model });
  return model;
}

/** The names and uses of the Compose project a file belongs to, reading the other files only when asked. */
export interface Project {
  /**
   * Whether the name is declared (or, for `service`, defined) in this file or in a file Compose loads
   * with it: the base file of an override, the override of a default file, `include:`d files.
   * Undefined when it is not found here but a file Compose loads could not be located (interpolated or remote include).
   */
  declares(kind: ReferenceKind, name: string): boolean | undefined;
  /** The names of a kind declared in this file and its companions, for "did you mean". */
  names(kind: ReferenceKind): string[];
  /** Whether some service, here or in a file Compose loads with this one or extends from, refers (or may be interpolated to refer) to the name. */
  uses(kind: ReferenceKind, name: string): boolean;
}

/** The project of a file; `filePath` is undefined for an unsaved document, which then stands alone. */
export function project(model: ComposeModel, filePath: string | undefined, files: FileHost): Project {
  let companions: { declaring: ComposeModel[]; using: ComposeModel[]; complete: boolean } | undefined;
  const others = () => (companions ??= findCompanions(model, filePath, files));
  const declaredIn = (m: ComposeModel, kind: ReferenceKind, name: string) =>
    kind === 'service' ? m.service(name) !== undefined : m.declared(SECTION[kind]).has(name);
  return {
    declares(kind, name) {
      if (kind === 'network' && IMPLICIT_NETWORKS.has(name)) return true;
      if (declaredIn(model, kind, name)) return true;
      const { declaring, complete } = others();
      if (declaring.some((m) => declaredIn(m, kind, name))) return true;
      return complete ? false : undefined;
    },
    names(kind) {
      const all = [model, ...others().declaring].flatMap((m) => candidateNames(m, kind));
      return [...new Set(all)];
    },
    uses(kind, name) {
      const used = (m: ComposeModel) => mayUse(m, kind, name);
      return used(model) || others().using.some(used);
    },
  };
}

/** The absolute paths of the local files a Compose file names under `include:` (interpolated and remote paths are left out). */
function includePaths(model: ComposeModel, filePath: string): string[] {
  const found: string[] = [];
  for (const item of items(model.doc, model.root('include')?.value)) {
    const paths = isMap(item) ? resolve(model.doc, entry(model.doc, item, 'path')?.value) : item;
    for (const p of isSeq(paths) ? items(model.doc, paths) : [paths]) {
      const value = text(model.doc, p);
      if (value === undefined || value.includes('$') || /^([a-z]+:\/\/|git@)/.test(value)) continue;
      const file = path.resolve(path.dirname(filePath), value);
      if (file !== filePath) found.push(file);
    }
  }
  return found;
}

/** The local files a Compose file names under `include:`, parsed (interpolated and remote paths are left out). */
export function includedFiles(model: ComposeModel, filePath: string | undefined, files: FileHost): { path: string; model: ComposeModel }[] {
  const found: { path: string; model: ComposeModel }[] = [];
  for (const file of filePath ? includePaths(model, filePath) : []) {
    const loaded = load(file, files);
    if (loaded) found.push({ path: file, model: loaded });
  }
  return found;
}

/** Of the `candidates` (absolute paths of possible Compose files), those whose `include:` names `filePath`, parsed. */
export function includingFiles(filePath: string, candidates: Iterable<string>, files: FileHost): { path: string; model: ComposeModel }[] {
  const found: { path: string; model: ComposeModel }[] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === filePath) continue;
    // Most Compose files include nothing; only those that say `include` are parsed.
    if (!files.readFile(candidate)?.includes('include')) continue;
    const model = load(candidate, files);
    if (model && includePaths(model, candidate).includes(filePath)) found.push({ path: candidate, model });
  }
  return found;
}

function findCompanions(model: ComposeModel, filePath: string | undefined, files: FileHost) {
  const declaring: ComposeModel[] = [];
  const using: ComposeModel[] = [];
  let complete = true;
  if (!filePath) return { declaring, using, complete };
  const dir = path.dirname(filePath);
  const base = path.basename(filePath);
  const add = (file: string, list: ComposeModel[][]) => {
    if (file === filePath) return;
    const loaded = load(file, files);
    if (loaded) for (const l of list) l.push(loaded);
  };
  if (PRIMARY.includes(base)) {
    for (const name of OVERRIDES) add(path.join(dir, name), [declaring, using]);
  } else {
    const primary = PRIMARY.map((name) => path.join(dir, name)).find((file) => files.exists(file));
    if (primary) add(primary, [declaring, using]);
  }
  for (const item of items(model.doc, model.root('include')?.value)) {
    const paths = isMap(item) ? resolve(model.doc, entry(model.doc, item, 'path')?.value) : item;
    const list = isSeq(paths) ? items(model.doc, paths) : [paths];
    for (const p of list) {
      const value = text(model.doc, p);
      if (value === undefined || value.includes('$') || /^([a-z]+:\/\/|git@)/.test(value)) complete = false;
      else add(path.resolve(dir, value), [declaring, using]);
    }
  }
  // A service that extends one in another file takes that service's volumes and networks, which this file declares.
  for (const service of model.services) {
    const file = text(model.doc, model.get(service, 'extends', 'file'));
    if (file && !file.includes('$')) add(path.resolve(dir, file), [using]);
  }
  return { declaring, using, complete };
}

// ---------------------------------------------------------------------------------------------------
// Findings and edits shared by the reference rules and by code actions.

/** A reference to a name that nothing declares, with the declared name it most likely meant. */
export interface UndefinedReference {
  ref: Reference;
  /** The closest declared name, when one is close enough to suggest. */
  suggestion?: string;
  /** True when the suggestion is so close (a typo) that renaming beats declaring. */
  typo: boolean;
  /** False when the same list already names the suggestion, so that renaming would repeat it. */
  renamable: boolean;
  /** True for the first use of the name, which alone carries the preferred "declare it" fix. */
  first: boolean;
}

/**
 * The references of a kind to names declared nowhere in the project, each written place once (a name
 * inherited by several services is written once); names left to interpolation and unfinished items are skipped.
 */
export function undefinedReferences(model: ComposeModel, kind: ReferenceKind, proj: Project, fields?: readonly ReferenceField[]): UndefinedReference[] {
  const result: UndefinedReference[] = [];
  const seenRanges = new Set<string>();
  const seenNames = new Set<string>();
  for (const ref of referencesOf(model, kind)) {
    if (!ref.name || ref.name.includes('$') || (fields && !fields.includes(ref.field))) continue;
    if (proj.declares(kind, ref.name) !== false) continue;
    const at = `${ref.range.start.line}:${ref.range.start.character}`;
    if (seenRanges.has(at)) continue;
    seenRanges.add(at);
    // A suggestion must keep some of the name: any two-letter name is two edits away from `db`.
    const near = closest(ref.name, proj.names(kind));
    const suggestion = near !== undefined && editDistance(ref.name.toLowerCase(), near.toLowerCase()) < ref.name.length ? near : undefined;
    const listed = referencesOf(model, kind).some((r) => r.service === ref.service && r.field === ref.field && r.name === suggestion);
    result.push({
      ref,
      suggestion,
      typo: suggestion !== undefined && isTypo(ref.name, suggestion),
      renamable: suggestion !== undefined && !listed,
      first: !seenNames.has(ref.name),
    });
    seenNames.add(ref.name);
  }
  return result;
}

/** A slip of the keyboard rather than a different name: at most two edits, and few for a short name. */
function isTypo(name: string, candidate: string): boolean {
  const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
  return distance <= 2 && 3 * distance <= name.length;
}

/** Names that Compose accepts as keys of a top-level section. */
const DECLARABLE = /^[a-zA-Z0-9._-]+$/;

/**
 * The fixes for a reference to an undeclared name: rename it to the suggestion, and declare it at top
 * level with `body` under it (`file: …` for secrets); the rename is preferred for a typo, the declaration otherwise.
 */
export function undefinedFixes(model: ComposeModel, u: UndefinedReference, section: DeclarationKind, body: Record<string, string> = {}): Fix[] {
  const fixes: Fix[] = [];
  // An inherited name is renamed where it is written: every service that inherits it names the same
  // undeclared thing, so the one edit fixes them all.
  if (u.suggestion !== undefined && u.renamable) {
    // Renaming or declaring changes what the service gets (Compose refuses the file until then): never applied in bulk.
    fixes.push({ title: `Change to \`${u.suggestion}\``, preferred: u.typo, safe: false, edits: [renameEdit(u.ref, u.suggestion)] });
  }
  const declare = DECLARABLE.test(u.ref.name) ? declareEdit(model, section, u.ref.name, body) : undefined;
  if (declare) {
    fixes.push({ title: `Declare \`${u.ref.name}\` under top-level \`${section}:\``, preferred: !u.typo && u.first, safe: false, edits: [declare] });
  }
  return fixes;
}

/** Replaces a reference's name. */
export function renameEdit(ref: Reference, name: string): FileEdit {
  return { range: ref.range, newText: name };
}

/**
 * An edit that declares `name` in a top-level section, with `body` keys under it: appended to the
 * section when it exists, else a new section at the end of the file. Undefined when the section cannot
 * be edited in place (inherited, an alias, or not a mapping).
 */
export function declareEdit(model: ComposeModel, section: DeclarationKind, name: string, body: Record<string, string> = {}): FileEdit | undefined {
  const lines = model.lines;
  const eol = lines.eol;
  const unit = ' '.repeat(model.indentUnit);
  const bodyPairs = Object.entries(body);
  const block = (indent: string) => `${indent}${name}:` + bodyPairs.map(([k, v]) => `${eol}${indent}${unit}${k}: ${v}`).join('');
  const existing = model.root(section);
  if (!existing) {
    const root = model.doc.contents;
    // A misspelled section (`olumes:`) is compose-schema's to rename; a new section beside it would be declared
    // twice once both fixes apply, which Compose refuses.
    if (isMap(root) && root.items.some((pair) => isScalar(pair.key) && isTypo(String(pair.key.value), section))) return undefined;
    // The new section stands where the other top-level keys do, even when the file indents them all.
    const firstKey = isMap(root) ? root.items[0]?.key : undefined;
    const rootIndent = ' '.repeat(isScalar(firstKey) ? lines.positionAt(firstKey.range?.[0] ?? 0).character : 0);
    const text = model.text;
    const separator = text.length === 0 || text.endsWith('\n') || text.endsWith('\r') ? '' : eol;
    const end = lines.positionAt(text.length);
    return { range: { start: end, end }, newText: `${separator}${rootIndent}${section}:${eol}${block(rootIndent + unit)}${eol}` };
  }
  if (existing.merged || isAlias(existing.value)) return undefined;
  const value = existing.value;
  if (isMap(value) && value.flow) {
    const close = (value.range?.[1] ?? 0) - 1;
    if (model.text[close] !== '}') return undefined;
    let at = close;
    while (at > 0 && /\s/.test(model.text[at - 1])) at--;
    const flowBody = bodyPairs.length > 0 ? `{${bodyPairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}` : '{}';
    const position = lines.positionAt(at);
    return { range: { start: position, end: position }, newText: `${value.items.length > 0 ? ', ' : ''}${name}: ${flowBody}` };
  }
  if (isMap(value) && value.items.length > 0) {
    const firstKey = value.items[0].key;
    const indent = ' '.repeat(lines.positionAt(isScalar(firstKey) ? (firstKey.range?.[0] ?? 0) : 0).character);
    const last = value.items[value.items.length - 1];
    const position = { line: lastLine(model, span(last)), character: 0 };
    position.character = lines.lineEnd(position.line) - lines.lineStart(position.line);
    return { range: { start: position, end: position }, newText: eol + block(indent) };
  }
  // An empty section (`volumes:` with nothing under it).
  if (value === null || (isScalar(value) && value.value === null && value.range?.[0] === value.range?.[1])) {
    const key = lines.positionAt(existing.keyNode.range?.[0] ?? 0);
    const position = { line: key.line, character: lines.lineEnd(key.line) - lines.lineStart(key.line) };
    return { range: { start: position, end: position }, newText: eol + block(' '.repeat(key.character) + unit) };
  }
  return undefined;
}

/**
 * An edit that removes a top-level declaration's lines, and its section key when nothing else is left
 * in it. Undefined when that cannot be done line-wise (inherited, or a flow mapping).
 */
export function removeDeclarationEdit(model: ComposeModel, section: DeclarationKind, declaration: Declaration): FileEdit | undefined {
  const container = model.root(section);
  const map = container?.value;
  if (!container || declaration.merged || container.merged || !isMap(map) || map.flow) return undefined;
  const pair = map.items.find((p) => p.key === declaration.keyNode);
  if (!pair) return undefined;
  const lines = model.lines;
  const alone = map.items.length === 1;
  const key = lines.positionAt((alone ? container.keyNode : declaration.keyNode).range?.[0] ?? 0);
  // Comment lines right above the key, at its indentation, describe it and go with it.
  let from = key.line;
  while (from > 0 && new RegExp(`^ {${key.character}}#`).test(lines.lineText(from - 1))) from--;
  const to = lastLine(model, span(pair));
  let start = lines.lineStart(from);
  let end = to + 1 < lines.lineCount ? lines.lineStart(to + 1) : model.text.length;
  if (end === model.text.length && from > 0 && !/[\r\n]$/.test(model.text)) {
    // The last line has no line break: take the one before it instead.
    start = lines.lineEnd(from - 1);
  }
  const blank = (line: number) => line >= 0 && line < lines.lineCount && lines.lineText(line).trim() === '';
  if (alone && blank(from - 1) && (end === model.text.length || blank(to + 1))) {
    // A whole section goes with the blank line that separated it, so no double blank line is left.
    start = lines.lineStart(from - 1);
  }
  return { range: { start: lines.positionAt(start), end: lines.positionAt(end) }, newText: '' };
}

/** The last line holding a node's text (a block value's range ends after its line break). */
function lastLine(model: ComposeModel, offsets: [number, number] | undefined): number {
  if (!offsets) return 0;
  const [start, end] = offsets;
  return model.lines.positionAt(Math.max(start, end - 1)).line;
}
