// Compose navigation: the outline (services, networks, volumes, secrets and configs), and the
// occurrences of a service, network, volume, secret or config name (its declaration and every reference,
// in this file, the files that `include` it and the files they all `include`) for find-references, highlights and rename.
import { pathToFileURL } from 'node:url';
import { DocumentHighlight, DocumentHighlightKind, DocumentSymbol, ErrorCodes, Location, Position, Range, ResponseError, SymbolKind, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { FileHost } from '../../rules/types';
import { comparePositions, rangeContains } from '../../text';
import type { ComposeModel, DeclarationKind } from '../../compose/model';
import { includedFiles, includingFiles, ReferenceKind, referenceAt, SECTION, usesOf } from '../../compose/references';

const SECTIONS: { key: 'services' | DeclarationKind; kind: SymbolKind }[] = [
  { key: 'services', kind: SymbolKind.Class },
  { key: 'networks', kind: SymbolKind.Interface },
  { key: 'volumes', kind: SymbolKind.Struct },
  { key: 'secrets', kind: SymbolKind.Key },
  { key: 'configs', kind: SymbolKind.File },
];

/** The outline: each top-level section with its entries. */
export function composeSymbols(model: ComposeModel): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const section of SECTIONS) {
    const root = model.root(section.key);
    const keyRange = root && model.rangeOf(root.keyNode);
    if (!root || !keyRange) continue;
    const entries =
      section.key === 'services'
        ? model.services.map((s) => ({ name: s.name, keyRange: s.keyRange, range: model.rangeOf(s.node) }))
        : [...model.declared(section.key).values()].map((d) => ({ name: d.name, keyRange: d.keyRange, range: model.rangeOf(d.value) }));
    const children = entries.map((e) => ({
      name: e.name,
      kind: section.kind,
      range: e.range && comparePositions(e.range.end, e.keyRange.end) > 0 ? { start: e.keyRange.start, end: e.range.end } : e.keyRange,
      selectionRange: e.keyRange,
    }));
    const end = children.reduce((last, c) => (comparePositions(c.range.end, last) > 0 ? c.range.end : last), model.rangeOf(root.value)?.end ?? keyRange.end);
    symbols.push({ name: section.key, kind: SymbolKind.Namespace, range: { start: keyRange.start, end }, selectionRange: keyRange, children });
  }
  return symbols;
}

/** A name of one kind. */
interface Target {
  kind: ReferenceKind;
  name: string;
}

const at = (range: Range, position: Position) => rangeContains(range, { start: position, end: position });

/** The name under the cursor: a reference, a service's key or a top-level declaration's key. */
function targetAt(model: ComposeModel, position: Position): Target | undefined {
  const ref = referenceAt(model, position);
  if (ref) return ref.name && !ref.name.includes('$') ? { kind: ref.kind, name: ref.name } : undefined;
  const service = model.services.find((s) => at(s.keyRange, position));
  if (service) return { kind: 'service', name: service.name };
  for (const [kind, section] of Object.entries(SECTION) as [Exclude<ReferenceKind, 'service'>, DeclarationKind][]) {
    for (const declaration of model.declared(section).values()) if (at(declaration.keyRange, position)) return { kind, name: declaration.name };
  }
  return undefined;
}

/** The declaration and the references of a name in one file, each range once. */
function occurrences(model: ComposeModel, target: Target): { range: Range; declaration: boolean }[] {
  const found: { range: Range; declaration: boolean }[] = [];
  const declaration = target.kind === 'service' ? model.service(target.name) : model.declared(SECTION[target.kind]).get(target.name);
  if (declaration) found.push({ range: declaration.keyRange, declaration: true });
  const seen = new Set<string>();
  for (const ref of usesOf(model, target.kind, target.name)) {
    const key = `${ref.range.start.line}:${ref.range.start.character}`;
    if (!seen.has(key)) found.push({ range: ref.range, declaration: false });
    seen.add(key);
  }
  return found;
}

/** Where the document is, for the requests that reach other files: its URI, its path when saved, and the files around it. */
export interface ComposePlace {
  uri: string;
  path: string | undefined;
  files: FileHost;
  /** The files that may `include` the one at a path (open Compose documents, YAML files in the folders above). */
  includerCandidates(file: string): Iterable<string>;
}

/** Files that include files that include … this one, followed up this many levels at most. */
const MAX_INCLUDE_LEVELS = 4;

/**
 * The Compose files of the document's project as far as `include:` ties them: the files that include it (and
 * those that include them), then every file any of them includes. Compose merges them all into one project.
 */
function projectFiles(model: ComposeModel, place: ComposePlace): Map<string, ComposeModel> {
  if (!place.path) return new Map();
  const byPath = new Map([[place.path, model]]);
  let level = [place.path];
  for (let depth = 0; depth < MAX_INCLUDE_LEVELS && level.length > 0; depth++) {
    const next: string[] = [];
    for (const file of level) {
      for (const including of includingFiles(file, place.includerCandidates(file), place.files)) {
        if (byPath.has(including.path)) continue;
        byPath.set(including.path, including.model);
        next.push(including.path);
      }
    }
    level = next;
  }
  for (const [file, m] of [...byPath]) {
    for (const included of includedFiles(m, file, place.files)) if (!byPath.has(included.path)) byPath.set(included.path, included.model);
  }
  return byPath;
}

/** The name's occurrences in the document and in the files of its project, by URI. */
function everywhere(model: ComposeModel, place: ComposePlace, target: Target): Map<string, { range: Range; declaration: boolean }[]> {
  const byUri = new Map([[place.uri, occurrences(model, target)]]);
  for (const [file, m] of projectFiles(model, place)) {
    if (m === model) continue;
    const found = occurrences(m, target);
    if (found.length > 0) byUri.set(pathToFileURL(file).href, found);
  }
  return byUri;
}

export function composeHighlights(model: ComposeModel, position: Position): DocumentHighlight[] {
  const target = targetAt(model, position);
  if (!target) return [];
  return occurrences(model, target).map((o) => ({ range: o.range, kind: o.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}

export function composeReferences(model: ComposeModel, position: Position, place: ComposePlace, includeDeclaration: boolean): Location[] {
  const target = targetAt(model, position);
  if (!target) return [];
  const locations: Location[] = [];
  for (const [where, found] of everywhere(model, place, target)) {
    for (const o of found) if (includeDeclaration || !o.declaration) locations.push(Location.create(where, o.range));
  }
  return locations;
}

export function composePrepareRename(model: ComposeModel, position: Position): Range | null {
  const target = targetAt(model, position);
  return target ? (occurrences(model, target).find((o) => at(o.range, position))?.range ?? null) : null;
}

/** Renames a name everywhere it occurs; a name Compose would not accept is refused with the reason. */
export function composeRename(model: ComposeModel, position: Position, newName: string, place: ComposePlace): WorkspaceEdit | undefined {
  const target = targetAt(model, position);
  if (!target) return undefined;
  if (!/^[a-zA-Z0-9._-]+$/.test(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `A Compose ${target.kind} name takes only letters, digits, ".", "_" and "-": "${newName}" does not work.`);
  const changes: Record<string, TextEdit[]> = {};
  for (const [where, found] of everywhere(model, place, target)) changes[where] = found.map((o) => ({ range: o.range, newText: newName }));
  return { changes };
}
