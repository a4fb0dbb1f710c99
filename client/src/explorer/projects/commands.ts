// Compose lifecycle commands: Up, Up Selected Services, Down, Restart, Logs and Pull, from a Compose file (its
// code lens on `services:`, the editor title menu, the palette) or from a project group in the explorer. Each
// runs the Compose CLI in an integrated terminal, pointed at the explorer's engine, where its progress shows.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { config } from '../../config';
import { findOnPath } from '../cli';
import { parseComposeFile } from '../compose';
import { dockerCliEnv } from '../containers/actions';
import type { CommandKit } from '../kit';
import type { ExplorerNode } from '../model';
import { ComposeAction, composeArgs, composeCwd, ComposeOptions, ComposeTarget, confirmDown, findCompose, runsQuietly, targetOfProject } from './lifecycle';

/** The glob that finds Compose files in the workspace. */
const COMPOSE_FILES = '**/{docker-compose,compose}*.{yml,yaml}';

export function registerProjectCommands(kit: CommandKit): void {
  // A Compose file (from the lens or the editor title), a project group (from the explorer), or asked for.
  const targetOf = async (arg: unknown): Promise<{ target: ComposeTarget; project: string; services: string[] } | undefined> => {
    const node = arg as ExplorerNode | undefined;
    if (node?.resource?.type === 'project') {
      const project = node.resource.name;
      const target = targetOfProject(project, await kit.engine().listContainers());
      if (!target) {
        void vscode.window.showErrorMessage(`DockML: the containers of Compose project “${project}” do not say which files made it; run Compose from its file instead.`);
        return undefined;
      }
      return { target, project, services: [] };
    }
    let uri = arg instanceof vscode.Uri ? arg : undefined;
    if (!uri) {
      const active = vscode.window.activeTextEditor?.document;
      if (active && /(^|[\\/])(docker-)?compose[^\\/]*\.ya?ml$/i.test(active.fileName)) uri = active.uri;
    }
    if (!uri) {
      const files = await vscode.workspace.findFiles(COMPOSE_FILES, '**/node_modules/**', 200);
      if (files.length === 0) {
        void vscode.window.showInformationMessage('DockML: no Compose file (compose*.yml, docker-compose*.yml) in this workspace.');
        return undefined;
      }
      const picked =
        files.length === 1
          ? files[0]
          : (await vscode.window.showQuickPick(files.map((file) => ({ label: vscode.workspace.asRelativePath(file), file })), { title: 'Which Compose file?' }))?.file;
      if (!picked) return undefined;
      uri = picked;
    }
    const info = parseComposeFile(uri.fsPath, fs.readFileSync(uri.fsPath, 'utf8'), process.env);
    return { target: { files: [uri.fsPath] }, project: info.project, services: info.services?.names ?? [] };
  };

  const run = async (action: ComposeAction, arg: unknown, choose?: (found: { project: string; services: string[] }) => Promise<ComposeOptions | undefined>) => {
    const found = await targetOf(arg);
    if (!found) return;
    const tool = findCompose({ setting: config.composePath, which: (name) => findOnPath(name), runs: runsQuietly });
    if ('error' in tool) {
      void vscode.window.showErrorMessage(`DockML: ${tool.error}`);
      return;
    }
    const options = choose ? await choose(found) : {};
    if (!options) return;
    const args = [...tool.prefix, ...composeArgs(action, found.target, options)];
    const terminal = vscode.window.createTerminal({
      name: `${tool.name} ${action}: ${found.project}`,
      shellPath: tool.command,
      shellArgs: args,
      cwd: composeCwd(found.target),
      env: dockerCliEnv(kit.engine().endpoint),
      iconPath: new vscode.ThemeIcon('layers'),
    });
    terminal.show();
  };

  kit.register('dockml.explorer.composeUp', (arg?: unknown) => run('up', arg));
  kit.register('dockml.explorer.composeUpServices', (arg?: unknown) =>
    run('up', arg, async ({ services }) => {
      if (services.length === 0) return {};
      const picked = await vscode.window.showQuickPick(services, { title: 'Up which services?', canPickMany: true });
      return picked && picked.length > 0 ? { services: picked } : undefined;
    }),
  );
  kit.register('dockml.explorer.composeDown', (arg?: unknown) =>
    run('down', arg, async ({ project }) => confirmDown(project, await kit.engine().listContainers(), kit.ui)),
  );
  kit.register('dockml.explorer.composeRestart', (arg?: unknown) => run('restart', arg));
  kit.register('dockml.explorer.composeLogs', (arg?: unknown) => run('logs', arg));
  kit.register('dockml.explorer.composePull', (arg?: unknown) => run('pull', arg));
}
