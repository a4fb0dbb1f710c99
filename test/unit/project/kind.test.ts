// Which file names and contents DockML takes for Dockerfiles and Compose files, and which it leaves alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindOfDocument, kindOfPath } from '../../../server/src/analysis/documents';
import { classify, looksLikeCompose, looksLikeDockerfile, nameVerdict } from '../../../server/src/project/kind';

const DOCKERFILE = '# syntax=docker/dockerfile:1\nARG CUDA=12.4.1\nFROM nvidia/cuda:${CUDA}-runtime-ubuntu22.04\nRUN echo hi\n';
const COMPOSE = 'name: rag\nservices:\n  nim:\n    image: nvcr.io/nim/meta/llama3:1.0\n';

describe('kind by name', () => {
  it('takes every Dockerfile naming convention for a Dockerfile', () => {
    for (const name of [
      'Dockerfile', 'dockerfile', 'Containerfile', 'Dockerfile.gpu', 'Dockerfile-cuda', 'Dockerfile_base', 'Dockerfile-uv',
      'Dockerfile.neuron.dev', 'Dockerfile_2_28', 'api.Dockerfile', 'jax_cuda.dockerfile', 'Qwen2VL_Dockerfile', 'cpu-Dockerfile',
      'Containerfile.rocm', 'app.Containerfile', 'docker/Dockerfile.ci.export_deploy',
    ]) {
      assert.equal(kindOfPath(name), 'dockerfile', name);
    }
  });

  it('takes any YAML file whose name contains compose for Compose', () => {
    for (const name of [
      'compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.gpu.yaml', 'docker-compose-gpu.yml', 'docker-compose-base.yml',
      'compose-dev.yaml', 'docker-compose-rag-server.yaml', 'tls-compose.yaml', 'Docker-Compose.YML',
    ]) {
      assert.equal(kindOfPath(name), 'compose', name);
    }
  });

  it('leaves ignore files, other files and CI workflows alone', () => {
    for (const name of [
      'Dockerfile.dockerignore', '.dockerignore', 'api.Dockerfile.dockerignore', 'README.md', 'dockerfile_test.sh', 'mkdocs.yml',
      'values.yaml', 'compose.json', 'Dockerfiles', 'MyDockerfile', '.github/workflows/docker-compose-test.yml',
    ]) {
      assert.equal(kindOfPath(name), undefined, name);
    }
  });

  it('reads the text of Dockerfile.<ext> for documentation and script extensions, and of any other YAML file', () => {
    for (const name of ['Dockerfile.md', 'Dockerfile.txt', 'Dockerfile.sh', 'Dockerfile.py', 'Dockerfile-debian.template', 'Dockerfile_x.json']) {
      assert.equal(nameVerdict(name), 'maybe-dockerfile', name);
    }
    for (const name of ['nims.yaml', 'vectordb.yml', 'mkdocs.yml', '.github/workflows/compose-ci.yml', 'Dockerfile.yml']) {
      assert.equal(nameVerdict(name), 'yaml', name);
    }
  });
});

describe('kind by content', () => {
  it('a Dockerfile starts with FROM after comments, directives and ARGs', () => {
    assert.ok(looksLikeDockerfile(DOCKERFILE));
    assert.ok(looksLikeDockerfile('from python:3.11'));
    assert.ok(!looksLikeDockerfile('# Dockerfile notes\n\nRun `docker build .` to build.'));
    assert.ok(!looksLikeDockerfile('#!/bin/sh\ndocker build -f Dockerfile .\n'));
    assert.ok(!looksLikeDockerfile('RUN echo no FROM\nFROM python'));
    assert.ok(!looksLikeDockerfile(''));
  });

  it('a Compose document has a top-level services mapping whose entries have image or build', () => {
    assert.ok(looksLikeCompose(COMPOSE));
    assert.ok(looksLikeCompose('services:\n  api:\n    build:\n      context: .\n'));
    assert.ok(looksLikeCompose('# stack\n"services":\n    api:\n        "image": x\n'));
    assert.ok(looksLikeCompose('x-common: &c\n  restart: always\nservices:   # the stack\n  db:\n    <<: *c\n    image: postgres:16\n'));
  });

  it('GitHub workflows, Kubernetes manifests, Helm templates and mkdocs are not Compose', () => {
    const workflow = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      redis:\n        image: redis\n';
    const kubernetes = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - port: 80\n';
    const helm = 'services:\n{{- range .Values.services }}\n  - name: {{ .name }}\n{{- end }}\n';
    const mkdocs = 'site_name: Docs\nnav:\n  - Services: services.md\n';
    const documented = 'services:\n  api: the API server\n  worker: the queue worker\n';
    const list = 'services:\n  - name: api\n    image: api:1\n';
    for (const text of [workflow, kubernetes, helm, mkdocs, documented, list, '', ':\n  - [']) assert.ok(!looksLikeCompose(text), text);
  });

  it('classifies by name first, then by text; YAML is never a Dockerfile', () => {
    assert.equal(classify('nims.yaml', COMPOSE), 'compose');
    assert.equal(classify('values.yaml', 'image:\n  tag: 1\n'), undefined);
    assert.equal(classify('Dockerfile.yml', DOCKERFILE), undefined);
    assert.equal(classify('Dockerfile.md', '# How to build\n'), undefined);
    assert.equal(classify('Dockerfile.sh', DOCKERFILE), 'dockerfile');
    assert.equal(classify('build-image', DOCKERFILE), 'dockerfile');
    assert.equal(classify('stack', COMPOSE), 'compose');
    assert.equal(classify('notes', 'hello'), undefined);
    assert.equal(classify('Dockerfile', 'RUN make'), 'dockerfile', 'the name says so; missing-from reports the missing FROM');
  });

  it('classifies editor documents by language, name, then text', () => {
    assert.equal(kindOfDocument('dockerfile', '/p/notes.txt'), 'dockerfile');
    assert.equal(kindOfDocument('yaml', '/p/nims.yaml', COMPOSE), 'compose');
    assert.equal(kindOfDocument('yaml', '/p/mkdocs.yml', 'site_name: x\n'), undefined);
    assert.equal(kindOfDocument('yaml', '/p/compose-dev.yaml', ''), 'compose');
    assert.equal(kindOfDocument('shellscript', '/p/Dockerfile.sh', 'echo hi'), undefined);
    assert.equal(kindOfDocument('plaintext', '/p/Dockerfile.txt', DOCKERFILE), 'dockerfile');
    assert.equal(kindOfDocument('markdown', '/p/Dockerfile.md', '# notes'), undefined);
    assert.equal(kindOfDocument('dockerfile', '/p/Dockerfile.md', '# notes'), undefined, 'the Dockerfile.* association does not make notes a Dockerfile');
    assert.equal(kindOfDocument('dockerfile', '/p/Dockerfile.gpu', ''), 'dockerfile');
  });
});
