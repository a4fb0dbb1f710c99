// The real language server over LSP: diagnostics on open and change, quick fixes from Diagnostic.data,
// suppression, settings, .dockml.yaml, fix-all, stale-result ordering, and bad input.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TestClient } from './testClient';

const APT = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n';
const RULE = 'apt-no-install-recommends';
const PIP = 'FROM python:3.11-slim\nRUN pip install numpy\n';

describe('language server', () => {
  let client: TestClient;
  let dir: string;
  let counter = 0;
  const uri = (name = 'Dockerfile') => pathToFileURL(path.join(dir, `case${++counter}`, name)).href;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-lsp-'));
    client = new TestClient();
    const init = await client.initialize();
    assert.ok(init.capabilities.codeActionProvider, 'the server offers code actions');
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes diagnostics with the rule id as code, a docs link, and the document version', async () => {
    const u = uri();
    const diagnostics = await client.open(u, APT);
    const d = diagnostics.find((x) => x.code === RULE);
    assert.ok(d, `expected ${RULE} in ${JSON.stringify(diagnostics.map((x) => x.code))}`);
    assert.equal(d.source, 'dockml');
    assert.deepEqual(d.range, { start: { line: 1, character: 22 }, end: { line: 1, character: 37 } });
    assert.match(d.codeDescription?.href ?? '', new RegExp(`docs/rules/${RULE}\\.md$`));
    assert.ok(fs.existsSync(new URL(d.codeDescription!.href)), 'the docs link points at an existing page');
    assert.equal(client.published.at(-1)?.version, 1);
  });

  it('applies the quick fix stored with the diagnostic, and the diagnostic goes away', async () => {
    const u = uri();
    const diagnostics = await client.open(u, PIP);
    const d = diagnostics.find((x) => x.code === 'pip-no-cache-dir')!;
    const actions = await client.codeActions(u, d.range, [d]);
    const preferred = actions.find((a) => a.isPreferred);
    assert.equal(preferred?.title, 'Add --no-cache-dir');
    assert.ok(actions.some((a) => a.title === 'Ignore pip-no-cache-dir on this line'), 'every diagnostic can be ignored');
    const after = await client.apply(u, preferred!.edit!);
    assert.equal(client.text(u), 'FROM python:3.11-slim\nRUN pip install --no-cache-dir numpy\n');
    assert.equal(after.filter((x) => x.code === 'pip-no-cache-dir').length, 0);
  });

  it('suppresses a finding with the "ignore" quick fix', async () => {
    const u = uri();
    const d = (await client.open(u, APT)).find((x) => x.code === RULE)!;
    const ignore = (await client.codeActions(u, d.range, [d])).find((a) => a.title.startsWith('Ignore'))!;
    const after = await client.apply(u, ignore.edit!);
    assert.equal(client.text(u), `FROM debian:bookworm-slim\n# dockml-ignore ${RULE}\nRUN apt-get update && apt-get install -y curl\n`);
    assert.equal(after.filter((x) => x.code === RULE).length, 0);
  });

  it('follows the dockml.rules setting: off removes, a severity changes', async () => {
    const u = uri();
    await client.open(u, APT);
    const off = client.nextDiagnostics(u);
    await client.changeSettings({ rules: { [RULE]: 'off' } });
    assert.equal((await off).diagnostics.filter((x) => x.code === RULE).length, 0);
    const error = client.nextDiagnostics(u);
    await client.changeSettings({ rules: { [RULE]: 'error' } });
    assert.equal((await error).diagnostics.find((x) => x.code === RULE)?.severity, 1);
    const reset = client.nextDiagnostics(u);
    await client.changeSettings({});
    await reset;
  });

  it('follows the per-rule settings of the Settings UI over dockml.rules; `default` leaves dockml.rules in force', async () => {
    const u = uri();
    await client.open(u, APT);
    const off = client.nextDiagnostics(u);
    await client.changeSettings({ rules: { [RULE]: 'error' }, rule: { [RULE]: 'off', 'pip-no-cache-dir': 'default' } });
    assert.equal((await off).diagnostics.filter((x) => x.code === RULE).length, 0);
    const error = client.nextDiagnostics(u);
    await client.changeSettings({ rule: { [RULE]: 'error' } });
    assert.equal((await error).diagnostics.find((x) => x.code === RULE)?.severity, 1);
    const info = client.nextDiagnostics(u);
    await client.changeSettings({ rules: { [RULE]: 'info' }, rule: { [RULE]: 'default' } });
    assert.equal((await info).diagnostics.find((x) => x.code === RULE)?.severity, 3);
    const reset = client.nextDiagnostics(u);
    await client.changeSettings({});
    await reset;
  });

  it('reads .dockml.yaml from a parent folder and reports its mistakes on the file itself', async () => {
    const project = fs.mkdtempSync(path.join(dir, 'project-'));
    fs.mkdirSync(path.join(project, 'svc'));
    fs.writeFileSync(path.join(project, '.dockml.yaml'), `rules:\n  ${RULE}: info\n  no-such-rule: off\n`);
    const configUri = pathToFileURL(path.join(project, '.dockml.yaml')).href;
    const problems = client.nextDiagnostics(configUri);
    const diagnostics = await client.open(pathToFileURL(path.join(project, 'svc', 'Dockerfile')).href, APT);
    assert.equal(diagnostics.find((x) => x.code === RULE)?.severity, 3);
    assert.match(String((await problems).diagnostics[0].message), /unknown rule "no-such-rule"/);
  });

  it('offers fix-all as a source action, which applies safe fixes only', async () => {
    const u = uri();
    await client.open(u, APT + '# Python packages\nRUN pip install numpy\n');
    const actions = await client.codeActions(u, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.dockml');
    const after = await client.apply(u, actions[0].edit!);
    assert.equal(after.filter((x) => x.code === 'pip-no-cache-dir').length, 0);
    // Adding --no-install-recommends changes the installed packages: offered as a quick fix, never applied by fix-all.
    assert.equal(after.filter((x) => x.code === RULE).length, 1);
  });

  it('never publishes a stale version after a newer one, under rapid edits', async () => {
    const u = uri();
    await client.open(u, APT);
    const start = client.published.length;
    let last = 0;
    for (let i = 0; i < 200; i++) last = client.sendChange(u, [{ text: i % 2 ? APT : 'FROM debian\n' }]);
    const final = await client.nextDiagnostics(u, last);
    assert.equal(final.diagnostics.filter((x) => x.code === RULE).length, 1);
    const versions = client.published.slice(start).filter((p) => p.uri === u).map((p) => p.version ?? 0);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions only increase');
    assert.ok(versions.length < 200, `edits are coalesced (${versions.length} publications for 200 edits)`);
  });

  it('clears diagnostics when a document closes', async () => {
    const u = uri();
    await client.open(u, APT);
    assert.deepEqual((await client.close(u)).diagnostics, []);
  });

  it('survives bad input: empty, half-typed, binary junk, and a 50,000-line file', async () => {
    const inputs = [
      '',
      'FROM',
      'RUN apt-get install',
      'COPY --from=',
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('utf8'),
      'FROM python:3.11-slim\n' + 'RUN apt-get update && apt-get install -y curl\n'.repeat(50_000),
    ];
    for (const text of inputs) {
      const diagnostics = await client.open(uri(), text);
      assert.ok(Array.isArray(diagnostics));
    }
    // The server still answers afterwards.
    assert.equal((await client.open(uri(), APT)).filter((x) => x.code === RULE).length, 1);
  });
});
