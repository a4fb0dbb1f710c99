// Extension entry point: wiring only. Every command is registered even when the server is down, and
// every disposable goes to context.subscriptions.
import * as vscode from 'vscode';
import { registerFixAll } from './commands/fixAll';
import { registerRestartServer } from './commands/restartServer';
import { needsRestart } from './config';
import { Context } from './context';
import { registerExplorer } from './explorer';
import { registerRuleDocs } from './commands/ruleDocs';
import { BUILD_CONTEXT_REQUEST, BuildContextAnswer, registerBuild, SERVICE_BUILD_REQUEST } from './build';
import type { ServiceBuild } from '../../server/src/project/serviceBuild';

export async function activate(extension: vscode.ExtensionContext): Promise<void> {
  const ctx = new Context(extension);
  registerRuleDocs(extension);
  const explorer = registerExplorer(extension);
  registerBuild(extension, {
    endpoint: () => explorer.engine?.endpoint,
    buildContext: (uri) => ctx.request<BuildContextAnswer>(BUILD_CONTEXT_REQUEST, { uri: uri.toString() }),
    serviceBuild: (uri, service) => ctx.request<ServiceBuild | null>(SERVICE_BUILD_REQUEST, { uri: uri.toString(), service }).then((found) => found ?? undefined),
  });
  extension.subscriptions.push(
    ctx,
    registerRestartServer(ctx),
    registerFixAll(),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsRestart(event)) void ctx.restart();
    }),
  );
  try {
    await ctx.start();
  } catch (error) {
    ctx.output.error(`The DockML language server did not start: ${(error as Error).message}`);
    void vscode.window.showErrorMessage('DockML: the language server did not start. See the DockML output for details.', 'Show output').then((choice) => {
      if (choice) ctx.output.show();
    });
  }
}

export function deactivate(): void {
  // The Context is disposed through context.subscriptions.
}
