// The explorer's entry point: wires the engine, the provider, the refresh manager, every view, the commands
// and the Compose code lens together, and hands every disposable to the extension context.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { config } from '../config';
import { registerCommands } from './commands';
import { registerComposeLens } from './composeLens';
import { dockerConfigDir, resolveEndpoint } from './endpoint';
import { DockerEngine } from './engine';
import type { ViewSettings } from './model';
import { EngineOrError, ExplorerProvider } from './provider';
import { RefreshManager } from './refresh';
import { VIEW_DEFINITIONS, VIEWS } from './views';
import { ExplorerTreeAdapter } from './treeView';

/** Registers the explorer; returns its provider, whose engine other features (builds) run on. */
export function registerExplorer(context: vscode.ExtensionContext): ExplorerProvider {
  const output = vscode.window.createOutputChannel('DockML Explorer', { log: true });
  context.subscriptions.push(output);
  const log = (line: string) => output.info(line);

  const settings = (): ViewSettings => {
    const config = vscode.workspace.getConfiguration('dockml.explorer');
    return { groupByProject: config.get<boolean>('groupByProject', false), sortBy: config.get<string>('sortBy') === 'created' ? 'created' : 'name' };
  };

  // The endpoint is resolved again on every setting or context change; `key` tells whether it really moved.
  const connect = (): { connection: EngineOrError; key: string } => {
    try {
      const endpoint = resolveEndpoint({
        setting: config.dockerHost,
        env: process.env,
        platform: process.platform,
        homedir: os.homedir(),
        readFile: (file) => {
          try {
            return fs.readFileSync(file, 'utf8');
          } catch {
            return undefined;
          }
        },
        exists: (file) => fs.existsSync(file),
      });
      return { connection: { engine: new DockerEngine(endpoint, { log }) }, key: JSON.stringify(endpoint) };
    } catch (error) {
      return { connection: { error }, key: `error:${String(error)}` };
    }
  };

  let current = connect();
  // The Images view links layers to the workspace Dockerfiles their images were built from.
  const dockerfiles = async () =>
    (await vscode.workspace.findFiles('**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile}', '**/node_modules/**', 200)).map((uri) => uri.fsPath);
  const provider = new ExplorerProvider(current.connection, settings, log, VIEW_DEFINITIONS, { dockerfiles });
  log(`Reading ${provider.title}`);
  const refresh = new RefreshManager(
    provider,
    () => {
      const engine = provider.engine;
      if (!engine) throw new Error('no usable Docker endpoint');
      return engine;
    },
    { log },
  );
  context.subscriptions.push({ dispose: () => refresh.dispose() });

  const reconnect = (reason: 'config' | 'contextChange') => {
    const next = connect();
    if (next.key === current.key) return;
    current = next;
    provider.setConnection(next.connection);
    log(`Endpoint changed (${reason}): now reading ${provider.title}`);
    refresh.reconnect();
    void refresh.request('all', reason);
  };

  for (const view of VIEWS) {
    const adapter = new ExplorerTreeAdapter(provider, view);
    const tree = vscode.window.createTreeView(`dockml.${view}`, { treeDataProvider: adapter, showCollapseAll: true });
    tree.description = provider.title;
    context.subscriptions.push(
      adapter,
      tree,
      tree.onDidChangeVisibility((e) => refresh.setVisible(view, e.visible)),
      provider.onDidChange(() => {
        tree.description = provider.title;
      }),
    );
    if (tree.visible) refresh.setVisible(view, true);
  }

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('dockml.docker.host')) reconnect('config');
      else if (e.affectsConfiguration('dockml.explorer')) void refresh.request('all', 'config');
    }),
  );

  // `docker context use` rewrites config.json, and context creation writes under contexts/meta.
  const configDir = vscode.Uri.file(dockerConfigDir({ env: process.env, homedir: os.homedir() }));
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(configDir, '{config.json,contexts/meta/**}'));
  context.subscriptions.push(
    watcher,
    watcher.onDidChange(() => reconnect('contextChange')),
    watcher.onDidCreate(() => reconnect('contextChange')),
    watcher.onDidDelete(() => reconnect('contextChange')),
  );

  registerCommands(context, provider, refresh, () => reconnect('contextChange'));
  registerComposeLens(context, provider);
  return provider;
}
