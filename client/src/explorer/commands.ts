// The explorer's shared commands (refresh, inspect, remove, prune, copy, Compose definition) and the kit every
// view's own commands use: registration with plain-words errors, the engine, dialogs, progress and results.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { config } from '../config';
import type { ActionOutcome, ActionUi } from './actions';
import { findDeclaration, parseComposeFile } from './compose';
import { contextOverride, listContexts, useContextText } from './contexts';
import { dockerConfigDir } from './endpoint';
import { registerContainerCommands } from './containers/commands';
import { registerImageCommands } from './images/commands';
import type { EngineApi } from './engine';
import type { CommandKit } from './kit';
import { plainFailure } from './errors';
import { isBuiltinNetwork, type ExplorerNode, type ResourceRef, type ViewId } from './model';
import { registerNetworkCommands } from './networks/commands';
import { registerProjectCommands } from './projects/commands';
import type { ExplorerProvider } from './provider';
import type { RefreshManager } from './refresh';
import { inspectJson, prune, removeResource } from './removal';
import { registerVolumeCommands } from './volumes/commands';

/** The glob that finds Compose files in the workspace, shared with the code lens. */
export const COMPOSE_GLOB = '**/{docker-compose,compose}*.{yml,yaml}';
const INSPECT_SCHEME = 'dockml-inspect';

export function registerCommands(context: vscode.ExtensionContext, provider: ExplorerProvider, refresh: RefreshManager, reconnect: () => void): void {
  const register = (id: string, run: (...args: any[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await run(...args);
        } catch (error) {
          void vscode.window.showErrorMessage(`DockML: ${plainFailure(error, provider.engine?.endpoint)}`);
        }
      }),
    );

  // Commands that need the engine say so plainly when there is none, instead of failing somewhere inside.
  const engine = (): EngineApi => {
    const current = provider.engine;
    if (!current) throw new Error('No usable Docker endpoint: fix dockml.docker.host, DOCKER_HOST or the Docker context (the views say what is wrong).');
    return current;
  };
  // A declined confirmation is the user's own choice: it needs no notification, and nothing changed to redraw.
  const report = async (outcome: ActionOutcome, view: ViewId | 'all') => {
    if (outcome.cancelled) return;
    if (outcome.ok) void vscode.window.showInformationMessage(outcome.message);
    else void vscode.window.showErrorMessage(outcome.message);
    await refresh.request(view, 'manual');
  };
  const resourceOf = async (node: ExplorerNode | undefined) => node?.resource ?? (await pickResource(engine()));

  // Read-only editor tabs for the engine's JSON and for long lists, named by `name`.
  const inspected = new Map<string, string>();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, { provideTextDocumentContent: (uri) => inspected.get(uri.toString()) }),
  );
  const showReadOnly = async (name: string, text: string, language: string) => {
    const uri = vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${name}`, query: String(Date.now()) });
    inspected.set(uri.toString(), text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, language);
    await vscode.window.showTextDocument(doc, { preview: true });
  };

  // The dialogs every destructive action waits for, and the progress of long ones.
  const ui: ActionUi = {
    choose(message, detail, buttons, modal = true) {
      // A notification shows no detail, so the second, non-modal ask carries the question alone.
      return Promise.resolve(
        modal ? vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons) : vscode.window.showWarningMessage(message, ...buttons),
      );
    },
    showText: (title, text) => showReadOnly(`${title}.txt`, text, 'plaintext'),
    withProgress(title, work) {
      return Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
          let reported = 0;
          return work({
            report(done, total, current) {
              progress.report({ increment: ((done - reported) / total) * 100, message: `${done} of ${total}: ${current}` });
              reported = done;
            },
            get cancelled() {
              return token.isCancellationRequested;
            },
          });
        }),
      );
    },
  };

  const kit: CommandKit = { context, provider, refresh, register, engine, report, ui, showReadOnly };
  registerNetworkCommands(kit);
  registerVolumeCommands(kit);
  registerContainerCommands(kit);
  registerProjectCommands(kit);
  registerImageCommands(kit);

  register('dockml.explorer.refresh', () => refresh.request('all', 'manual'));
  // Switches the Docker context as `docker context use` does, so the docker CLI in terminals follows too.
  register('dockml.explorer.switchContext', async () => {
    const inputs = {
      env: process.env,
      homedir: os.homedir(),
      readFile: (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined),
      listDir: (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []),
    };
    const picked = await vscode.window.showQuickPick(
      listContexts(inputs).map((c) => ({
        label: `${c.current ? '$(check) ' : ''}${c.name}`,
        description: c.host,
        detail: c.description,
        name: c.name,
      })),
      { title: 'Switch the Docker context (as docker context use does)' },
    );
    if (!picked) return;
    const override = contextOverride(config.dockerHost, process.env);
    const file = path.join(dockerConfigDir(inputs), 'config.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, useContextText(inputs.readFile(file), picked.name));
    reconnect();
    const message = `Docker context is now “${picked.name}” (${file}).`;
    if (override) void vscode.window.showWarningMessage(`${message} The DockML views do not follow it: ${override}`);
    else void vscode.window.showInformationMessage(message);
  });
  register('dockml.explorer.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', 'dockml.docker.host'));

  register('dockml.explorer.inspect', async (node?: ExplorerNode | ResourceRef) => {
    const ref = node && 'type' in node ? node : await resourceOf(node);
    if (!ref || ref.type === 'project') return;
    await showReadOnly(`${ref.type}/${ref.name}.json`, await inspectJson(engine(), ref), 'json');
  });

  register('dockml.explorer.remove', async (node?: ExplorerNode) => {
    const ref = await resourceOf(node);
    if (!ref || (ref.type !== 'network' && ref.type !== 'volume')) return;
    await report(await removeResource(engine(), ref, ui), ref.type === 'network' ? 'networks' : 'volumes');
  });

  register('dockml.explorer.pruneNetworks', async () => report(await prune(engine(), 'network', ui), 'networks'));
  register('dockml.explorer.pruneVolumes', async () => report(await prune(engine(), 'volume', ui), 'volumes'));

  register('dockml.explorer.copyName', async (node?: ExplorerNode) => {
    const ref = await resourceOf(node);
    if (ref) await vscode.env.clipboard.writeText(ref.name);
  });
  register('dockml.explorer.copyId', async (node?: ExplorerNode) => {
    const ref = await resourceOf(node);
    if (ref) await vscode.env.clipboard.writeText(ref.type === 'volume' || ref.type === 'project' ? ref.name : ref.id);
  });

  register('dockml.explorer.goToDefinition', async (node?: ExplorerNode) => {
    const ref = await resourceOf(node);
    if (!ref || (ref.type !== 'network' && ref.type !== 'volume')) return;
    if (ref.type === 'network' && ref.builtin) {
      void vscode.window.showInformationMessage(`“${ref.name}” is a built-in network: the engine makes it, no Compose file does.`);
      return;
    }
    const files = await vscode.workspace.findFiles(COMPOSE_GLOB, '**/node_modules/**', 200);
    const parsed = await Promise.all(
      files.map(async (uri) => parseComposeFile(uri.fsPath, Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'), process.env)),
    );
    const found = findDeclaration(parsed, ref);
    if (!found) {
      const project = ref.project ? ` (Compose project “${ref.project}”)` : '';
      void vscode.window.showInformationMessage(`No Compose file in this workspace declares ${ref.type} “${ref.name}”${project}.`);
      return;
    }
    const { range } = found.declaration;
    await vscode.window.showTextDocument(vscode.Uri.file(found.file.file), {
      selection: new vscode.Range(range.startLine, range.startCharacter, range.endLine, range.endCharacter),
    });
  });
}

// Commands run from the palette have no tree node, so they ask which object to act on.
async function pickResource(engine: EngineApi): Promise<ResourceRef | undefined> {
  const [networks, volumes] = await Promise.all([engine.listNetworks(), engine.listVolumes()]);
  const items: Array<vscode.QuickPickItem & { ref: ResourceRef }> = [
    ...networks.map((n) => ({
      label: `$(type-hierarchy-sub) ${n.Name}`,
      description: `network · ${n.Driver}`,
      ref: { type: 'network' as const, id: n.Id, name: n.Name, builtin: isBuiltinNetwork(n), users: [] },
    })),
    ...volumes.map((v) => ({ label: `$(database) ${v.Name}`, description: `volume · ${v.Driver}`, ref: { type: 'volume' as const, name: v.Name, users: [] } })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Choose a network or volume', matchOnDescription: true });
  return picked?.ref;
}
