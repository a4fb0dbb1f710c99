// The `dockml.restartServer` command: stops and starts the language server, reporting failures plainly.
import * as vscode from 'vscode';
import type { Context } from '../context';

export function registerRestartServer(ctx: Context): vscode.Disposable {
  return vscode.commands.registerCommand('dockml.restartServer', async () => {
    try {
      await ctx.restart();
      void vscode.window.setStatusBarMessage('DockML language server restarted', 3000);
    } catch (error) {
      void vscode.window.showErrorMessage(`DockML: could not restart the language server: ${(error as Error).message}`);
    }
  });
}
