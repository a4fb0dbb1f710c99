// Compose editing basics through the real language server: key and value completion from the Compose
// Specification schema, key hovers with its descriptions, the GPU hover on the keys above a device, the
// outline, depends_on completion without the services already listed, and rename and find-references of
// services, networks, volumes, secrets and configs across the file and the files it includes, started in either.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, DocumentHighlight, DocumentSymbol, Hover, Location, MarkupContent, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/text';
import { TestClient } from './testClient';

const COMPOSE = [
  'include:',
  '  - extra.yaml',
  'services:',
  '  api:',
  '    image: example/api:1.0',
  '    restart: ',
  '    depends_on:',
  '      db:',
  '        condition: service_healthy',
  '      cache:',
  '        condition: ',
  '    networks: [backend]',
  '    secrets: [token]',
  '    healthcheck:',
  '      test: ["CMD", "true"]',
  '      interval: ',
  '      ',
  '  db:',
  '    image: postgres:17',
  '    networks:',
  '      - backend',
  '    volumes:',
  '      - pgdata:/var/lib/postgresql/data',
  '  cache:',
  '    image: redis:7',
  '  trainer:',
  '    image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime',
  '    depends_on:',
  '      - db',
  '      - ',
  '    deploy:',
  '      resources:',
  '        reservations:',
  '          devices:',
  '            - driver: nvidia',
  '              count: 2',
  '              capabilities: [gpu]',
  '              ',
  '    privileged: ',
  'networks:',
  '  backend:',
  '    driver: ',
  'volumes:',
  '  pgdata: {}',
  'secrets:',
  '  token:',
  '    file: ./token.txt',
  '',
].join('\n');

const EXTRA = ['services:', '  worker:', '    image: example/worker:1.0', '    networks: [backend]', '    depends_on: [db]', ''].join('\n');

describe('Compose editing in the language server', () => {
  let client: TestClient;
  let dir: string;
  let uri: string;
  let extraUri: string;
  const request = <T>(method: string, params: object) => client.connection.sendRequest<T>(method, { textDocument: { uri }, ...params });
  const at = (line: number, character: number) => ({ position: { line, character } });
  const labels = async (line: number, character: number) => (await request<CompletionItem[]>('textDocument/completion', at(line, character))).map((i) => i.label);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-compose-editing-'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE);
    fs.writeFileSync(path.join(dir, 'extra.yaml'), EXTRA);
    uri = pathToFileURL(path.join(dir, 'compose.yaml')).href;
    extraUri = pathToFileURL(path.join(dir, 'extra.yaml')).href;
    client = new TestClient();
    await client.initialize();
    await client.open(uri, COMPOSE, 'dockercompose');
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('completes the values a key takes: restart policies, conditions, durations, booleans, drivers', async () => {
    assert.deepEqual(await labels(5, 13), ['no', 'always', 'on-failure', 'unless-stopped']);
    assert.deepEqual(await labels(10, 19), ['service_started', 'service_healthy', 'service_completed_successfully']);
    assert.ok((await labels(15, 16)).includes('30s'));
    assert.deepEqual((await labels(38, 16)).slice(0, 2), ['true', 'false']);
    assert.ok((await labels(41, 12)).includes('bridge'));
  });

  it('completes the keys the schema allows where a key is typed, less those already written', async () => {
    const healthcheck = await labels(16, 6);
    assert.ok(healthcheck.includes('timeout') && healthcheck.includes('retries') && healthcheck.includes('start_period'), healthcheck.join(', '));
    assert.ok(!healthcheck.includes('test') && !healthcheck.includes('interval'), 'keys already written are left out');
    const device = await labels(37, 14);
    assert.ok(device.includes('device_ids') && device.includes('options'), device.join(', '));
    assert.ok(!device.includes('driver') && !device.includes('count'));
    const service = await request<CompletionItem[]>('textDocument/completion', at(16, 4));
    assert.ok(service.some((i) => i.label === 'shm_size'), 'service keys at the service level');
    // Not on a space typed as indentation, only when asked (or on a letter).
    const indenting = await request<CompletionItem[]>('textDocument/completion', { ...at(16, 6), context: { triggerKind: 2, triggerCharacter: ' ' } });
    assert.deepEqual(indenting, []);
    const top = await labels(47, 0);
    assert.ok(top.includes('configs') && top.includes('name') && !top.includes('services'), top.join(', '));
  });

  it('leaves out of depends_on the services already listed and the service itself', async () => {
    assert.deepEqual((await labels(29, 8)).sort(), ['api', 'cache']);
  });

  it('documents a key from the schema, and says what a GPU block reserves on deploy and the keys down to devices', async () => {
    const key = await request<Hover>('textDocument/hover', at(13, 6));
    assert.match((key.contents as MarkupContent).value, /Configure a health check/);
    for (const [line, character] of [[30, 6], [31, 8], [32, 10], [33, 12]]) {
      const hover = await request<Hover>('textDocument/hover', at(line, character));
      assert.match((hover.contents as MarkupContent).value, /Reserves 2 NVIDIA GPUs\./, `line ${line}`);
    }
  });

  it('outlines services, networks, volumes and secrets', async () => {
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', {});
    assert.deepEqual(
      symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)]),
      [
        ['services', ['api', 'db', 'cache', 'trainer']],
        ['networks', ['backend']],
        ['volumes', ['pgdata']],
        ['secrets', ['token']],
      ],
    );
    assert.deepEqual(symbols[0].children![0].range.start, { line: 3, character: 2 });
  });

  it('finds a network\'s references in the file and the files it includes, and highlights them', async () => {
    const refs = await request<Location[]>('textDocument/references', { ...at(40, 4), context: { includeDeclaration: true } });
    assert.deepEqual(
      refs.map((r) => [r.uri === uri ? 'compose' : r.uri === extraUri ? 'extra' : r.uri, r.range.start.line]),
      [['compose', 40], ['compose', 11], ['compose', 20], ['extra', 3]],
    );
    const highlights = await request<DocumentHighlight[]>('textDocument/documentHighlight', at(11, 17));
    assert.deepEqual(highlights.map((h) => h.range.start.line), [40, 11, 20]);
  });

  it('renames a service everywhere, the included file too, and refuses a name Compose would not take', async () => {
    const prepared = await request<Range>('textDocument/prepareRename', at(7, 7));
    assert.deepEqual(prepared, { start: { line: 7, character: 6 }, end: { line: 7, character: 8 } });
    const edit = await request<WorkspaceEdit>('textDocument/rename', { ...at(7, 7), newName: 'postgres' });
    const renamed = applyEdits(COMPOSE, edit.changes![uri]);
    assert.match(renamed, /\n {2}postgres:\n {4}image: postgres:17/);
    assert.match(renamed, /depends_on:\n {6}postgres:\n/);
    assert.match(renamed, /depends_on:\n {6}- postgres\n/);
    assert.equal(applyEdits(EXTRA, edit.changes![extraUri]), EXTRA.replace('[db]', '[postgres]'));
    await assert.rejects(request('textDocument/rename', { ...at(7, 7), newName: 'not valid' }));
    const secret = await request<WorkspaceEdit>('textDocument/rename', { ...at(12, 15), newName: 'api_token' });
    assert.equal(applyEdits(COMPOSE, secret.changes![uri]), COMPOSE.replace('[token]', '[api_token]').replace('  token:\n', '  api_token:\n'));
  });

  it('renames and finds references started in the included file, in the file that includes it too', async () => {
    await client.open(extraUri, EXTRA, 'dockercompose');
    const inExtra = <T>(method: string, params: object) => client.connection.sendRequest<T>(method, { textDocument: { uri: extraUri }, ...params });
    const edit = await inExtra<WorkspaceEdit>('textDocument/rename', { ...at(4, 17), newName: 'postgres' });
    assert.equal(applyEdits(EXTRA, edit.changes![extraUri]), EXTRA.replace('[db]', '[postgres]'));
    const renamed = applyEdits(COMPOSE, edit.changes![uri] ?? []);
    assert.match(renamed, /\n {2}postgres:\n {4}image: postgres:17/, 'the service is renamed where the including file defines it');
    assert.match(renamed, /depends_on:\n {6}postgres:\n/);
    assert.match(renamed, /depends_on:\n {6}- postgres\n/);
    const refs = await inExtra<Location[]>('textDocument/references', { ...at(3, 17), context: { includeDeclaration: true } });
    assert.deepEqual(
      refs.map((r) => [r.uri === uri ? 'compose' : r.uri === extraUri ? 'extra' : r.uri, r.range.start.line]),
      [['extra', 3], ['compose', 40], ['compose', 11], ['compose', 20]],
    );
  });

  it('finds the file that includes it on disk, in a folder above, when only the included file is open', async () => {
    const project = fs.mkdtempSync(path.join(dir, 'project-'));
    fs.mkdirSync(path.join(project, '.git'));
    fs.mkdirSync(path.join(project, 'services', 'worker'), { recursive: true });
    const main = ['include:', '  - path: services/worker/compose.yaml', 'services:', '  api:', '    image: example/api:1.0', '    depends_on: [worker]', ''].join('\n');
    const worker = ['services:', '  worker:', '    image: example/worker:1.0', ''].join('\n');
    fs.writeFileSync(path.join(project, 'compose.yaml'), main);
    fs.writeFileSync(path.join(project, 'services', 'worker', 'compose.yaml'), worker);
    const workerUri = pathToFileURL(path.join(project, 'services', 'worker', 'compose.yaml')).href;
    const mainUri = pathToFileURL(path.join(project, 'compose.yaml')).href;
    await client.open(workerUri, worker, 'dockercompose');
    const edit = await client.connection.sendRequest<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: workerUri }, ...at(1, 4), newName: 'trainer' });
    assert.equal(applyEdits(worker, edit.changes![workerUri]), worker.replace('worker:', 'trainer:'));
    assert.equal(applyEdits(main, edit.changes![mainUri] ?? []), main.replace('[worker]', '[trainer]'));
    await client.close(workerUri);
  });
});
