// Code lenses and hovers on a Compose file: Up, Down, Restart, Logs and Pull on `services:`, and on each top-level
// `networks:` and `volumes:` entry whether it is live.
import * as vscode from 'vscode';
import { COMPOSE_GLOB } from './commands';
import { liveStatus, parseComposeFile, type LiveStatus } from './compose';
import { classifyFault } from './errors';
import type { ContainerJson, NetworkJson, VolumeJson } from './model';
import type { ExplorerProvider } from './provider';

interface LiveSnapshot {
  networks: NetworkJson[];
  volumes: VolumeJson[];
  containers: ContainerJson[];
}

// Lenses of several open Compose files are computed together; one engine read serves them for a short while.
const SNAPSHOT_TTL_MS = 3000;

export function registerComposeLens(context: vscode.ExtensionContext, provider: ExplorerProvider): void {
  const changed = new vscode.EventEmitter<void>();
  let cached: { at: number; snapshot: Promise<LiveSnapshot> } | undefined;

  const snapshot = (): Promise<LiveSnapshot> => {
    if (cached && Date.now() - cached.at < SNAPSHOT_TTL_MS) return cached.snapshot;
    const engine = provider.engine;
    const read = engine
      ? Promise.all([engine.listNetworks(), engine.listVolumes(), engine.listContainers()]).then(([networks, volumes, containers]) => ({
          networks,
          volumes,
          containers,
        }))
      : Promise.reject(new Error('No usable Docker endpoint.'));
    cached = { at: Date.now(), snapshot: read };
    return read;
  };

  const statuses = async (document: vscode.TextDocument) => {
    const info = parseComposeFile(document.uri.fsPath, document.getText(), process.env);
    try {
      const live = await snapshot();
      return info.declarations.map((declaration) => ({ declaration, status: liveStatus(info.project, declaration, live) }));
    } catch (error) {
      const fault = classifyFault(error, provider.engine?.endpoint);
      const status: LiveStatus = { exists: false, summary: `Live status unknown: ${fault.title.toLowerCase()} (${fault.detail})` };
      return info.declarations.map((declaration) => ({ declaration, status }));
    }
  };

  const toRange = (r: { startLine: number; startCharacter: number; endLine: number; endCharacter: number }) =>
    new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);

  const selector: vscode.DocumentSelector = [{ language: 'dockercompose' }, { pattern: COMPOSE_GLOB }];

  context.subscriptions.push(
    changed,
    // The tree's refreshes already follow engine events, so the lenses follow the tree.
    provider.onDidChange(() => {
      cached = undefined;
      changed.fire();
    }),
    vscode.languages.registerCodeLensProvider(selector, {
      onDidChangeCodeLenses: changed.event,
      async provideCodeLenses(document) {
        // The lifecycle lens on `services:` needs no engine: the commands say themselves what is missing.
        const services = parseComposeFile(document.uri.fsPath, document.getText(), process.env).services;
        const lifecycle = services
          ? (
              [
                ['$(play) Up', 'dockml.explorer.composeUp'],
                ['Up Services…', 'dockml.explorer.composeUpServices'],
                ['$(debug-stop) Down', 'dockml.explorer.composeDown'],
                ['$(debug-restart) Restart', 'dockml.explorer.composeRestart'],
                ['$(output) Logs', 'dockml.explorer.composeLogs'],
                ['$(cloud-download) Pull', 'dockml.explorer.composePull'],
              ] as const
            ).map(([title, command]) => new vscode.CodeLens(toRange(services.range), { title, command, arguments: [document.uri] }))
          : [];
        return [...lifecycle, ...(await statuses(document)).map(
          ({ declaration, status }) =>
            new vscode.CodeLens(
              toRange(declaration.range),
              status.ref
                ? { title: `$(pass-filled) ${status.summary}`, command: 'dockml.explorer.inspect', arguments: [status.ref] }
                : { title: `$(circle-large-outline) ${status.summary}`, command: '' },
            ),
        )];
      },
    }),
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(document, position) {
        const hit = (await statuses(document)).find(({ declaration }) => toRange(declaration.range).contains(position));
        if (!hit) return undefined;
        const { declaration, status } = hit;
        const text = new vscode.MarkdownString(`**${declaration.type} \`${declaration.key}\`** → \`${declaration.liveName}\`\n\n${status.summary}`);
        return new vscode.Hover(text, toRange(declaration.range));
      },
    }),
  );
}
