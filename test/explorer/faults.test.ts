// Faults on a real engine, with the refresh manager's default timings as the extension registers them: the views
// show a clear state while the engine is gone or silent, and show the engine again within 2 s of it answering.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DockerEngine } from '../../client/src/explorer/engine';
import type { ExplorerNode } from '../../client/src/explorer/model';
import { ExplorerProvider } from '../../client/src/explorer/provider';
import { RefreshManager } from '../../client/src/explorer/refresh';
import { engineSkip, root, testEngine, throwawaySkip, waitFor } from './harness';

const settings = () => ({ groupByProject: false, sortBy: 'name' as const });
const isFault = (nodes: ExplorerNode[]) => nodes[0]?.contextValue?.startsWith('state.') && nodes[0].contextValue !== 'state.empty';

/** Resolves with the time at which the containers view shows the engine again (not a state node). */
async function shownAgain(provider: ExplorerProvider): Promise<number> {
  await waitFor(provider, async () => (isFault(await provider.getChildren('containers')) ? undefined : true), 'the view to show the engine again', 30_000);
  return Date.now();
}

describe('an engine that stops and returns', { skip: throwawaySkip }, () => {
  const dockerd = (command: 'start' | 'stop') =>
    execFileSync(path.join(root, 'scripts', 'dockerd.sh'), [command, process.env.DOCKML_DOCKERD_DIR!], { stdio: ['ignore', 'ignore', 'inherit'] });

  it('shows the unreachable node, then the engine within 2 s of it answering, after a 6 s outage', async () => {
    const engine = testEngine();
    const provider = new ExplorerProvider({ engine }, settings);
    const manager = new RefreshManager(provider, () => engine);
    try {
      manager.setVisible('containers', true);
      await waitFor(provider, async () => (manager.streamState === 'open' ? true : undefined), 'the events stream');
      dockerd('stop');
      const down = await waitFor(provider, async () => {
        const nodes = await provider.getChildren('containers');
        return nodes[0]?.contextValue === 'state.unreachable' ? nodes : undefined;
      }, 'the unreachable node');
      assert.equal(down.find((n) => n.label === 'Retry')?.description, 'automatic every second while a view is open');
      await new Promise((r) => setTimeout(r, 6000));
      dockerd('start');
      const answering = Date.now();
      const back = await shownAgain(provider);
      assert.ok(back - answering < 2000, `the view came back ${back - answering} ms after the engine answered`);
    } finally {
      manager.dispose();
      dockerd('start');
    }
  });
});

describe('an endpoint that accepts and never answers, then answers', { skip: engineSkip }, () => {
  it('says the engine does not answer, and shows it within 2 s once it answers again', async () => {
    const upstream = testEngine().endpoint;
    assert.equal(upstream.kind, 'unix');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dmlsilent'));
    const socket = path.join(dir, 'silent.sock');
    // A stand-in in front of the engine: while silent it accepts connections and holds what they send; when it
    // answers again, held connections are passed to the engine too, as an engine that was busy answers late.
    let silent = true;
    const held: Array<{ client: net.Socket; data: Buffer[] }> = [];
    const forward = (client: net.Socket, data: Buffer[]) => {
      const engineSide = net.connect((upstream as { socketPath: string }).socketPath);
      for (const chunk of data) engineSide.write(chunk);
      client.pipe(engineSide).pipe(client);
      engineSide.on('error', () => client.destroy());
      client.on('error', () => engineSide.destroy());
    };
    const server = net.createServer((client) => {
      client.on('error', () => undefined);
      if (!silent) return forward(client, []);
      const entry = { client, data: [] as Buffer[] };
      client.on('data', (chunk) => entry.data.push(chunk));
      held.push(entry);
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    const engine = new DockerEngine({ kind: 'unix', socketPath: socket, source: 'setting' });
    const provider = new ExplorerProvider({ engine }, settings);
    const manager = new RefreshManager(provider, () => engine);
    try {
      manager.setVisible('containers', true);
      const down = await waitFor(provider, async () => {
        const nodes = await provider.getChildren('containers');
        return nodes[0]?.contextValue === 'state.unreachable' ? nodes : undefined;
      }, 'the unreachable node', 20_000);
      assert.match(down[1].label, /^The engine did not answer GET \/\S+ within 5 s\. It may be stopped, starting or overloaded\.$/);
      silent = false;
      const answering = Date.now();
      for (const entry of held.splice(0)) if (!entry.client.destroyed) {
        entry.client.removeAllListeners('data');
        forward(entry.client, entry.data);
      }
      const back = await shownAgain(provider);
      assert.ok(back - answering < 2000, `the view came back ${back - answering} ms after the endpoint answered`);
    } finally {
      manager.dispose();
      server.close();
      for (const entry of held) entry.client.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
