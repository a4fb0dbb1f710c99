// Findings of the adversarial probe, each over real LSP: malformed notifications and a path 20,000 folders
// deep against the server as its own process (a crash there ends the process, as it would in the editor);
// an unreadable .dockml.yaml, stale quick fixes, unsafe fixes and fix-all against the server in-process.
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { TestClient } from './testClient';

const SERVER = path.join(__dirname, '..', '..', 'server', 'src', 'server.ts');
const APT = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n';
const RULE = 'apt-no-install-recommends';
const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Rejects after `ms`, so that a server that died or hangs fails the test instead of stalling it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  const timeout = new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms).unref());
  return Promise.race([promise, timeout]);
}

describe('language server process under malformed input', () => {
  let child: ChildProcess;
  let connection: MessageConnection;
  const published: PublishDiagnosticsParams[] = [];
  let waiters: { uri: string; resolve: () => void }[] = [];
  const diagnosticsFor = (uri: string) => new Promise<void>((resolve) => waiters.push({ uri, resolve }));

  before(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.push(p);
      for (const w of waiters.filter((w) => w.uri === p.uri)) w.resolve();
      waiters = waiters.filter((w) => w.uri !== p.uri);
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification('window/logMessage', () => undefined);
    connection.listen();
    await within(connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: { workspace: { configuration: true } } }), 60_000, 'initialize');
    await connection.sendNotification('initialized', {});
  });
  after(() => {
    connection.dispose();
    child.kill();
  });

  const hover = (uri: string) => within(connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 5 } }), 20_000, 'hover');

  it('didOpen with null text, and other malformed notifications: the process stays up and answers a hover', async () => {
    const uri = 'file:///tmp/dockml-malformed/Dockerfile';
    const malformed: [string, unknown][] = [
      ['textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: null } }],
      ['textDocument/didOpen', { textDocument: { uri: 42, languageId: 'dockerfile', version: 1, text: APT } }],
      ['textDocument/didOpen', { textDocument: { uri: `${uri}.2`, languageId: 'dockerfile', version: '1', text: APT } }],
      ['textDocument/didOpen', null],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: null }],
      ['textDocument/didChange', { textDocument: { uri, version: null }, contentChanges: [{ text: APT }] }],
      ['textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: null }] }],
      ['textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ range: { start: {}, end: null }, text: 'x' }] }],
      ['textDocument/didClose', {}],
    ];
    for (const [method, params] of malformed) await connection.sendNotification(method, params);
    const good = 'file:///tmp/dockml-malformed/good/Dockerfile';
    const opened = diagnosticsFor(good);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: good, languageId: 'dockerfile', version: 1, text: APT } });
    await within(opened, 20_000, 'diagnostics of a good document');
    await hover(good);
    assert.equal(child.exitCode, null, 'the server process is still running');
    assert.ok(published.find((p) => p.uri === good)!.diagnostics.some((d) => d.code === RULE));
  });

  it('requests with malformed parameters get an answer (an error or nothing), and the process stays up', async () => {
    const requests: [string, unknown][] = [
      ['textDocument/hover', { textDocument: null, position: { line: 0, character: 0 } }],
      ['textDocument/codeAction', { textDocument: { uri: 7 }, range: null, context: null }],
      ['textDocument/completion', {}],
      ['textDocument/definition', null],
    ];
    for (const [method, params] of requests) await within(connection.sendRequest(method, params).catch(() => undefined), 20_000, method);
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: null });
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: { dockml: 'all of them' } });
    const good = 'file:///tmp/dockml-malformed/after-requests/Dockerfile';
    const opened = diagnosticsFor(good);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: good, languageId: 'dockerfile', version: 1, text: APT } });
    await within(opened, 20_000, 'diagnostics of a good document');
    assert.ok(published.find((p) => p.uri === good)!.diagnostics.some((d) => d.code === RULE), 'settings that are not a mapping change nothing');
    assert.equal(child.exitCode, null, 'the server process is still running');
  });

  it('a path 20,000 folders deep: diagnostics arrive and the server answers a hover', async () => {
    const uri = pathToFileURL(path.join(os.tmpdir(), ...Array<string>(20_000).fill('a'), 'Dockerfile')).href;
    const opened = diagnosticsFor(uri);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: APT } });
    await within(opened, 30_000, 'diagnostics of the deep document');
    await hover(uri);
    assert.equal(child.exitCode, null, 'the server process is still running');
  });
});

describe('language server hardening', () => {
  let client: TestClient;
  let dir: string;
  let counter = 0;
  const folder = () => fs.mkdtempSync(path.join(dir, `case${++counter}-`));
  const uriOf = (file: string) => pathToFileURL(file).href;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-hardening-'));
    client = new TestClient();
    await client.initialize();
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('a .dockml.yaml that cannot be read', () => {
    // The parent turns the rule off; the child folder's configuration cannot be read. The parent's must not win.
    async function unreadable(make: (config: string) => void): Promise<{ problem: Diagnostic; findings: Diagnostic[] }> {
      const project = folder();
      fs.writeFileSync(path.join(project, '.dockml.yaml'), `rules:\n  ${RULE}: off\n`);
      fs.mkdirSync(path.join(project, 'svc'));
      const config = path.join(project, 'svc', '.dockml.yaml');
      make(config);
      const problems = client.nextDiagnostics(uriOf(config));
      const findings = await client.open(uriOf(path.join(project, 'svc', 'Dockerfile')), APT);
      const published = await within(problems, 10_000, 'diagnostics on the configuration');
      assert.equal(published.diagnostics.length, 1);
      return { problem: published.diagnostics[0], findings };
    }

    it('a folder named .dockml.yaml is reported, and the parent configuration is not used instead', async () => {
      const { problem, findings } = await unreadable((config) => fs.mkdirSync(config));
      assert.match(String(problem.message), /^cannot be read \(it is a folder, not a file\); the rules below this folder run at their default severities/);
      assert.equal(problem.source, 'dockml');
      assert.ok(findings.some((d) => d.code === RULE), 'the rule runs at its default severity');
    });

    it('a .dockml.yaml over the size cap is reported', async () => {
      const { problem, findings } = await unreadable((config) => fs.writeFileSync(config, `# ${'x'.repeat(3 * 1024 * 1024)}\n`));
      assert.match(String(problem.message), /^cannot be read \(it is 3\.0 MB, over the 2 MB limit\)/);
      assert.ok(findings.some((d) => d.code === RULE));
    });
  });

  describe('stale quick fixes', () => {
    const BEFORE = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n';
    // An edit above the finding moves it: the version 1 fix's offset now falls inside the new line.
    const AFTER = 'FROM debian:bookworm-slim\nRUN echo "setting up the system"\nRUN apt-get update && apt-get install -y curl\n';
    const FIXED = 'FROM debian:bookworm-slim\nRUN echo "setting up the system"\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n';
    const fixOf = (actions: CodeAction[]) => actions.find((a) => a.title.startsWith('Add --no-install-recommends'))!;

    it('an action computed for version 1 carries version 1, and the client refuses it once the document is at version 2', async () => {
      const u = uriOf(path.join(folder(), 'Dockerfile'));
      const d = (await client.open(u, BEFORE)).find((x) => x.code === RULE)!;
      const action = fixOf(await client.codeActions(u, d.range, [d]));
      const edit = action.edit!.documentChanges![0] as TextDocumentEdit;
      assert.deepEqual(edit.textDocument, { uri: u, version: 1 });
      await client.change(u, AFTER);
      await assert.rejects(client.apply(u, action.edit!), /refused: the edit is for version 1, the document is at 2/);
      assert.equal(client.text(u), AFTER, 'the text is untouched');
    });

    for (const documentChanges of [true, false]) {
      it(`a version 1 diagnostic sent with a request at version 2 gets a fix recomputed for version 2 (documentChanges: ${documentChanges})`, async () => {
        const editor = new TestClient({ documentChanges });
        await editor.initialize();
        try {
          const u = uriOf(path.join(folder(), 'Dockerfile'));
          const d = (await editor.open(u, BEFORE)).find((x) => x.code === RULE)!;
          await editor.change(u, AFTER);
          // The editor still holds the version 1 diagnostic, and asks at the range where that finding is now.
          const range = { start: { line: 2, character: 22 }, end: { line: 2, character: 37 } };
          const actions = await editor.codeActions(u, range, [d]);
          const fix = fixOf(actions);
          assert.ok(fix, `a recomputed fix among ${JSON.stringify(actions.map((a) => a.title))}`);
          assert.equal((fix.diagnostics![0].data as { version: number }).version, 2);
          await editor.apply(u, fix.edit!);
          assert.equal(editor.text(u), FIXED);
        } finally {
          await editor.dispose();
        }
      });
    }

    it('a version 1 diagnostic whose finding is gone at version 2 gets no fix', async () => {
      const u = uriOf(path.join(folder(), 'Dockerfile'));
      const d = (await client.open(u, BEFORE)).find((x) => x.code === RULE)!;
      await client.change(u, 'FROM debian:bookworm-slim\nRUN echo "setting up the system" && true && true && true\n');
      assert.deepEqual(await client.codeActions(u, d.range, [d], ['quickfix']), []);
    });

    it('fix-all and refactorings carry the version they were computed for', async () => {
      const u = uriOf(path.join(folder(), 'Dockerfile'));
      await client.open(u, 'FROM python:3.11-slim\nRUN pip install numpy\nCMD ["python"]\n');
      await client.change(u, 'FROM python:3.11-slim\nRUN pip install numpy torch\nCMD ["python"]\n');
      const [fixAll] = await client.codeActions(u, ZERO, [], ['source.fixAll.dockml']);
      assert.deepEqual((fixAll.edit!.documentChanges![0] as TextDocumentEdit).textDocument, { uri: u, version: 2 });
      const refactors = await client.codeActions(u, ZERO, [], ['refactor.rewrite']);
      assert.ok(refactors.length > 0);
      for (const refactor of refactors) {
        assert.deepEqual((refactor.edit!.documentChanges![0] as TextDocumentEdit).textDocument, { uri: u, version: 2 }, refactor.title);
      }
    });
  });

  it('a lone \\r does not split an instruction, and findings and fixes after it land on the lines the editor shows', async () => {
    // BuildKit builds one RUN from `RUN echo a\rRUN echo b`; the editor shows it on two lines (LSP ends a line at \r).
    const u = uriOf(path.join(folder(), 'Dockerfile'));
    const diagnostics = await client.open(u, 'FROM python:3.11-slim\nRUN echo a\rRUN echo b\nRUN pip install numpy\n');
    const found = diagnostics.filter((d) => d.code !== 'missing-non-root-user').map((d) => [d.code, d.range]);
    assert.deepEqual(found, [
      ['consecutive-run', { start: { line: 3, character: 0 }, end: { line: 3, character: 3 } }],
      ['pip-no-cache-dir', { start: { line: 3, character: 4 }, end: { line: 3, character: 15 } }],
    ]);
    const [fixAll] = await client.codeActions(u, ZERO, [], ['source.fixAll']);
    await client.apply(u, fixAll.edit!);
    assert.equal(client.text(u), 'FROM python:3.11-slim\nRUN echo a\rRUN echo b && \\\n    pip install --no-cache-dir numpy\n');
  });

  describe('safe and unsafe fixes', () => {
    const MIXED = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y python3-pip\nRUN pip install numpy\n';

    it('quick fixes offer both kinds, label the unsafe ones, and prefer only a safe fix', async () => {
      const u = uriOf(path.join(folder(), 'Dockerfile'));
      const diagnostics = await client.open(u, MIXED);
      const apt = diagnostics.find((x) => x.code === RULE)!;
      const pip = diagnostics.find((x) => x.code === 'pip-no-cache-dir')!;
      const aptFixes = await client.codeActions(u, apt.range, [apt]);
      const unsafe = aptFixes.find((a) => a.title === 'Add --no-install-recommends (unsafe)');
      assert.ok(unsafe, `labelled unsafe among ${JSON.stringify(aptFixes.map((a) => a.title))}`);
      assert.equal(unsafe.isPreferred, false, 'an unsafe fix is never the preferred one');
      assert.ok(aptFixes.some((a) => a.title === `Ignore ${RULE} on this line`), 'a suppression comment is safe, so not labelled');
      const pipFixes = await client.codeActions(u, pip.range, [pip]);
      const safe = pipFixes.find((a) => a.isPreferred);
      assert.equal(safe?.title, 'Add --no-cache-dir');
    });

    it('fix-all applies the safe fixes only', async () => {
      const u = uriOf(path.join(folder(), 'Dockerfile'));
      await client.open(u, MIXED);
      const [fixAll] = await client.codeActions(u, ZERO, [], ['source.fixAll']);
      assert.equal(fixAll.title, 'Fix all safe DockML problems');
      const after = await client.apply(u, fixAll.edit!);
      // Cleaning the apt lists and merging the RUNs are safe; --no-install-recommends is not.
      assert.equal(
        client.text(u),
        'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/* && \\\n    pip install --no-cache-dir numpy\n',
      );
      assert.ok(after.some((d) => d.code === RULE), 'the unsafe fix was not applied');
    });

    it('fix-all never creates a file: creating a .dockerignore stays a quick fix of its own', async () => {
      const project = folder();
      const u = uriOf(path.join(project, 'Dockerfile'));
      const diagnostics = await client.open(u, 'FROM python:3.11-slim\nCOPY . /app\nRUN pip install numpy\n');
      const missing = diagnostics.find((x) => x.code === 'missing-dockerignore')!;
      const create = (await client.codeActions(u, missing.range, [missing])).find((a) => a.edit?.documentChanges?.some((c) => 'kind' in c && c.kind === 'create'));
      assert.ok(create, 'creating the .dockerignore is offered as a quick fix');
      const [fixAll] = await client.codeActions(u, ZERO, [], ['source.fixAll']);
      for (const change of fixAll.edit!.documentChanges!) {
        assert.ok(!('kind' in change), `fix-all holds no file operation: ${JSON.stringify(change)}`);
        assert.equal((change as TextDocumentEdit).textDocument.uri, u, 'fix-all edits only the document');
      }
      await client.apply(u, fixAll.edit!);
      assert.equal(fs.existsSync(path.join(project, '.dockerignore')), false);
    });
  });
});
