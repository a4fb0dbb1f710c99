// Rule documentation as a rendered, read-only page: `dockml-rule:/<id>.md` documents served from the installed rule
// pages and shown in VS Code's Markdown preview, by the **DockML: Show Rule Documentation** command, by the command
// links in hovers, and by the links of diagnostics (which VS Code opens as a text editor, turned here into the preview).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { installedRules, RULE_DOCS_COMMAND, RULE_DOCS_SCHEME, ruleDocsUri, rulePageText } from '../../../server/src/editor/ruleDocs';

export function registerRuleDocs(context: vscode.ExtensionContext): void {
  const docsRoot = context.asAbsolutePath(path.join('docs', 'rules'));
  const show = async (rule?: string) => {
    const chosen = typeof rule === 'string' ? rule : await vscode.window.showQuickPick(installedRules(docsRoot), { placeHolder: 'The rule whose documentation to show' });
    if (chosen) await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.parse(ruleDocsUri(chosen)));
  };
  /** A rule page opened as text (a diagnostic's link) is shown as its preview instead. */
  const previewTextPages = async (editors: readonly vscode.TextEditor[]) => {
    for (const editor of editors) {
      if (editor.document.uri.scheme !== RULE_DOCS_SCHEME) continue;
      const uri = editor.document.uri;
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
      const text = tabs.filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString());
      await vscode.window.tabGroups.close(text);
    }
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOCS_SCHEME, { provideTextDocumentContent: (uri) => rulePageText(docsRoot, uri.path) }),
    vscode.commands.registerCommand(RULE_DOCS_COMMAND, show),
    vscode.window.onDidChangeVisibleTextEditors((editors) => void previewTextPages(editors)),
  );
}
