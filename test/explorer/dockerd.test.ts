// scripts/dockerd.sh with two throwaway engines at once: each gets its own bridge, and destroying one leaves the other's.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { root } from './harness';

const script = path.join(root, 'scripts', 'dockerd.sh');
const skip =
  process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v dockerd && command -v ip'], { stdio: 'ignore' }).status !== 0
    ? 'starting engines needs root, dockerd and iproute2'
    : undefined;

const dockerd = (...args: string[]) => execFileSync('bash', [script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const bridges = () => new Set(execFileSync('ip', ['-o', 'link', 'show', 'type', 'bridge'], { encoding: 'utf8' }).split('\n').map((l) => l.split(': ')[1]).filter(Boolean));

describe('scripts/dockerd.sh', { skip }, () => {
  const dirs = [fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-dockerd-a-')), fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-dockerd-b-'))];

  after(() => {
    for (const dir of dirs) if (fs.existsSync(dir)) dockerd('destroy', dir);
  });

  it('gives each engine its own bridge and subnet, and destroy deletes only its own', () => {
    for (const dir of dirs) dockerd('start', dir);
    const [a, b] = dirs.map((dir) => fs.readFileSync(path.join(dir, 'bridge'), 'utf8').trim().split(' '));
    assert.notEqual(a[0], b[0], 'two engines must not share a bridge');
    assert.notEqual(a[1], b[1], 'two engines must not share a subnet');
    assert.ok(bridges().has(a[0]) && bridges().has(b[0]));
    dockerd('destroy', dirs[1]);
    assert.ok(!bridges().has(b[0]), 'destroy deletes the bridge its engine made');
    assert.ok(bridges().has(a[0]), "destroy leaves the other engine's bridge alone");
    const version = execFileSync('docker', ['-H', `unix://${dirs[0]}/docker.sock`, 'version', '--format', '{{.Server.APIVersion}}'], { encoding: 'utf8' });
    assert.match(version, /^1\.\d+/, 'the other engine still answers');
  });
});
