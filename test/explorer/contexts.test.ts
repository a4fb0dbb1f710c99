// Docker contexts on real folders, checked against the docker CLI: the list, the current one, and switching the
// way `docker context use` does, after which the explorer's endpoint follows.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { findOnPath } from '../../client/src/explorer/cli';
import { contextOverride, currentContextName, listContexts, useContextText } from '../../client/src/explorer/contexts';
import { resolveEndpoint } from '../../client/src/explorer/endpoint';

const files = (dir: string, env: Record<string, string | undefined> = {}) => ({
  env: { DOCKER_CONFIG: dir, ...env },
  homedir: os.homedir(),
  platform: process.platform,
  readFile: (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined),
  listDir: (folder: string) => (fs.existsSync(folder) ? fs.readdirSync(folder) : []),
  exists: (file: string) => fs.existsSync(file),
});

describe('switching contexts without the CLI', () => {
  it('keeps every other key of config.json, and removes currentContext for default', () => {
    const text = useContextText('{\n\t"auths": {"r.example": {}},\n\t"currentContext": "old"\n}', 'gpu');
    assert.deepEqual(JSON.parse(text), { auths: { 'r.example': {} }, currentContext: 'gpu' });
    assert.deepEqual(JSON.parse(useContextText(text, 'default')), { auths: { 'r.example': {} } });
    assert.deepEqual(JSON.parse(useContextText(undefined, 'gpu')), { currentContext: 'gpu' });
    assert.throws(() => useContextText('[1]', 'gpu'), /not a JSON object/);
  });

  it('says when the explorer will not follow the context', () => {
    assert.equal(contextOverride('', {}), undefined);
    assert.match(contextOverride('unix:///x.sock', {})!, /dockml\.docker\.host is set/);
    assert.match(contextOverride('', { DOCKER_HOST: 'tcp://h:2375' })!, /DOCKER_HOST is set/);
    assert.match(contextOverride('', { DOCKER_CONTEXT: 'ci' })!, /DOCKER_CONTEXT=ci/);
  });
});

const docker = findOnPath('docker');

describe('contexts as the docker CLI sees them', { skip: docker ? undefined : 'the docker CLI is not on the PATH' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dmlctx'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) =>
    execFileSync(docker!, args, { env: { ...process.env, DOCKER_CONFIG: dir, DOCKER_HOST: '', DOCKER_CONTEXT: '' }, encoding: 'utf8' }).trim();

  it('lists what `docker context create` made, switches like `docker context use`, and the endpoint follows', () => {
    cli('context', 'create', 'gpu-box', '--description', 'the GPU machine', '--docker', 'host=tcp://gpu-box.example:2375');
    assert.equal(currentContextName(files(dir)), 'default');
    assert.deepEqual(
      listContexts(files(dir)).map((c) => [c.name, c.host, c.description, c.current]),
      [
        ['default', 'the platform’s default socket', 'DOCKER_HOST, else the default socket', true],
        ['gpu-box', 'tcp://gpu-box.example:2375', 'the GPU machine', false],
      ],
    );

    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, useContextText(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined, 'gpu-box'));
    assert.equal(cli('context', 'show'), 'gpu-box', 'the docker CLI sees the switch');
    const endpoint = resolveEndpoint(files(dir));
    assert.deepEqual([endpoint.kind, endpoint.source, endpoint.context], ['tcp', 'context', 'gpu-box']);

    cli('context', 'use', 'default');
    assert.equal(currentContextName(files(dir)), 'default', 'and DockML sees the CLI’s switch');
    assert.equal(currentContextName(files(dir, { DOCKER_CONTEXT: 'gpu-box' })), 'gpu-box', 'DOCKER_CONTEXT wins');
  });
});
