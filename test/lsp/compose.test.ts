// Compose through the real language server: diagnostics that depend on a Dockerfile refresh when the
// Dockerfile changes, completion of references and build targets, go-to-definition, and GPU hovers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient } from './testClient';

const COMPOSE = [
  'services:',
  '  api:',
  '    build:',
  '      context: ./api',
  '      target: runtime',
  '    depends_on:',
  '      - db',
  '    networks: [data]',
  '  db:',
  '    image: postgres:17',
  '    networks: [data]',
  '  trainer:',
  '    image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime',
  '    shm_size: 8gb',
  '    deploy:',
  '      resources:',
  '        reservations:',
  '          devices:',
  '            - driver: nvidia',
  '              device_ids: ["0", "1"]',
  '              capabilities: [gpu]',
  'networks:',
  '  data:',
  '    internal: true',
  '',
].join('\n');

const DOCKERFILE = 'FROM python:3.12-slim AS runtime\nUSER 10001\nCMD ["python", "app.py"]\n';

describe('Compose in the language server', () => {
  let client: TestClient;
  let dir: string;
  let composeUri: string;
  let dockerfileUri: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-compose-'));
    fs.mkdirSync(path.join(dir, 'api'));
    fs.writeFileSync(path.join(dir, 'api', 'Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE);
    composeUri = pathToFileURL(path.join(dir, 'compose.yaml')).href;
    dockerfileUri = pathToFileURL(path.join(dir, 'api', 'Dockerfile')).href;
    client = new TestClient();
    await client.initialize();
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refreshes compose diagnostics when the Dockerfile it builds changes, and again when it closes', async () => {
    const first = await client.open(composeUri, COMPOSE, 'dockercompose');
    assert.deepEqual(first.filter((d) => d.code === 'build-target-unknown'), []);
    await client.open(dockerfileUri, DOCKERFILE);
    // Renaming the stage in the editor, unsaved, breaks the compose file's build.target.
    const refreshed = client.nextDiagnostics(composeUri);
    client.sendChange(dockerfileUri, [{ text: DOCKERFILE.replace('AS runtime', 'AS prod') }]);
    const broken = (await refreshed).diagnostics.find((d) => d.code === 'build-target-unknown');
    assert.ok(broken, 'build-target-unknown after the stage was renamed');
    assert.deepEqual(broken.range, { start: { line: 4, character: 14 }, end: { line: 4, character: 21 } });
    // Closing the Dockerfile without saving: the disk version, with the stage, counts again.
    const restored = client.nextDiagnostics(composeUri);
    await client.close(dockerfileUri);
    assert.deepEqual((await restored).diagnostics.filter((d) => d.code === 'build-target-unknown'), []);
  });

  it('completes service, network and stage names where they are referenced', async () => {
    const uri = pathToFileURL(path.join(dir, 'docker-compose.yml')).href;
    const text = COMPOSE.replace('      - db', '      - ').replace('target: runtime', 'target: ');
    await client.open(uri, text, 'dockercompose');
    const complete = (line: number, character: number) =>
      client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    assert.deepEqual((await complete(6, 8)).map((i) => i.label).sort(), ['db', 'trainer']);
    assert.deepEqual((await complete(4, 14)).map((i) => i.label), ['runtime']);
    assert.ok((await complete(7, 16)).some((i) => i.label === 'data'));
  });

  it('goes from a reference to its declaration, and from build.target to the stage', async () => {
    await client.open(composeUri, COMPOSE, 'dockercompose');
    const definition = (line: number, character: number) =>
      client.connection.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: composeUri }, position: { line, character } });
    assert.deepEqual(await definition(6, 9), [{ uri: composeUri, range: { start: { line: 8, character: 2 }, end: { line: 8, character: 4 } } }]);
    assert.deepEqual((await definition(7, 17))[0].range.start, { line: 22, character: 2 });
    const stage = await definition(4, 16);
    assert.equal(stage[0].uri, dockerfileUri);
    assert.equal(stage[0].range.start.line, 0);
  });

  it('says in plain words what a GPU block reserves', async () => {
    await client.open(composeUri, COMPOSE, 'dockercompose');
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: composeUri }, position: { line: 19, character: 16 } });
    assert.match((hover?.contents as MarkupContent).value, /Reserves 2 NVIDIA GPUs: devices 0 and 1\./);
  });
});
