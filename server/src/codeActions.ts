// Code actions, generically: each quick fix is read from the fixes stored with its diagnostic
// (`Diagnostic.data`), never recomputed and never chosen by rule id; fix-all takes every preferred fix.
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
import { Finding, preferredEdits } from './diagnostics';
import type { FileEdit, Fix } from './rules/types';

export const SOURCE = 'dockml';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dockml`;

/** What a DockML diagnostic carries for its code actions. */
export interface DiagnosticData {
  fixes: Fix[];
}

/** One quick fix per fix stored on each DockML diagnostic in the request. */
export function quickFixes(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    const data = diagnostic.data as DiagnosticData | undefined;
    for (const fix of data?.fixes ?? []) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred === true,
        edit: toWorkspaceEdit(uri, fix.edits),
      });
    }
  }
  return actions;
}

/** One action applying every preferred fix of a document, or none when there is nothing to fix. */
export function fixAllAction(uri: string, findings: Finding[]): CodeAction | undefined {
  const edits = preferredEdits(findings);
  if (edits.length === 0) return undefined;
  return { title: 'Fix all DockML problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit(uri, edits) };
}

/** Turns engine edits (the document's own, or another file's by absolute path) into a workspace edit. */
export function toWorkspaceEdit(uri: string, edits: FileEdit[]): WorkspaceEdit {
  const byUri = new Map<string, TextEdit[]>();
  const creates: string[] = [];
  for (const edit of edits) {
    const target = edit.file === undefined ? uri : pathToFileURL(edit.file).href;
    if (edit.create) creates.push(target);
    const list = byUri.get(target) ?? [];
    list.push(TextEdit.replace(edit.range, edit.newText));
    byUri.set(target, list);
  }
  if (creates.length === 0) return { changes: Object.fromEntries(byUri) };
  return {
    documentChanges: [
      ...creates.map((target) => CreateFile.create(target, { ignoreIfExists: true })),
      ...[...byUri].map(([target, list]) => TextDocumentEdit.create({ uri: target, version: null }, list)),
    ],
  };
}
