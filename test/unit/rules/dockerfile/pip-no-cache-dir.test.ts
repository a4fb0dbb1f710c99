import assert from 'node:assert/strict';
import { it } from 'node:test';
import { analyze } from '../../../../server/src/analysis/diagnostics';
import { rule } from '../../../../server/src/rules/dockerfile/pip-no-cache-dir';
import { applyEdits } from '../../../../server/src/text';
import { MemoryHost } from '../../memoryHost';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch',
    'FROM python:3.11-slim\nRUN pip --no-cache-dir install torch',
    'FROM python:3.11-slim\nRUN python -m pip install --no-cache-dir -r requirements.txt',
    { name: 'ENV in the stage', code: 'FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install torch' },
    { name: 'legacy ENV form', code: 'FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR 1\nRUN pip install torch' },
    { name: 'ENV inherited through FROM <stage>', code: 'FROM python:3.11-slim AS base\nENV PIP_NO_CACHE_DIR=off\nFROM base\nRUN pip install torch' },
    { name: 'ARG becomes an environment variable of RUN', code: 'FROM python:3.11-slim\nARG PIP_NO_CACHE_DIR=1\nRUN pip install torch' },
    { name: 'inline variable', code: 'FROM python:3.11-slim\nRUN PIP_NO_CACHE_DIR=1 pip install torch' },
    { name: 'pip config', code: 'FROM python:3.11-slim\nRUN pip config set global.no-cache-dir true\nRUN pip install torch' },
    { name: 'cache mount', code: 'FROM python:3.11-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install torch' },
    { name: 'cache mount on ~/.cache', code: 'FROM python:3.11-slim\nRUN --mount=type=cache,target=/root/.cache pip install torch' },
    { name: 'cache mount on PIP_CACHE_DIR', code: 'FROM python:3.11-slim\nENV PIP_CACHE_DIR=/pipcache\nRUN --mount=type=cache,target=/pipcache pip install torch' },
    { name: 'cache purged in the same RUN', code: 'FROM python:3.11-slim\nRUN pip install torch && rm -rf /root/.cache/pip' },
    { name: 'pip cache purge', code: 'FROM python:3.11-slim\nRUN pip3 install torch \\\n && pip3 cache purge' },
    { name: 'builder stage', code: 'FROM python:3.11 AS build\nRUN pip install torch\nFROM python:3.11-slim\nCOPY --from=build /usr/local /usr/local' },
    { name: 'uv has its own cache rule', code: 'FROM python:3.11-slim\nRUN uv pip install --system torch' },
    { name: 'pipx and pipenv are not pip', code: 'FROM python:3.11-slim\nRUN pipx install black && pipenv install' },
    'FROM python:3.11-slim\nRUN pip',
    'FROM python:3.11-slim\nRUN pip install',
    'RUN pip install x',
  ],
  invalid: [
    {
      name: 'pip run inside a conda environment with conda run',
      code: 'FROM continuumio/miniconda3:24.1.2-0\nRUN conda run -n app --no-capture-output pip install torch',
      errors: [{ messageId: 'missing', range: '1:41-1:52' }],
      output: 'FROM continuumio/miniconda3:24.1.2-0\nRUN conda run -n app --no-capture-output pip install --no-cache-dir torch',
      safe: true,
    },
    {
      name: 'installs in both branches of an if, after `then` and `else`',
      code: 'FROM python:3.11-slim\nRUN if [ -n "$DEV" ]; then pip install torch; else pip install flask; fi',
      errors: [
        { messageId: 'missing', range: '1:27-1:38' },
        { messageId: 'missing', range: '1:51-1:62' },
      ],
      output: 'FROM python:3.11-slim\nRUN if [ -n "$DEV" ]; then pip install --no-cache-dir torch; else pip install --no-cache-dir flask; fi',
      safe: true,
    },
    {
      code: 'FROM python:3.11-slim\nRUN pip install torch',
      errors: [{ messageId: 'missing', range: '1:4-1:15' }],
      output: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch',
      safe: true,
    },
    {
      name: 'python -m pip over continuation lines, lowercase keywords',
      code: 'from python:3.11-slim\nrun python3 -m pip install \\\n    -r requirements.txt',
      errors: [{ messageId: 'missing', range: '1:15-1:26' }],
      output: 'from python:3.11-slim\nrun python3 -m pip install --no-cache-dir \\\n    -r requirements.txt',
      safe: true,
    },
    {
      name: 'two installs in one RUN, ARG-resolved base',
      code: 'ARG PY=3.11\nFROM python:${PY}-slim\nRUN pip install -U pip && pip3 install numpy',
      errors: [
        { messageId: 'missing', range: '2:4-2:15' },
        { messageId: 'missing', range: '2:26-2:38' },
      ],
      output: 'ARG PY=3.11\nFROM python:${PY}-slim\nRUN pip install --no-cache-dir -U pip && pip3 install --no-cache-dir numpy',
      safe: true,
    },
    {
      name: 'in a heredoc',
      code: 'FROM python:3.11-slim\nRUN <<EOF\npip install torch\nEOF',
      errors: [{ messageId: 'missing', range: '2:0-2:11' }],
      output: 'FROM python:3.11-slim\nRUN <<EOF\npip install --no-cache-dir torch\nEOF',
      safe: true,
    },
    {
      name: 'the shipped stage built on another stage; ENV in a sibling stage does not count',
      code: 'FROM python:3.11-slim AS base\nRUN pip install fastapi\nFROM base AS dev\nENV PIP_NO_CACHE_DIR=1\nFROM base\nCMD ["python"]',
      errors: [{ messageId: 'missing', range: '1:4-1:15' }],
      output: 'FROM python:3.11-slim AS base\nRUN pip install --no-cache-dir fastapi\nFROM base AS dev\nENV PIP_NO_CACHE_DIR=1\nFROM base\nCMD ["python"]',
      safe: true,
    },
    {
      name: 'a cache mount somewhere else',
      code: 'FROM python:3.11-slim\nRUN --mount=type=cache,target=/var/cache/apt pip install torch',
      errors: [{ messageId: 'missing', range: '1:45-1:56' }],
      output: 'FROM python:3.11-slim\nRUN --mount=type=cache,target=/var/cache/apt pip install --no-cache-dir torch',
      safe: true,
    },
    {
      name: 'JSON form',
      code: 'FROM python:3.11-slim\nRUN ["pip", "install", "torch"]',
      errors: [{ messageId: 'missing', range: '1:5-1:21' }],
      output: 'FROM python:3.11-slim\nRUN ["pip", "install", "--no-cache-dir", "torch"]',
      safe: true,
    },
  ],
});

/** The texts that each non-preferred fix of the rule's findings produces. */
function alternatives(code: string): string[] {
  const { findings } = analyze({ kind: 'dockerfile', text: code, path: '/project/Dockerfile', files: new MemoryHost(), rules: [rule], severity: (r) => r.severity });
  return findings.flatMap((f) => f.fixes.filter((x) => !x.preferred && x.title.startsWith('Mount')).map((x) => applyEdits(code, x.edits)));
}

it('offers a cache mount as the alternative fix, as root only', () => {
  assert.deepEqual(alternatives('FROM python:3.11-slim\nRUN pip install torch'), ['FROM python:3.11-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install torch']);
  assert.deepEqual(alternatives('FROM python:3.11-slim\nUSER app\nRUN pip install torch'), []);
});
