// Outline, folding, highlights, references, rename, links and formatting for either kind of document:
// each request goes to the Dockerfile or the Compose implementation by the document's model.
import { DocumentHighlightKind } from 'vscode-languageserver';
import type { DocumentHighlight, DocumentLink, DocumentSymbol, FoldingRange, FormattingOptions, Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { ParsedModel } from '../analysis/diagnostics';
import { DockerfileModel } from '../dockerfile/model';
import { ComposePlace, composeHighlights, composePrepareRename, composeReferences, composeRename, composeSymbols } from './compose/navigation';
import { dockerfileFolding, dockerfileHighlights, dockerfileLinks, dockerfilePrepareRename, dockerfileRename, dockerfileSymbols } from './dockerfile/features';
import { formatDockerfile } from './dockerfile/format';

/**
 * Where the document is: its URI, its path when saved, the files around it (open documents' text first), and the
 * files that may `include` a Compose file.
 */
export type DocumentPlace = ComposePlace;

export function documentSymbols(model: ParsedModel): DocumentSymbol[] {
  return model instanceof DockerfileModel ? dockerfileSymbols(model) : composeSymbols(model);
}

/** Dockerfile folding; Compose files fold by indentation in the editor itself. */
export function foldingRanges(model: ParsedModel): FoldingRange[] {
  return model instanceof DockerfileModel ? dockerfileFolding(model) : [];
}

export function highlights(model: ParsedModel, position: Position): DocumentHighlight[] {
  return model instanceof DockerfileModel ? dockerfileHighlights(model, position) : composeHighlights(model, position);
}

export function findReferences(model: ParsedModel, position: Position, place: DocumentPlace, includeDeclaration: boolean): Location[] {
  if (!(model instanceof DockerfileModel)) return composeReferences(model, position, place, includeDeclaration);
  return dockerfileHighlights(model, position)
    .filter((h) => includeDeclaration || h.kind !== DocumentHighlightKind.Write)
    .map((h) => ({ uri: place.uri, range: h.range }));
}

export function prepareRename(model: ParsedModel, position: Position): Range | null {
  return model instanceof DockerfileModel ? dockerfilePrepareRename(model, position) : composePrepareRename(model, position);
}

export function rename(model: ParsedModel, position: Position, newName: string, place: DocumentPlace): WorkspaceEdit | null {
  if (!(model instanceof DockerfileModel)) return composeRename(model, position, newName, place) ?? null;
  const edits = dockerfileRename(model, position, newName);
  return edits.length > 0 ? { changes: { [place.uri]: edits } } : null;
}

export function documentLinks(model: ParsedModel): DocumentLink[] {
  return model instanceof DockerfileModel ? dockerfileLinks(model) : [];
}

/** Dockerfile formatting; Compose files are left to YAML formatters. */
export function format(model: ParsedModel, options: FormattingOptions): TextEdit[] {
  return model instanceof DockerfileModel ? formatDockerfile(model, options) : [];
}
