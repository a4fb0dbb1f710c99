// Code actions, generically: each quick fix is read from the fixes stored with its diagnostic
// (`Diagnostic.data`, with the document version they were computed for), never chosen by rule id; fix-all
// takes every preferred fix that is safe and creates no file. Every edit names the version it was made for.
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  CreateFile,
  Diagnostic,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { Finding, preferredEdits } from '../analysis/diagnostics';
import type { FileEdit, Fix } from '../rules/types';

export const SOURCE = 'dockml';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dockml`;

/** What a DockML diagnostic carries for its code actions. */
export interface DiagnosticData {
  /** The document version the diagnostic, and the offsets of its fixes, were computed for. */
  version: number;
  fixes: Fix[];
}

/** The document an action edits, the version its edits were computed for, and whether the client takes versioned edits. */
export interface EditTarget {
  uri: string;
  version: number;
  /** The client supports `WorkspaceEdit.documentChanges`, so edits can carry the version and the client refuses them once it has moved on. */
  documentChanges: boolean;
}

/** Marks a fix offered in the editor that may change what the image or stack does. */
const UNSAFE_SUFFIX = ' (unsafe)';

/**
 * One quick fix per fix stored on each DockML diagnostic in the request, unsafe ones labelled as such. A
 * diagnostic computed for another version than `target.version` gives none: its offsets no longer hold.
 */
export function quickFixes(target: EditTarget, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    const data = diagnostic.data as DiagnosticData | undefined;
    if (data?.version !== target.version) continue;
    for (const fix of data.fixes ?? []) {
      actions.push({
        title: fix.safe ? fix.title : `${fix.title}${UNSAFE_SUFFIX}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred === true && fix.safe,
        edit: toWorkspaceEdit(target, fix.edits),
      });
    }
  }
  return actions;
}

/**
 * One action applying every preferred fix of a document that fix-all may apply unasked, or none when there
 * is nothing to fix: a fix that is safe and creates no file (creating one is a quick fix of its own), as
 * `bulkFix` decides for `dockml fix` too.
 */
export function fixAllAction(target: EditTarget, findings: Finding[]): CodeAction | undefined {
  const edits = preferredEdits(findings);
  if (edits.length === 0) return undefined;
  return { title: 'Fix all safe DockML problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit(target, edits) };
}

/**
 * Turns engine edits (the document's own, or another file's by absolute path) into a workspace edit. When
 * the client takes document changes, the document's own edits carry `target.version`, so an edit made for
 * one version is never applied to another.
 */
export function toWorkspaceEdit(target: EditTarget, edits: FileEdit[]): WorkspaceEdit {
  const byUri = new Map<string, TextEdit[]>();
  const creates: string[] = [];
  for (const edit of edits) {
    const uri = edit.file === undefined ? target.uri : pathToFileURL(edit.file).href;
    if (edit.create) creates.push(uri);
    const list = byUri.get(uri) ?? [];
    list.push(TextEdit.replace(edit.range, edit.newText));
    byUri.set(uri, list);
  }
  if (creates.length === 0 && !target.documentChanges) return { changes: Object.fromEntries(byUri) };
  return {
    documentChanges: [
      ...creates.map((uri) => CreateFile.create(uri, { ignoreIfExists: true })),
      ...[...byUri].map(([uri, list]) => TextDocumentEdit.create({ uri, version: uri === target.uri ? target.version : null }, list)),
    ],
  };
}
