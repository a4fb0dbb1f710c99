// Hovers and completions through the real language server.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient } from './testClient';

const DOCKERFILE = [
  'FROM nvidia/cuda:12.1.1-cudnn8-devel-ubuntu22.04 AS builder',
  'RUN apt-get update && apt-get install -y curl',
  'FROM python:3.11 AS runtime',
  'COPY --from=builder /opt /opt',
  'CMD ["python", "app.py"]',
  '',
].join('\n');

describe('hover and completion', () => {
  let client: TestClient;
  let n = 0;
  const uri = () => `untitled:Dockerfile-${++n}`;
  before(async () => {
    client = new TestClient();
    await client.initialize();
  });
  after(() => client.dispose());

  const hoverAt = async (u: string, line: number, character: number) => {
    const result = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: u }, position: { line, character } });
    return result ? (result.contents as MarkupContent).value : '';
  };
  const completeAt = (u: string, line: number, character: number) =>
    client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri: u }, position: { line, character } });

  it('describes a base image, its alternative, and whether its stage ships', async () => {
    const u = uri();
    await client.open(u, DOCKERFILE);
    const cuda = await hoverAt(u, 0, 10);
    assert.match(cuda, /CUDA 12\.1\.1 with cuDNN/);
    assert.match(cuda, /Runtime alternative \(no compilers\): `nvidia\/cuda:12\.1\.1-cudnn8-runtime-ubuntu22\.04`/);
    assert.match(cuda, /A builder stage: the final stage copies from it/);
    const python = await hoverAt(u, 2, 8);
    assert.match(python, /Slimmer alternative: `python:3\.11-slim`/);
    assert.match(python, /This is the final stage/);
  });

  it('shows where a stage is used, from its name and from --from=', async () => {
    const u = uri();
    await client.open(u, DOCKERFILE);
    assert.match(await hoverAt(u, 0, 55), /Used at line 4: `COPY --from=builder`/);
    assert.match(await hoverAt(u, 3, 15), /\*\*Stage `builder`\*\*/);
  });

  it('says what each stage is for, with the evidence', async () => {
    const u = uri();
    await client.open(u, DOCKERFILE);
    assert.match(await hoverAt(u, 0, 55), /Builder: stage `runtime` \(line 4\) copies from it/);
    assert.match(await hoverAt(u, 0, 55), /Never ships/);
    assert.match(await hoverAt(u, 2, 8), /Service: runs `\["python", "app\.py"\]` \(CMD line 5\)/);
    const devcontainer = 'file:///nonexistent-dockml-project/.devcontainer/Dockerfile';
    await client.open(devcontainer, 'FROM python:3.11\nRUN pip install --no-cache-dir vllm\n');
    const text = await hoverAt(devcontainer, 0, 8);
    assert.match(text, /Dev container: in `\.devcontainer\/`/);
    assert.match(text, /Compiles at run time: it installs `vllm`/);
  });

  it('takes a test folder deep inside the repository for a test image, in the hover and in the diagnostics', async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-hover-'));
    try {
      fs.mkdirSync(path.join(repo, '.git'));
      const file = path.join(repo, 'java', 'serving', 'src', 'test', 'resources', 'compose', 'app', 'Dockerfile');
      const text = 'FROM python:3.11\nEXPOSE 8080\nCMD ["python", "serve.py"]\n';
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      const u = pathToFileURL(file).href;
      const diagnostics = await client.open(u, text);
      assert.ok(!diagnostics.some((d) => d.code === 'missing-non-root-user'), 'a test fixture need not drop root');
      assert.match(await hoverAt(u, 0, 8), /CI or test image: folder `test` is named for tests or CI/);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it("explains a finding's rule with a link to its page", async () => {
    const u = uri();
    await client.open(u, DOCKERFILE);
    // The builder stage's apt-get never ships, so the finding to explain is on the shipped base image.
    const text = await hoverAt(u, 2, 8);
    assert.match(text, /DockML `prefer-slim-base`/);
    assert.match(text, /\[Rule documentation\]\(file:.*prefer-slim-base\.md\)/);
  });

  it('completes earlier stage names after --from=, and image tags after python:', async () => {
    const u = uri();
    await client.open(u, 'FROM python:3.11-slim AS deps\nFROM deps AS test\nFROM python:3.11-slim\nCOPY --from=\nFROM python:');
    assert.deepEqual((await completeAt(u, 3, 12)).map((i) => i.label), ['deps', 'test']);
    const tags = (await completeAt(u, 4, 12)).map((i) => i.label);
    assert.equal(tags[0], '3.13-slim');
    assert.ok(tags.includes('3.11-slim-bookworm'));
    // Inside a keyword, the instructions it may be: `FR` is FROM.
    const keyword = (await completeAt(u, 0, 2)).map((i) => i.label);
    assert.ok(keyword.length > 0 && keyword.every((l) => l.startsWith('FROM')), keyword.join(', '));
  });
});
