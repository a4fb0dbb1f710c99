import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../../server/src/analysis/diagnostics';
import { rule } from '../../../../server/src/rules/dockerfile/missing-dockerignore';
import type { ComposeBuilder } from '../../../../server/src/rules/types';
import { MemoryHost } from '../../memoryHost';
import { ruleTester } from '../../ruleTester';

/** The file the fix creates when the Dockerfile names none of the ignored paths. */
const DEFAULTS = [
  '# Paths left out of the Docker build context: smaller, faster builds and no secrets in the image.',
  '# Version control',
  '.git',
  '# Python caches and virtual environments',
  '**/__pycache__',
  '**/*.py[cod]',
  '.venv',
  'venv',
  '.mypy_cache',
  '.pytest_cache',
  '**/.ipynb_checkpoints',
  '# Secrets',
  '.env',
  '# Experiment tracking and training outputs',
  'wandb/',
  'mlruns/',
  'lightning_logs/',
  'runs/',
  'outputs/',
  '# Data sets and checkpoints: mount them at run time instead',
  'data/',
  'datasets/',
  'checkpoints/',
  '**/*.ckpt',
  '# Host dependencies, editors and OS files',
  'node_modules',
  '.vscode',
  '.idea',
  '**/.DS_Store',
  '',
].join('\n');

ruleTester(rule, {
  valid: [
    { code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .', files: { '.dockerignore': '.git\n' } },
    { name: 'a per-Dockerfile ignore file', code: 'FROM python:3.11-slim\nCOPY . /app', path: 'docker/Dockerfile.gpu', files: { 'docker/Dockerfile.gpu.dockerignore': 'data/\n' } },
    { name: 'named sources only', code: 'FROM python:3.11-slim\nCOPY requirements.txt serve.py /app/\nCOPY src/ /app/src/' },
    { name: 'COPY . from another stage reads no build context', code: 'FROM python:3.11 AS builder\nWORKDIR /app\nFROM python:3.11-slim\nCOPY --from=builder . /app' },
    { name: 'a dotted file name is not the context', code: 'FROM python:3.11-slim\nCOPY .env.example /app/' },
    { name: 'half-typed', code: 'FROM python:3.11-slim\nCOPY\nADD .\nCOPY --from=' },
    { name: 'empty file', code: '' },
    {
      name: 'the context is the parent folder, where the COPY sources are, and its .dockerignore applies',
      path: 'docker/Dockerfile',
      code: 'FROM python:3.11-slim\nCOPY requirements.txt /app/\nCOPY . /app',
      files: { 'requirements.txt': 'torch\n', '.dockerignore': '.git\n' },
    },
    {
      name: 'nothing says where the context is, and a parent folder has a .dockerignore: probably built from there',
      path: 'docker/gpu/Dockerfile',
      code: 'FROM python:3.11-slim\nCOPY . /app',
      files: { '.dockerignore': '.git\n' },
    },
  ],
  invalid: [
    {
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt',
      errors: [{ messageId: 'missing', range: '2:5-2:6' }],
      output: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt',
      outputFiles: { '.dockerignore': DEFAULTS },
    },
    {
      name: 'paths the Dockerfile copies are not ignored; reported once, lowercase keywords, in a builder stage',
      code: 'from python:3.11 as builder\ncopy data/vocab.txt /app/data/\ncopy ./ /src\nadd . /src\nrun --mount=type=bind,source=checkpoints,target=/ckpt python convert.py\nfrom python:3.11-slim\ncopy --from=builder /src /src\ncopy .env /app/.env',
      errors: [{ messageId: 'missing', range: '2:5-2:7' }],
      output: 'from python:3.11 as builder\ncopy data/vocab.txt /app/data/\ncopy ./ /src\nadd . /src\nrun --mount=type=bind,source=checkpoints,target=/ckpt python convert.py\nfrom python:3.11-slim\ncopy --from=builder /src /src\ncopy .env /app/.env',
      outputFiles: { '.dockerignore': DEFAULTS.replace('# Secrets\n.env\n', '').replace('data/\n', '').replace('checkpoints/\n', '') },
    },
    {
      name: 'glob sources, JSON form, continuation lines, a Dockerfile in a subfolder',
      path: 'docker/Dockerfile',
      code: 'ARG BASE=python:3.11-slim\nFROM ${BASE}\nCOPY *.ckpt \\\n     runs* /models/\nCOPY [".", "/app"]',
      errors: [{ messageId: 'missing', range: '4:6-4:9' }],
      output: 'ARG BASE=python:3.11-slim\nFROM ${BASE}\nCOPY *.ckpt \\\n     runs* /models/\nCOPY [".", "/app"]',
      outputFiles: { 'docker/.dockerignore': DEFAULTS.replace('\nruns/\n', '\n').replace('**/*.ckpt\n', '') },
    },
    {
      name: 'a .dockerignore beside a Dockerfile whose context is the parent folder does not count: BuildKit reads the context root',
      path: 'docker/Dockerfile',
      code: 'FROM python:3.11-slim\nCOPY requirements.txt /app/\nCOPY . /app',
      files: { 'requirements.txt': 'torch\n', 'docker/.dockerignore': '.git\n' },
      errors: [{ messageId: 'missing', range: '2:5-2:6' }],
      output: 'FROM python:3.11-slim\nCOPY requirements.txt /app/\nCOPY . /app',
      outputFiles: { '.dockerignore': DEFAULTS },
    },
  ],
});

describe('the build context it assumes', () => {
  const code = 'FROM python:3.11-slim\nCOPY . /app';
  const lint = (files: Record<string, string>, builders: ComposeBuilder[] = []) =>
    analyze({ kind: 'dockerfile', text: code, path: '/project/docker/Dockerfile', files: new MemoryHost(files), rules: [rule], severity: (r) => r.severity, builders }).findings;
  const api: ComposeBuilder = { composeFile: '/project/compose.yaml', service: 'api', contextDir: '/project', gpu: false };

  it("names the Dockerfile's folder when nothing says otherwise", () => {
    const [finding] = lint({});
    assert.match(finding.message, /sends the whole build context `\.` \(the Dockerfile's folder\)/);
    assert.equal(finding.fixes[0].edits[0].file, '/project/docker/.dockerignore');
  });

  it('takes the build.context of a Compose service that builds the Dockerfile, and says so', () => {
    const [finding] = lint({}, [api]);
    assert.match(finding.message, /sends the whole build context `\.\.` \(from service `api` in compose\.yaml\)/);
    assert.equal(finding.fixes[0].edits[0].file, '/project/.dockerignore');
    assert.deepEqual(lint({ '/project/.dockerignore': '.git\n' }, [api]), []);
    assert.equal(lint({ '/project/docker/.dockerignore': '.git\n' }, [api]).length, 1, 'the Dockerfile folder is not the context');
  });

  it('prefers <Dockerfile>.dockerignore beside the Dockerfile, whatever the context', () => {
    assert.deepEqual(lint({ '/project/docker/Dockerfile.dockerignore': '.git\n' }, [api]), []);
  });
});

it('skips an unsaved document, whose build context is unknown', () => {
  const { findings, failures } = analyze({ kind: 'dockerfile', text: 'FROM python:3.11-slim\nCOPY . .', files: new MemoryHost(), rules: [rule], severity: (r) => r.severity });
  assert.deepEqual([findings, failures], [[], []]);
});
