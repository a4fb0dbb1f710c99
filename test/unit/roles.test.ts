// What each stage is for, with the evidence a hover shows and the rules rely on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DockerfileModel } from '../../server/src/dockerfile/model';
import { rolesOf } from '../../server/src/dockerfile/roles';
import type { ComposeBuilder } from '../../server/src/rules/types';

const api: ComposeBuilder = { composeFile: '/p/compose.yaml', service: 'api', contextDir: '/p', gpu: false };

function roles(text: string, path = '/p/Dockerfile', builders: ComposeBuilder[] = [], root?: string) {
  const model = new DockerfileModel(text);
  const all = rolesOf(model, path, builders, root);
  return Object.fromEntries(model.stages.map((s) => {
    const entry = all.stage(s);
    return [s.name ?? String(s.index), { roles: entry.roles.map((r) => `${r.kind}: ${r.evidence}`), neverShips: entry.neverShips, target: entry.target }];
  }));
}

describe('roles', () => {
  it('tells builders, bases, services, variants and export stages apart, with evidence', () => {
    const text = [
      'FROM python:3.11 AS deps', // 1
      'RUN pip wheel -w /w torch',
      'FROM deps AS build', // 3
      'RUN make',
      'FROM scratch AS export', // 5
      'COPY --from=build /out /',
      'FROM python:3.11-slim AS base', // 7
      'COPY --from=build /out /out',
      'FROM base AS worker', // 9
      'CMD ["python", "-m", "worker"]',
      'FROM base', // 11
      'EXPOSE 8000',
      'CMD ["python", "serve.py"]',
    ].join('\n');
    assert.deepEqual(roles(text), {
      deps: { roles: ['base: stage `build` (line 3) starts from it'], neverShips: true, target: undefined },
      build: { roles: ['builder: stage `export` (line 6), `base` (line 8) copies from it', 'builder: stage `build` is named for building'], neverShips: true, target: undefined },
      export: { roles: ['artefact: `FROM scratch` with only files copied in and no command'], neverShips: false, target: '`FROM scratch` with only files copied in and no command' },
      base: { roles: ['base: stage `worker` (line 9), 5 (line 11) starts from it', 'base: stage `base` is named `*base*`'], neverShips: false, target: undefined },
      worker: { roles: ['service: runs `["python", "-m", "worker"]` (CMD line 10)'], neverShips: false, target: 'it has its own CMD (line 10)' },
      5: { roles: ['service: exposes `8000` (line 12)', 'service: runs `["python", "serve.py"]` (CMD line 13)'], neverShips: false, target: 'it has its own CMD (line 13)' },
    });
  });

  it('takes Compose services, dev containers, tests and training from outside the file', () => {
    assert.deepEqual(roles('FROM python:3.11 AS test\nRUN pytest\nFROM python:3.11-slim', '/p/Dockerfile', [{ ...api, service: 'tests', target: 'test' }, api]), {
      test: { roles: ['service: built by Compose service `tests` in compose.yaml (target `test`)', 'test: stage `test` is named for tests or CI'], neverShips: false, target: 'built by Compose service `tests` in compose.yaml (target `test`)' },
      1: { roles: ['service: built by Compose service `api` in compose.yaml'], neverShips: false, target: 'built by Compose service `api` in compose.yaml' },
    });
    assert.deepEqual(roles('FROM python:3.11', '/p/.devcontainer/Dockerfile')['0'].roles, ['devcontainer: in `.devcontainer/`']);
    assert.deepEqual(roles('FROM python:3.11\nCMD ["torchrun", "train.py"]')['0'].roles, ['training: runs `["torchrun", "train.py"]` (CMD line 2)']);
    // Only the two folders above the file name the image; farther ones name the project.
    assert.deepEqual(roles('FROM python:3.11', '/home/dev/src/app/docker/Dockerfile')['0'].roles, []);
  });

  it('takes a test folder anywhere between the project root and the file, and none above the root', () => {
    const path = '/home/test/feast/java/serving/src/test/resources/compose/feast10/Dockerfile';
    const text = 'FROM python:3.11\nEXPOSE 8080\nCMD ["./entrypoint.sh"]';
    assert.deepEqual(roles(text, path, [], '/home/test/feast')['0'].roles.filter((r) => r.startsWith('test')), ['test: folder `test` is named for tests or CI']);
    // Without a root, or with the test folder above it, only the two nearest folders count.
    assert.deepEqual(roles(text, path)['0'].roles.filter((r) => r.startsWith('test')), []);
    assert.deepEqual(roles(text, '/home/test/app/docker/serve/Dockerfile', [], '/home/test/app')['0'].roles.filter((r) => r.startsWith('test')), []);
  });

  it('takes an image built on a builder image, with no command, for a builder', () => {
    assert.deepEqual(roles('FROM registry.example.com/yarn-builder:latest\nCOPY ui /src/ui\nRUN yarn install')['0'].roles, [
      'builder: built on the builder image `registry.example.com/yarn-builder:latest` and runs nothing of its own',
    ]);
    assert.deepEqual(roles('FROM yarn-builder:latest\nCMD ["node", "server.js"]')['0'].roles, ['service: runs `["node", "server.js"]` (CMD line 2)']);
    assert.deepEqual(roles('FROM python:3.11-bookworm\nRUN pip install build')['0'].roles, []);
  });

  it('takes an image whose only command is a shell or an interpreter for one to build on, unless something serves', () => {
    assert.deepEqual(roles('FROM debian:bookworm-slim\nRUN apt-get update\nCMD ["python3"]')['0'].roles, [
      'service: runs `["python3"]` (CMD line 3)',
      'base: its only command opens a shell or an interpreter (`["python3"]`, line 3)',
    ]);
    assert.ok(roles('FROM ubuntu:24.04\nCMD /bin/bash')['0'].roles.some((r) => r.startsWith('base: its only command')));
    assert.ok(!roles('FROM ubuntu:24.04\nEXPOSE 8000\nCMD ["bash"]')['0'].roles.some((r) => r.startsWith('base')));
    assert.ok(!roles('FROM ubuntu:24.04\nCMD ["bash"]', '/p/Dockerfile', [api])['0'].roles.some((r) => r.startsWith('base')));
    assert.ok(!roles('FROM python:3.11\nCMD ["python", "serve.py"]')['0'].roles.some((r) => r.startsWith('base')));
  });

  it('takes Jupyter notebook images for development and pdsh for multi-node training', () => {
    assert.deepEqual(roles('ARG BASE=quay.io/jupyter/scipy-notebook:2024-05-27\nFROM $BASE\nRUN pip install --no-cache-dir lightning')['0'].roles, [
      'development: built on the Jupyter notebook image `quay.io/jupyter/scipy-notebook:2024-05-27`',
    ]);
    assert.deepEqual(roles('FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN apt-get update && apt-get install -y pdsh cmake')['0'].roles, [
      "training: installs `pdsh`, DeepSpeed's multi-node launcher (line 2)",
    ]);
  });

  it('says why the shipped image compiles at run time', () => {
    const of = (text: string) => rolesOf(new DockerfileModel(text), undefined, []).runtimeCompilation;
    assert.equal(of('FROM python:3.11\nRUN pip install --no-cache-dir "vllm==0.5.0"'), 'it installs `vllm`, which compiles kernels at run time (line 2)');
    assert.equal(of('FROM python:3.11\nENV TORCH_EXTENSIONS_DIR=/cache'), 'it configures compilation at run time (`TORCH_EXTENSIONS_DIR`, line 2)');
    // A virtual environment built in a builder stage runs in the image that copies it.
    assert.equal(
      of('FROM python:3.11 AS build\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install vllm\nFROM python:3.11-slim\nCOPY --from=build /opt/venv /opt/venv'),
      'it installs `vllm`, which compiles kernels at run time (line 2)',
    );
    assert.equal(of('FROM python:3.11\nENTRYPOINT ["sh", "-c", "ninja -C /k && exec python serve.py"]'), 'its ENTRYPOINT calls `ninja` (line 2)');
    // From its repository, cloned or as a VCS requirement, into a `$VIRTUAL_ENV` that the image copies.
    assert.equal(
      of('FROM python:3.11 AS build\nENV VIRTUAL_ENV=/venv\nRUN git clone --branch v0.24.0 https://github.com/vllm-project/vllm.git && cd vllm && pip install .\nFROM python:3.11-slim\nCOPY --from=build $VIRTUAL_ENV $VIRTUAL_ENV'),
      'it clones `vllm` to install it, which compiles kernels at run time (line 3)',
    );
    assert.equal(of('FROM python:3.11\nRUN pip install "git+https://github.com/triton-lang/triton.git@main"'), 'it installs `triton`, which compiles kernels at run time (line 2)');
    assert.equal(of('FROM python:3.11\nRUN git clone https://github.com/org/webapp.git && pip install ./webapp'), undefined);
    assert.equal(of('FROM python:3.11\nCMD ["python", "make_dataset.py"]'), undefined);
    assert.equal(of('FROM python:3.11\nRUN pip install --no-cache-dir flash-attn\nCMD ["python", "serve.py"]'), undefined);
    // A builder stage that compiles does not make the shipped image compile.
    assert.equal(of('FROM python:3.11 AS b\nRUN pip install deepspeed\nFROM python:3.11-slim\nCOPY --from=b /x /x'), undefined);
  });

  it('is computed once per model, path and builders', () => {
    const model = new DockerfileModel('FROM python:3.11\nCMD ["python"]');
    assert.equal(rolesOf(model, '/p/Dockerfile', []), rolesOf(model, '/p/Dockerfile', []));
    assert.notEqual(rolesOf(model, '/p/Dockerfile', []), rolesOf(model, '/p/Dockerfile', [api]));
  });
});
