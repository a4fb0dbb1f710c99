// The `dockml.fixAll` command (DockML: Fix All Problems): applies DockML's fix-all source action to the active
// Dockerfile or Compose file, the same safe fixes as `source.fixAll.dockml` on save.
import * as vscode from 'vscode';

const LANGUAGES = new Set(['dockerfile', 'dockercompose']);

export function registerFixAll(): vscode.Disposable {
  return vscode.commands.registerCommand('dockml.fixAll', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !LANGUAGES.has(editor.document.languageId)) {
      void vscode.window.showInformationMessage('DockML: open a Dockerfile or a Compose file to fix its problems.');
      return;
    }
    // VS Code asks the server for the action and applies it, or says there is nothing to apply.
    await vscode.commands.executeCommand('editor.action.codeAction', { kind: 'source.fixAll.dockml', apply: 'first' });
  });
}
