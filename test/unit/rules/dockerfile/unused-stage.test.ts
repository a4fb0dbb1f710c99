import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../../server/src/analysis/diagnostics';
import { rule } from '../../../../server/src/rules/dockerfile/unused-stage';
import { applyEdits } from '../../../../server/src/text';
import { MemoryHost } from '../../memoryHost';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    // Variants built with `--target` are images of their own (see docs/roles.md).
    { name: 'a variant with its own CMD', code: 'FROM python:3.11-slim AS base\nRUN pip install --no-cache-dir app\nFROM base AS worker\nCMD ["python", "-m", "app.worker"]\nFROM base\nCMD ["python", "-m", "app.server"]' },
    { name: 'one service per stage, each with its ENTRYPOINT', code: 'FROM debian:bookworm-slim AS runner\nCOPY bin/ /bin/\nFROM runner AS gc\nENTRYPOINT ["/bin/gc"]\nFROM runner AS query\nENTRYPOINT ["/bin/query"]' },
    { name: 'a FROM scratch export stage', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM scratch AS export\nCOPY --from=build /out/app /\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app' },
    { name: 'a stage that a Compose service builds as its target', code: 'FROM python:3.11 AS test\nRUN pytest\nFROM python:3.11-slim\nCMD ["python"]', builders: [{ composeFile: 'compose.yaml', contextDir: '.', service: 'tests', target: 'Test', gpu: false }] },
    {
      name: 'a CI variant that nothing uses, without a command of its own',
      code: 'FROM python:3.11-slim AS runtime\nCOPY app /app\n# Only for CI.\nFROM python:3.11-slim AS ci-runtime\nRUN pip install --no-cache-dir pytest\nCOPY app /app\nFROM runtime\nCMD ["python", "/app/serve.py"]',
    },
    {
      name: 'the stages a test variant starts from and copies from',
      code: 'FROM python:3.11 AS deps\nRUN pip wheel --wheel-dir /w pytest\nFROM python:3.11-slim AS dev\nFROM dev AS test\nCOPY --from=deps /w /w\nRUN pytest\nFROM python:3.11-slim',
    },
    { name: 'an e2e stage built on the final one', code: 'FROM python:3.11-slim AS app\nCMD ["python", "serve.py"]\nFROM app AS e2e\nRUN pip install --no-cache-dir playwright\nFROM app' },
    'FROM python:3.11 AS builder\nRUN pip wheel --wheel-dir /wheels torch\nFROM python:3.11-slim\nCOPY --from=builder /wheels /wheels',
    { name: 'single stage', code: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch' },
    { name: 'used through FROM <stage>', code: 'FROM python:3.11-slim AS base\nFROM base' },
    { name: 'used by index', code: 'FROM python:3.11\nFROM python:3.11-slim\nCOPY --from=0 /a /b' },
    { name: 'used by RUN --mount', code: 'FROM python:3.11 AS wheels\nFROM python:3.11-slim\nRUN --mount=type=bind,from=wheels,target=/w pip install /w/*.whl' },
    { name: 'used through a stage that is used', code: 'FROM python:3.11 AS deps\nFROM deps AS build\nFROM python:3.11-slim\nCOPY --from=build /a /b' },
    { name: 'used through an ARG default', code: 'ARG WHEELS=wheels\nFROM python:3.11 AS wheels\nFROM python:3.11-slim\nCOPY --from=${WHEELS} /a /b' },
    { name: 'final stage chosen by a build argument', code: 'ARG DEVICE=cpu\nFROM python:3.11-slim AS base-cpu\nFROM nvidia/cuda:12.4.1-runtime-ubuntu22.04 AS base-gpu\nFROM base-${DEVICE}' },
    { name: 'copy source chosen by a build argument', code: 'ARG VARIANT\nFROM python:3.11 AS build-a\nFROM python:3.11 AS build-b\nFROM python:3.11-slim\nCOPY --from=build-$VARIANT /a /b' },
    { name: 'half-typed', code: 'FROM\nFROM python:3.11 AS\nCOPY --from= /a /b' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      name: 'a stage named for tests that only a leftover stage uses is part of the leftover',
      code: 'FROM python:3.11 AS test-deps\nRUN pip wheel --wheel-dir /w pytest\nFROM python:3.11 AS leftover\nCOPY --from=test-deps /w /w\nFROM python:3.11-slim',
      errors: [
        { messageId: 'unused', range: '0:20-0:29' },
        { messageId: 'unused', range: '2:20-2:28' },
      ],
      output: null,
    },
    {
      name: 'a leftover whose name only contains a test word inside another word',
      code: 'FROM python:3.11 AS latest\nRUN pip wheel --wheel-dir /w torch\nFROM python:3.11-slim',
      errors: [{ messageId: 'unused', range: '0:20-0:26' }],
      output: null,
    },
    {
      name: 'a stage that only inherits a CMD runs nothing of its own',
      code: 'FROM python:3.11-slim AS base\nCMD ["python", "serve.py"]\nFROM base AS leftover\nRUN pip install --no-cache-dir ipython\nFROM base',
      errors: [{ messageId: 'unused', range: '2:13-2:21' }],
      output: null,
    },
    {
      name: 'a Compose service that targets another stage',
      code: 'FROM python:3.11 AS lint\nRUN ruff check .\nFROM python:3.11 AS test\nRUN pytest\nFROM python:3.11-slim\nCMD ["python"]',
      builders: [{ composeFile: 'compose.yaml', contextDir: '.', service: 'tests', target: 'test', gpu: false }],
      errors: [{ messageId: 'unused', range: '0:20-0:24' }],
      output: null,
    },
    {
      name: 'a scratch stage that runs a command is no export stage',
      code: 'FROM scratch AS tool\nCOPY tool /tool\nRUN ["/tool"]\nFROM debian:bookworm-slim',
      errors: [{ messageId: 'unused', range: '0:16-0:20' }],
      output: null,
    },
    {
      name: 'a leftover stage, removed only by a non-preferred fix',
      code: 'FROM python:3.11-slim AS base\nRUN pip install --no-cache-dir torch\n\n# Installs the notebook tools.\nFROM base AS notebook\nRUN pip install --no-cache-dir jupyterlab\n\nFROM base\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'unused', range: '4:13-4:21' }],
      output: null,
    },
    {
      name: 'unnamed stage, lowercase keywords, heredoc',
      code: 'from python:3.11\nrun <<EOF\npip wheel torch\nEOF\nfrom python:3.11-slim\ncmd ["python"]',
      errors: [{ messageId: 'unusedUnnamed', range: '0:5-0:16' }],
      output: null,
    },
    {
      name: 'ARG-resolved base of an unused stage',
      code: 'ARG BASE=python:3.11\nFROM ${BASE} AS dev\nRUN pip install ipython\nFROM ${BASE}-slim',
      errors: [{ messageId: 'unused', range: '1:16-1:19' }],
      output: null,
    },
    {
      name: 'a chain of unused stages',
      code: 'FROM python:3.11 AS dev\nFROM dev AS lint\nRUN ruff check .\nFROM python:3.11-slim',
      errors: [
        { messageId: 'unused', range: '0:20-0:23' },
        { messageId: 'unused', range: '1:12-1:16' },
      ],
      output: null,
    },
  ],
});

// The removal fix is never preferred, so the table above cannot show its result: these cases do.
describe('unused-stage removal fix', () => {
  const remove = (code: string) => {
    const { findings } = analyze({ kind: 'dockerfile', text: code, path: '/project/Dockerfile', files: new MemoryHost(), rules: [rule], severity: (r) => r.severity });
    return findings.map((f) => {
      const fix = f.fixes.find((x) => x.title.startsWith('Remove stage'));
      return fix ? applyEdits(code, fix.edits) : null;
    });
  };

  it('removes the stage with the comments right above it, keeping the parser directive', () => {
    const code = '# syntax=docker/dockerfile:1\n# Old tooling.\nFROM python:3.11 AS tools\nRUN pip install ipython\n\n# The image.\nFROM python:3.11-slim\nCMD ["python"]\n';
    assert.deepEqual(remove(code), ['# syntax=docker/dockerfile:1\n\n# The image.\nFROM python:3.11-slim\nCMD ["python"]\n']);
  });

  it('keeps the global ARGs and the lines of the next stage, with CRLF and a heredoc', () => {
    const code = 'ARG PY=3.11\r\nFROM python:${PY} AS base\r\nFROM base AS final\r\nRUN echo\r\n\r\nFROM python:${PY} AS dev\r\nRUN <<EOF\r\npip install ipython\r\nEOF\r\n\r\nFROM final\r\n';
    assert.deepEqual(remove(code), ['ARG PY=3.11\r\nFROM python:${PY} AS base\r\nFROM base AS final\r\nRUN echo\r\n\r\nFROM final\r\n']);
  });

  it('offers no removal when another stage builds on the stage', () => {
    assert.deepEqual(remove('FROM python:3.11 AS dev\nFROM dev AS lint\nFROM python:3.11-slim'), [null, 'FROM python:3.11 AS dev\nFROM python:3.11-slim']);
  });

  it('offers no removal when a later index would shift', () => {
    assert.deepEqual(remove('FROM python:3.11 AS dev\nFROM python:3.11 AS build\nFROM python:3.11-slim\nCOPY --from=1 /a /b'), [null]);
  });
});
