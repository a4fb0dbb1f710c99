// Faults on a real engine, with the refresh manager's default timings as the extension registers them: the views
// show a clear state while the engine is gone or silent, and show the engine again within 2 s of it answering.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { build } from 'esbuild';
import { DockerEngine } from '../../client/src/explorer/engine';
import type { ExplorerNode } from '../../client/src/explorer/model';
import { ExplorerProvider } from '../../client/src/explorer/provider';
import { RefreshManager } from '../../client/src/explorer/refresh';
import { engineSkip, ensureImage, IMAGE, rawDocker, root, TEST_LABEL, testEngine, throwawaySkip, waitFor } from './harness';

const settings = () => ({ groupByProject: false, sortBy: 'name' as const });
const isFault = (nodes: ExplorerNode[]) => nodes[0]?.contextValue?.startsWith('state.') && nodes[0].contextValue !== 'state.empty';

/** Stops or starts the throwaway daemon, keeping its state. */
const dockerd = (command: 'start' | 'stop') =>
  execFileSync(path.join(root, 'scripts', 'dockerd.sh'), [command, process.env.DOCKML_DOCKERD_DIR!], { stdio: ['ignore', 'ignore', 'inherit'] });

/** Resolves once the engine answers a ping, within 10 s of the first try. */
async function answers(docker: ReturnType<typeof rawDocker>): Promise<void> {
  for (const deadline = Date.now() + 10_000; ; ) {
    try {
      await docker.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Resolves with the time at which the containers view shows the engine again (not a state node). */
async function shownAgain(provider: ExplorerProvider): Promise<number> {
  await waitFor(provider, async () => (isFault(await provider.getChildren('containers')) ? undefined : true), 'the view to show the engine again', 30_000);
  return Date.now();
}

describe('an engine that stops and returns', { skip: throwawaySkip }, () => {
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

/** The uid and gid of `nobody`, who runs the view when its permission on the socket is taken away and given back. */
const NOBODY = 65534;

describe('a socket whose permission is lost when the engine restarts, then given back', { skip: throwawaySkip ?? (process.getuid?.() === 0 ? undefined : 'root is needed to run the view as another user') }, () => {
  it('shows “permission denied” with the fix, and the engine within 2 s of the permission coming back', async () => {
    const socket = (testEngine().endpoint as { socketPath: string }).socketPath;
    const before = fs.statSync(socket);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dmlperm'));
    const docker = rawDocker(testEngine());
    const name = `dmlperm${process.pid}`;
    // The tests above restarted the engine: a connection kept alive from before may fail once.
    await answers(docker);
    await ensureImage(docker);
    // Root opens any socket whatever its mode, so the view runs as nobody, from a bundle built like the extension's,
    // and nobody's group is given the socket (mode 660), as the docker group has it on a real host.
    const outfile = path.join(dir, 'watch.js');
    await build({ entryPoints: [path.join(__dirname, 'fixtures', 'watch.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, external: ['cpu-features', '*.node'], logLevel: 'silent' });
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(outfile, 0o644);
    fs.chownSync(socket, before.uid, NOBODY);
    // The engine's folder may be private to root (a `mktemp -d` one is 0700): nobody must be able to reach the socket
    // in it, as everyone can reach /var/run/docker.sock's folder on a real host.
    const socketDir = path.dirname(socket);
    const dirMode = fs.statSync(socketDir).mode & 0o7777;
    fs.chmodSync(socketDir, dirMode | 0o001);
    const child = spawn(process.execPath, [outfile], { uid: NOBODY, gid: NOBODY, cwd: dir, env: { DOCKER_HOST: `unix://${socket}` }, stdio: ['pipe', 'pipe', 'inherit'] });
    type Shown = { context?: string; labels: string[]; stream: string };
    const seen: Shown[] = [];
    let pending = '';
    const waiters = new Set<() => void>();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (pending + chunk).split('\n');
      pending = parts.pop()!;
      for (const line of parts) seen.push(JSON.parse(line) as Shown);
      for (const wake of waiters) wake();
    });
    /** The first view shown from now on that satisfies `check`. */
    const shows = (check: (shown: Shown) => boolean, what: string, timeoutMs = 20_000) =>
      new Promise<Shown>((resolve, reject) => {
        const from = seen.length;
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`Timed out waiting for ${what}; the view showed ${JSON.stringify(seen.slice(from))}`));
        }, timeoutMs);
        const wake = () => {
          const found = seen.slice(from).find(check);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
        };
        waiters.add(wake);
      });
    const isEngine = (shown: Shown) => !shown.context?.startsWith('state.') || shown.context === 'state.empty';
    try {
      await shows((s) => isEngine(s) && s.stream === 'open', 'the view of the engine, events open');
      // The engine restarts and makes its socket again, owned by the docker group, of which nobody is not a member:
      // the view's connections drop and every new one is refused.
      dockerd('stop');
      const denied = shows((s) => s.context === 'state.permission', 'the permission state');
      dockerd('start');
      const state = await denied;
      assert.equal(state.labels[0], `Permission denied on ${socket}`);
      assert.equal(state.labels[1], `This user may not open ${socket}.`);
      assert.match(state.labels[2], /add yourself to the group that owns the socket \(usually: sudo usermod -aG docker \$USER\)/i);
      assert.deepEqual(state.labels.slice(-2), ['Retry', 'Open settings']);
      // A new client: the connections the first one keeps alive died with the engine. The engine may still be
      // settling after its start (a connection accepted, then dropped): wait until it answers a ping.
      await answers(rawDocker(testEngine()));
      await rawDocker(testEngine()).createContainer({ name, Image: IMAGE, Cmd: ['true'], Labels: { [TEST_LABEL]: '1' }, HostConfig: { NetworkMode: 'none' } });
      const back = shows((s) => isEngine(s) && s.labels.includes(name), 'the engine again, with a container made meanwhile', 10_000);
      fs.chownSync(socket, fs.statSync(socket).uid, NOBODY);
      const given = Date.now();
      await back;
      assert.ok(Date.now() - given < 2000, `the view came back ${Date.now() - given} ms after the permission did`);
    } finally {
      child.stdin.end();
      dockerd('start');
      fs.chownSync(socket, before.uid, before.gid);
      fs.chmodSync(socket, before.mode & 0o7777);
      fs.chmodSync(socketDir, dirMode);
      await rawDocker(testEngine()).getContainer(name).remove({ force: true }).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
