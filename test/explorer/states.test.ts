// The state nodes against engines that misbehave in known ways: a missing socket, a socket this user may not
// open, an engine too old, and one that never answers. Stand-in sockets play them, so no Docker is needed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { DockerEngine } from '../../client/src/explorer/engine';
import type { ExplorerNode } from '../../client/src/explorer/model';
import { ExplorerProvider } from '../../client/src/explorer/provider';

const settings = () => ({ groupByProject: false, sortBy: 'name' as const });
const NOBODY = 65534;

function providerFor(socketPath: string, timeoutMs = 2000): ExplorerProvider {
  return new ExplorerProvider({ engine: new DockerEngine({ kind: 'unix', socketPath, source: 'setting' }, { timeoutMs }) }, settings);
}

function listen(server: net.Server, socketPath: string): Promise<void> {
  return new Promise((resolve) => server.listen(socketPath, resolve));
}

describe('state nodes from misbehaving engines', () => {
  let dir: string;
  const servers: net.Server[] = [];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-states-'));
    fs.chmodSync(dir, 0o755);
  });

  after(() => {
    for (const server of servers) server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows "unreachable" with the endpoint, the error in plain words, Retry and Open settings', async () => {
    const socket = path.join(dir, 'absent.sock');
    const nodes = await providerFor(socket).getChildren('networks');
    assert.deepEqual(
      nodes.map((n) => n.label),
      [
        'Cannot reach the container engine',
        `There is no socket at ${socket}: the engine is not running, or it listens elsewhere.`,
        'Start Docker or Podman, or point dockml.docker.host at a running engine.',
        'Retry',
        'Open settings',
      ],
    );
    assert.equal(nodes[0].description, `unix://${socket} (dockml.docker.host)`);
  });

  it('shows "too old" for an engine below API 1.25', async () => {
    const socket = path.join(dir, 'old.sock');
    const server = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(req.url?.endsWith('/version') ? JSON.stringify({ ApiVersion: '1.24', Version: '1.12.6', Components: [{ Name: 'Engine' }] }) : '[]');
    });
    servers.push(server);
    await listen(server, socket);
    const [head, detail] = await providerFor(socket).getChildren('volumes');
    assert.equal(head.label, 'Engine Docker Engine 1.12.6 is too old');
    assert.equal(head.contextValue, 'state.tooOld');
    assert.equal(detail.label, 'The engine speaks API 1.24; DockML needs 1.25 or newer.');
  });

  it('gives up on an engine that never answers, within the request time limit', async () => {
    const socket = path.join(dir, 'hung.sock');
    const server = net.createServer(() => undefined);
    servers.push(server);
    await listen(server, socket);
    const started = Date.now();
    const [head, detail] = await providerFor(socket, 300).getChildren('networks');
    assert.ok(Date.now() - started < 2000);
    assert.equal(head.contextValue, 'state.unreachable');
    assert.equal(detail.label, 'The engine did not answer GET /version within 0.3 s. It may be stopped, starting or overloaded.');
  });

  it('shows "permission denied" with the fix for a socket this user may not open, from the esbuild bundle', async () => {
    const socket = path.join(dir, 'locked.sock');
    const server = net.createServer((s) => s.destroy());
    servers.push(server);
    await listen(server, socket);
    let nodes: ExplorerNode[];
    if (process.getuid?.() === 0) {
      // Root opens any socket, so the check runs as nobody, from a bundle built like the extension's:
      // dockerode's optional native add-ons left out, and no node_modules beside it.
      fs.chmodSync(socket, 0o600);
      const outfile = path.join(dir, 'probe.js');
      await build({
        entryPoints: [path.join(__dirname, 'fixtures', 'probe.ts')],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        outfile,
        external: ['cpu-features', '*.node'],
        logLevel: 'silent',
      });
      fs.chmodSync(outfile, 0o644);
      const child = spawnSync(process.execPath, [outfile], { uid: NOBODY, gid: NOBODY, cwd: dir, env: { DOCKER_HOST: `unix://${socket}` }, encoding: 'utf8', timeout: 20_000 });
      assert.equal(child.status, 0, child.stderr);
      nodes = JSON.parse(child.stdout) as ExplorerNode[];
    } else {
      fs.chmodSync(socket, 0o000);
      nodes = await providerFor(socket).getChildren('networks');
    }
    assert.equal(nodes[0].label, `Permission denied on ${socket}`);
    assert.equal(nodes[0].contextValue, 'state.permission');
    assert.equal(nodes[1].label, `This user may not open ${socket}.`);
    assert.match(nodes[2].label, /sudo usermod -aG docker \$USER/);
    assert.deepEqual(nodes.slice(-2).map((n) => n.label), ['Retry', 'Open settings']);
  });
});
