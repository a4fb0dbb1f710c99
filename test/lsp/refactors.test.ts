// Refactorings through the real language server: each asserts the exact text after applying it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { TestClient } from './testClient';

describe('refactorings', () => {
  let client: TestClient;
  let n = 0;
  before(async () => {
    client = new TestClient();
    await client.initialize();
  });
  after(() => client.dispose());

  async function refactor(name: string, text: string, line: number, title: string): Promise<string> {
    const uri = `untitled:${name}-${++n}`;
    await client.open(uri, text, name === 'compose.yaml' ? 'dockercompose' : 'dockerfile');
    const position = { line, character: 1 };
    const actions = await client.codeActions(uri, { start: position, end: position }, [], ['refactor.rewrite']);
    const action = actions.find((a: CodeAction) => a.title === title);
    assert.ok(action, `"${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(action.kind, 'refactor.rewrite');
    await client.apply(uri, action.edit!);
    return client.text(uri);
  }

  it('converts a single-stage Dockerfile into builder and runtime stages', async () => {
    const text = [
      'FROM python:3.12',
      'WORKDIR /app',
      'RUN apt-get update && apt-get install -y --no-install-recommends gcc libgomp1 && rm -rf /var/lib/apt/lists/*',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY . .',
      'ENV HF_TOKEN=hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ',
      'EXPOSE 8000',
      'CMD ["python", "app.py"]',
      '',
    ].join('\n');
    const after = await refactor('Dockerfile', text, 0, 'Convert into builder and runtime stages');
    assert.equal(
      after,
      [
        'FROM python:3.12 AS builder',
        'WORKDIR /app',
        'RUN apt-get update && apt-get install -y --no-install-recommends gcc libgomp1 && rm -rf /var/lib/apt/lists/*',
        'COPY requirements.txt .',
        'RUN python -m venv /opt/venv',
        'ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"',
        'RUN pip install --no-cache-dir -r requirements.txt',
        'COPY . .',
        'ENV HF_TOKEN=hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ',
        '',
        'FROM python:3.12-slim AS runtime',
        'WORKDIR /app',
        'RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*',
        'COPY --from=builder /opt/venv /opt/venv',
        'ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"',
        'COPY --from=builder /app /app',
        'EXPOSE 8000',
        'CMD ["python", "app.py"]',
        '',
      ].join('\n'),
    );
  });

  it('offers the split disabled, with the reason, where it cannot find the Python packages again', async () => {
    const uri = `untitled:Dockerfile-${++n}`;
    await client.open(uri, 'FROM ubuntu:22.04\nRUN pip install --no-cache-dir numpy\nCMD ["python3"]\n');
    const position = { line: 0, character: 1 };
    const actions = await client.codeActions(uri, { start: position, end: position }, [], ['refactor.rewrite']);
    const split = actions.find((a: CodeAction) => a.title === 'Convert into builder and runtime stages');
    assert.ok(split, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(split.edit, undefined);
    assert.match(split.disabled?.reason ?? '', /^DockML does not know which Python this image runs/);
  });

  it('withholds the disabled split from a client that cannot show disabled actions', async () => {
    const plain = new TestClient();
    try {
      await plain.initialize({ disabledActions: false });
      const uri = 'untitled:Dockerfile-plain';
      await plain.open(uri, 'FROM ubuntu:22.04\nRUN pip install --no-cache-dir numpy\nCMD ["python3"]\n');
      const position = { line: 0, character: 1 };
      const titles = (await plain.codeActions(uri, { start: position, end: position }, [], ['refactor.rewrite'])).map((a: CodeAction) => a.title);
      assert.ok(!titles.includes('Convert into builder and runtime stages'), JSON.stringify(titles));
    } finally {
      plain.dispose();
    }
  });

  it('adds a non-root user before CMD', async () => {
    const after = await refactor('Dockerfile', 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n', 0, 'Add a non-root user');
    assert.equal(after, 'FROM python:3.12-slim\nCOPY . /app\nRUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app\nUSER app\nCMD ["python", "/app/main.py"]\n');
  });

  it('adds a HEALTHCHECK for the exposed port', async () => {
    const after = await refactor('Dockerfile', 'FROM python:3.12-slim\nEXPOSE 8080\nUSER 10001\nCMD ["python", "serve.py"]\n', 0, 'Add a HEALTHCHECK');
    assert.match(after, /\nHEALTHCHECK .*8080.*\nCMD \["python", "serve\.py"\]\n$/);
  });

  it('is not offered away from the final FROM line', async () => {
    const uri = `untitled:Dockerfile-${++n}`;
    await client.open(uri, 'FROM python:3.12\nRUN echo hi\n');
    const position = { line: 1, character: 1 };
    assert.deepEqual(await client.codeActions(uri, { start: position, end: position }, [], ['refactor.rewrite']), []);
  });

  it('reserves a GPU for a Compose service', async () => {
    const after = await refactor('compose.yaml', 'services:\n  trainer:\n    image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime\n  db:\n    image: postgres:17\n', 1, 'Reserve a GPU for trainer');
    assert.equal(
      after,
      'services:\n  trainer:\n    image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n  db:\n    image: postgres:17\n',
    );
  });

  it('converts runtime: nvidia into a deploy block', async () => {
    const after = await refactor('compose.yaml', 'services:\n  llm:\n    image: vllm/vllm-openai:v0.6.4\n    runtime: nvidia\n', 1, 'Convert `runtime: nvidia` to a deploy block');
    assert.equal(after, 'services:\n  llm:\n    image: vllm/vllm-openai:v0.6.4\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: all\n              capabilities: [gpu]\n');
  });

  it('moves a Compose service onto a new internal network', async () => {
    const after = await refactor('compose.yaml', 'services:\n  db:\n    image: postgres:17\nnetworks:\n  public:\n', 1, 'Move db onto a new internal network');
    assert.equal(after, 'services:\n  db:\n    image: postgres:17\n    networks:\n      - db-internal\nnetworks:\n  public:\n  db-internal:\n    internal: true\n');
  });
});
