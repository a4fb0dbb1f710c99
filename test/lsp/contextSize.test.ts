// The build context size through the real language server: measured in the background after the first analysis,
// then reported on `COPY .` and shown in the hover, with a quick fix that writes the .dockerignore.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver';
import { TestClient } from './testClient';

const DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "train.py"]\n';

describe('build context size in the language server', () => {
  let client: TestClient;
  let dir: string;
  let uri: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-context-lsp-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(dir, 'train.py'), 'print("train")\n');
    fs.mkdirSync(path.join(dir, 'datasets'));
    // A sparse file: 300 MB to the engine (and to `stat`), nothing on this disk.
    fs.closeSync(fs.openSync(path.join(dir, 'datasets', 'images.tar'), 'w'));
    fs.truncateSync(path.join(dir, 'datasets', 'images.tar'), 300_000_000);
    uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    client = new TestClient();
    await client.initialize();
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const hoverAt = async (line: number, character: number) => {
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    return (hover?.contents as MarkupContent | undefined)?.value ?? '';
  };

  it('reports the context on COPY . once it is measured, without holding up the first diagnostics', async () => {
    const measured = new Promise<Diagnostic[]>((resolve) => {
      const check = () => {
        const found = client.published.filter((p) => p.uri === uri).at(-1)?.diagnostics ?? [];
        if (found.some((d) => d.code === 'large-build-context')) resolve(found);
        else setTimeout(check, 20);
      };
      check();
    });
    const first = await client.open(uri, DOCKERFILE);
    assert.deepEqual(first.filter((d) => d.code === 'large-build-context'), [], 'the first analysis does not wait for the measurement');
    const diagnostics = await measured;
    const finding = diagnostics.find((d) => d.code === 'large-build-context')!;
    assert.deepEqual(finding.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 6 } });
    assert.match(String(finding.message), /'COPY \.' sends 300 MB in 3 files of the build context '\.' \(the Dockerfile's folder\) to the engine; the largest: 'datasets\/' 300 MB/);
  });

  it('shows the size and the largest entries in the hover on COPY . and on FROM', async () => {
    for (const [line, character] of [
      [2, 5],
      [0, 8],
    ]) {
      const text = await hoverAt(line, character);
      assert.match(text, /\*\*Build context\*\*: build context `\.` \(the Dockerfile's folder\)/);
      assert.match(text, /Sends 300 MB in 3 files with no \.dockerignore\./);
      assert.match(text, /- `datasets\/` 300 MB \(100%, 1 file\)/);
    }
  });

  it('offers to leave the largest entries out, creating the .dockerignore, and measures again when it exists', async () => {
    const finding = client.published.filter((p) => p.uri === uri).at(-1)!.diagnostics.find((d) => d.code === 'large-build-context')!;
    const actions = await client.codeActions(uri, finding.range, [finding]);
    const fix = actions.find((a: CodeAction) => a.title.startsWith('Leave datasets/ out'));
    assert.ok(fix, `a quick fix among ${actions.map((a) => a.title).join(', ')}`);
    const create = fix.edit?.documentChanges?.find((c) => 'kind' in c && c.kind === 'create');
    assert.ok(create, 'the fix creates the .dockerignore');
    fs.writeFileSync(path.join(dir, '.dockerignore'), 'datasets/\n');
    const cleared = client.nextDiagnostics(uri);
    // A watched-file change is how the editor says that the .dockerignore appeared.
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, '.dockerignore')).href, type: 1 }] });
    const after = await cleared;
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'large-build-context'), [], 'datasets/ is left out now');
    assert.match(await hoverAt(2, 5), /Sends .* in 3 files after \.dockerignore\./);
  });

  it("answers the client's build context request for the Build Image command", async () => {
    const answer = await client.connection.sendRequest<{ dir: string; ignoreFile?: string; service?: string; services: unknown[] } | null>('dockml/buildContext', { uri });
    // No Compose service builds this Dockerfile (test/lsp/editorLinks.test.ts has one that several do).
    assert.deepEqual(answer, { dir, ignoreFile: path.join(dir, '.dockerignore'), services: [] });
    assert.equal(await client.connection.sendRequest('dockml/buildContext', { uri: 'file:///not/open/Dockerfile' }), null);
  });
});
