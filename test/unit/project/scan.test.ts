// The directory scan on a real folder: every naming convention, Compose files by content and by reference, links,
// and the files it must leave alone; and the classification of files named explicitly.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { classifyExplicit, composeReferences, scanDirectory } from '../../../server/src/project/scan';

const DOCKERFILE = 'FROM python:3.11-slim\n';
const COMPOSE = 'services:\n  api:\n    image: api:1\n';

const TREE: Record<string, string> = {
  'Dockerfile': DOCKERFILE,
  'Dockerfile-cuda': DOCKERFILE,
  'Dockerfile_base': DOCKERFILE,
  'Dockerfile-uv': DOCKERFILE,
  'Dockerfile.dockerignore': '.git\n',
  'Dockerfile.md': '# How the image is built\n',
  'Dockerfile.sh': '#!/bin/sh\ndocker build .\n',
  'Dockerfile.template': 'FROM {{ base }}\n',
  'serve.Dockerfile': DOCKERFILE,
  'docker/Containerfile': DOCKERFILE,
  'docker/InternVL_Dockerfile': DOCKERFILE,
  'docker-compose-gpu.yml': COMPOSE,
  'docker-compose-base.yml': COMPOSE,
  'compose-dev.yaml': COMPOSE,
  'deploy/nims.yaml': COMPOSE,
  'deploy/stack.yaml': 'include:\n  - vectordb.yaml\n  - path: [observability.yaml]\nservices:\n  rag:\n    extends:\n      file: ../common/base.yml\n      service: base\n',
  'deploy/vectordb.yaml': 'volumes:\n  data: {}\n',
  'deploy/observability.yaml': 'networks:\n  otel: {}\n',
  'common/base.yml': 'x-base: &b\n  restart: always\n',
  'mkdocs.yml': 'site_name: Docs\n',
  '.github/workflows/docker-compose-test.yml': 'on: push\njobs:\n  t:\n    services:\n      r:\n        image: redis\n',
  'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: api:1\n',
  'chart/templates/service.yaml': 'services:\n{{- range .Values.services }}\n  - {{ . }}\n{{- end }}\n',
  'node_modules/pkg/Dockerfile': DOCKERFILE,
  '.venv/lib/Dockerfile': DOCKERFILE,
  'README.md': 'docs\n',
};

describe('scanDirectory', () => {
  let root: string;
  let outside: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-scan-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-outside-'));
    for (const [file, text] of Object.entries(TREE)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    fs.writeFileSync(path.join(outside, 'Dockerfile'), DOCKERFILE);
    fs.mkdirSync(path.join(root, 'links'));
    fs.symlinkSync(path.join(root, 'docker', 'Containerfile'), path.join(root, 'links', 'Dockerfile'));
    fs.symlinkSync(path.join(outside, 'Dockerfile'), path.join(root, 'links', 'Dockerfile.outside'));
    fs.symlinkSync(root, path.join(root, 'links', 'loop'));
    fs.symlinkSync(outside, path.join(root, 'links', 'elsewhere'));
    fs.symlinkSync(path.join(root, 'missing'), path.join(root, 'links', 'Dockerfile.dangling'));
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('finds every Dockerfile and Compose file, and nothing else', () => {
    const found = scanDirectory(root).map((f) => `${f.kind} ${path.relative(root, f.file)}`);
    assert.deepEqual(found, [
      'dockerfile Dockerfile',
      'dockerfile Dockerfile-cuda',
      'dockerfile Dockerfile-uv',
      'dockerfile Dockerfile_base',
      'compose common/base.yml',
      'compose compose-dev.yaml',
      'compose deploy/nims.yaml',
      'compose deploy/observability.yaml',
      'compose deploy/stack.yaml',
      'compose deploy/vectordb.yaml',
      'compose docker-compose-base.yml',
      'compose docker-compose-gpu.yml',
      'dockerfile docker/Containerfile',
      'dockerfile docker/InternVL_Dockerfile',
      'dockerfile links/Dockerfile',
      'dockerfile links/Dockerfile.outside',
      'dockerfile serve.Dockerfile',
    ]);
  });

  it('lints a linked file under the link, follows no folder link, and survives a loop', () => {
    const files = scanDirectory(path.join(root, 'links')).map((f) => path.basename(f.file));
    assert.deepEqual(files, ['Dockerfile', 'Dockerfile.outside']);
  });

  it('fails with a clear message on a folder it cannot read', { skip: process.getuid?.() === 0 && 'root reads every folder' }, () => {
    const locked = path.join(root, 'locked');
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o000);
    try {
      assert.throws(() => scanDirectory(root), /cannot read directory .*locked: EACCES/);
    } finally {
      fs.chmodSync(locked, 0o755);
      fs.rmdirSync(locked);
    }
  });

  it('reads include and extends references, short and long syntax, skipping variables and URLs', () => {
    assert.deepEqual(
      composeReferences('include:\n  - a.yaml\n  - path: b.yaml\n  - path: [c.yaml, d.yaml]\n  - ${X}/e.yaml\n  - https://x/f.yaml\nservices:\n  s:\n    extends:\n      file: g.yaml\n  t:\n    extends: s\n'),
      ['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml', 'g.yaml'],
    );
    assert.deepEqual(composeReferences(': ['), []);
    assert.deepEqual(composeReferences('- a\n- b\n'), []);
  });

  it('finds references however the keys are spelt: only text without the words and without escapes is skipped unread', () => {
    assert.deepEqual(composeReferences('"inc\\x6cude": [a.yaml]\n'), ['a.yaml']);
    assert.deepEqual(composeReferences('services:\n  s: {"e\\x78tends": {file: b.yaml}}\n'), ['b.yaml']);
    assert.deepEqual(composeReferences('{include: [c.yaml]}'), ['c.yaml']);
    assert.deepEqual(composeReferences('services:\n  s:\n    image: x\n'), []);
  });
});

describe('classifyExplicit', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-explicit-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('trusts the name when it says, and reads the text otherwise', () => {
    assert.deepEqual(classifyExplicit(write('Dockerfile', 'RUN make\n')), { kind: 'dockerfile' });
    assert.deepEqual(classifyExplicit(write('nims.yaml', COMPOSE)), { kind: 'compose' });
    assert.deepEqual(classifyExplicit(write('image', DOCKERFILE)), { kind: 'dockerfile' });
  });

  it('says why YAML that is not Compose, and text that is neither, cannot be linted', () => {
    const values = write('values.yaml', 'replicas: 2\n');
    assert.deepEqual(classifyExplicit(values), { problem: `${values} is YAML but not a Compose file (no top-level \`services:\` with \`image\` or \`build\`)` });
    const dockerfileYaml = write('Dockerfile.yml', DOCKERFILE);
    assert.match((classifyExplicit(dockerfileYaml) as { problem: string }).problem, /is YAML but not a Compose file/);
    assert.deepEqual(classifyExplicit(path.join(dir, 'missing')), { problem: `cannot read ${path.join(dir, 'missing')}: ENOENT` });
    const notes = write('notes.txt', 'RUN make\n');
    assert.match((classifyExplicit(notes) as { problem: string }).problem, /neither a Dockerfile \(no FROM instruction.*\) nor a Compose file/);
  });
});
