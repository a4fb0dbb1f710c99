// The Containers view's commands, also offered on the containers under networks and volumes: start, stop,
// restart, remove, follow the log in a terminal, open a shell in an integrated terminal, copy the IP address,
// and open a published port in the browser.
import * as vscode from 'vscode';
import { findOnPath } from '../cli';
import type { CommandKit } from '../kit';
import { plainFailure } from '../errors';
import { containerRef, type ExplorerNode } from '../model';
import { changeState, ContainerRef, LogFollower, portUrl, removeContainer, shellCommand } from './actions';

export function registerContainerCommands(kit: CommandKit): void {
  // From a tree node, or asked for from the palette among the containers in `states` (all when omitted).
  const containerOf = async (node: ExplorerNode | undefined, states?: string[]): Promise<ContainerRef | undefined> => {
    if (node?.resource?.type === 'container') return node.resource;
    const containers = (await kit.engine().listContainers()).filter((c) => !states || states.includes(c.State ?? ''));
    if (containers.length === 0) {
      void vscode.window.showInformationMessage(states ? `No ${states.join(' or ')} container.` : 'No container.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      containers.map((c) => ({ label: containerRef(c).name, description: [c.Status, c.Image].filter(Boolean).join(' · '), ref: containerRef(c) })),
      { title: 'Choose a container', matchOnDescription: true },
    );
    return picked?.ref;
  };

  for (const action of ['start', 'stop', 'restart'] as const) {
    const from = action === 'start' ? ['exited', 'created', 'dead'] : ['running', 'paused', 'restarting'];
    kit.register(`dockml.explorer.${action}Container`, async (node?: ExplorerNode) => {
      const ref = await containerOf(node, from);
      if (!ref) return;
      const outcome = await vscode.window.withProgress(
        { location: { viewId: 'dockml.containers' }, title: `${action} ${ref.name}` },
        () => changeState(kit.engine(), ref, action),
      );
      await kit.report(outcome, 'all');
    });
  }

  kit.register('dockml.explorer.removeContainer', async (node?: ExplorerNode) => {
    const ref = await containerOf(node);
    if (ref) await kit.report(await removeContainer(kit.engine(), ref, kit.ui), 'all');
  });

  kit.register('dockml.explorer.showLogs', async (node?: ExplorerNode) => {
    const ref = await containerOf(node);
    if (!ref) return;
    const engine = kit.engine();
    const write = new vscode.EventEmitter<string>();
    let follower: LogFollower | undefined;
    // The log goes to a pseudo-terminal: it follows new lines, keeps colours, and closes like any terminal.
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      open: () => {
        write.fire(`\x1b[2mFollowing the log of ${ref.name} with timestamps (the last 200 lines first); close the terminal to stop.\x1b[0m\r\n`);
        follower = new LogFollower(() => kit.provider.engine ?? engine, ref, {
          line: (text, stream) => write.fire(`${stream === 'stderr' ? '\x1b[31m' : ''}${text}${stream === 'stderr' ? '\x1b[0m' : ''}\r\n`),
          note: (text) => write.fire(`\x1b[33m${text}\x1b[0m\r\n`),
        }, { describe: (error) => plainFailure(error, (kit.provider.engine ?? engine).endpoint) });
        follower.start();
      },
      close: () => {
        follower?.close();
        write.dispose();
      },
    };
    vscode.window.createTerminal({ name: `Logs: ${ref.name}`, pty, iconPath: new vscode.ThemeIcon('output') }).show();
  });

  kit.register('dockml.explorer.openShell', async (node?: ExplorerNode) => {
    const ref = await containerOf(node, ['running']);
    if (!ref) return;
    const docker = findOnPath('docker');
    if (!docker) {
      void vscode.window.showErrorMessage('DockML: Open Shell runs `docker exec`, but the docker CLI is not on the PATH. Install the docker CLI (Debian: docker.io or docker-ce-cli) and try again.');
      return;
    }
    const { command, args, env } = shellCommand(ref, kit.engine().endpoint, docker);
    vscode.window.createTerminal({ name: `Shell: ${ref.name}`, shellPath: command, shellArgs: args, env, iconPath: new vscode.ThemeIcon('terminal') }).show();
  });

  kit.register('dockml.explorer.copyIp', async (node?: ExplorerNode) => {
    const ref = await containerOf(node, ['running']);
    if (!ref) return;
    if (!ref.ip) {
      void vscode.window.showInformationMessage(`Container “${ref.name}” has no IP address (it is not running, or its network gives none, like host or none).`);
      return;
    }
    await vscode.env.clipboard.writeText(ref.ip);
    void vscode.window.setStatusBarMessage(`Copied ${ref.ip}`, 3000);
  });

  kit.register('dockml.explorer.openPort', async (node?: ExplorerNode) => {
    const ref = await containerOf(node, ['running']);
    if (!ref) return;
    const ports = (ref.ports ?? []).filter((p) => p.protocol === 'tcp');
    if (ports.length === 0) {
      void vscode.window.showInformationMessage(`Container “${ref.name}” publishes no TCP port on the host.`);
      return;
    }
    const endpoint = kit.engine().endpoint;
    const port =
      ports.length === 1
        ? ports[0]
        : (await vscode.window.showQuickPick(
            ports.map((p) => ({ label: portUrl(p, endpoint), description: `container port ${p.containerPort}`, port: p })),
            { title: `Open which port of ${ref.name}?` },
          ))?.port;
    if (port) await vscode.env.openExternal(vscode.Uri.parse(portUrl(port, endpoint)));
  });
}
