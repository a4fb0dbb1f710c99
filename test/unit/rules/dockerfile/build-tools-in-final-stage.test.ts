import assert from 'node:assert/strict';
import { it } from 'node:test';
import { analyze } from '../../../../server/src/analysis/diagnostics';
import { rule } from '../../../../server/src/rules/dockerfile/build-tools-in-final-stage';
import { MemoryHost } from '../../memoryHost';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a dev container', path: '.devcontainer/Dockerfile', code: 'FROM python:3.11\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential' },
    { name: 'a base image for other images', path: 'docker/base/Dockerfile', code: 'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc' },
    { name: 'a builder image', path: 'builder.Dockerfile', code: 'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc' },
    { name: 'a Jupyter notebook image, where users compile', code: 'FROM quay.io/jupyter/r-notebook:2024-05-27\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*' },
    { name: 'an environment whose command is a shell', code: 'FROM nvidia/cuda:12.9.1-runtime-ubuntu24.04\nRUN apt-get update && apt-get install -y build-essential\nCMD ["/bin/bash"]' },
    { name: 'a -dev package for LD_PRELOAD', code: 'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libjemalloc-dev\nENV LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so\nCMD ["python", "serve.py"]' },
    'FROM python:3.11 AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential\nRUN pip wheel -w /w -r requirements.txt\nFROM python:3.11-slim\nCOPY --from=builder /w /w\nRUN pip install --no-cache-dir /w/*',
    { name: 'runtime packages, git and curl', code: 'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y --no-install-recommends git curl libgomp1 libpq5 && rm -rf /var/lib/apt/lists/*' },
    {
      name: "the official images' apt-mark auto and purge --auto-remove",
      code: "FROM debian:bookworm-slim\nRUN set -eux; \\\n\tsavedAptMark=\"$(apt-mark showmanual)\"; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends gcc libssl-dev make; \\\n\tmake install; \\\n\tapt-mark auto '.*' > /dev/null; \\\n\tapt-mark manual $savedAptMark; \\\n\tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false",
    },
    { name: 'an apk virtual package deleted in the same RUN', code: 'FROM python:3.11-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev \\\n && pip install --no-cache-dir cffi \\\n && apk del --no-network .build-deps' },
    { name: 'purged by name in the same RUN, inside an if', code: 'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y gcc && pip install psutil && if true; then apt-get purge -y --auto-remove gcc; fi' },
    { name: 'pip uninstall in the same RUN', code: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir black && black --check . && pip uninstall -y black' },
    { name: 'a development image by file name', code: 'FROM python:3.11\nRUN apt-get install -y build-essential\nRUN pip install pytest', path: 'docker/Dockerfile.devel' },
    { name: 'a development image by final stage name', code: 'FROM python:3.11 AS dev-image\nRUN apt-get install -y cmake' },
    { name: 'the buildpack-deps base of the full language images', code: 'FROM buildpack-deps:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends libbluetooth-dev tk-dev' },
    {
      name: 'compilers alone in the shipped image of a file that builds in builder stages, with no later build step',
      code:
        'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04 AS kernel-builder\nRUN make -C kernels\n' +
        'FROM nvidia/cuda:12.4.0-base-ubuntu22.04\nCOPY --from=kernel-builder /build /usr/lib/kernels\n' +
        '# Deps before the binaries\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential g++ && rm -rf /var/lib/apt/lists/*\n' +
        'COPY --from=kernel-builder /bin/server /usr/local/bin/server\nRUN chmod +x /usr/local/bin/server\nENTRYPOINT ["server"]',
    },
    {
      name: 'an image that compiles at run time and names its compiler in CC',
      code:
        'FROM ubuntu:22.04 AS base\nRUN apt-get update && apt-get install -y --no-install-recommends g++-12 gcc-12 python3.10-dev libgl1\nENV CC=/usr/bin/gcc-12 CXX=/usr/bin/g++-12\n' +
        'FROM base AS build\nRUN git clone --branch v0.24.0 https://github.com/vllm-project/vllm.git && cd vllm && uv pip install .\n' +
        'FROM base\nCOPY --from=build $VIRTUAL_ENV $VIRTUAL_ENV\nENTRYPOINT ["python", "-m", "server"]',
    },
    { name: 'make without a test target', code: 'FROM python:3.11-slim\nRUN make -C docs html' },
    { name: 'half-typed', code: 'FROM python:3.11-slim\nRUN apt-get install\nRUN pip install\nRUN make\nRUN apk add --virtual\nRUN' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      name: 'compilers alone in the shipped image, but a later step there installs packages that may use them',
      code:
        'FROM python:3.11 AS build\nRUN make\nFROM python:3.11-slim\nCOPY --from=build /out /out\n' +
        'RUN apt-get update && apt-get install -y --no-install-recommends gcc\nRUN pip install --no-cache-dir psutil\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'buildPackage', range: '4:65-4:68' }],
      output: null,
    },
    {
      name: 'compilers alone in a single-stage image',
      code: 'FROM python:3.11-slim\nCOPY . /app\nRUN apt-get update && apt-get install -y --no-install-recommends g++\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'buildPackage', range: '2:65-2:68' }],
      output: null,
    },
    {
      name: 'CC names the compiler, but nothing compiles at run time',
      code: 'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nENV CC=gcc\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'buildPackage', range: '1:65-1:68' }],
      output: null,
    },
    {
      name: 'an image that compiles at run time: compilers are information, other headers stay warnings',
      code: 'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpng-dev\nRUN pip install --no-cache-dir deepspeed\nCMD ["python", "serve.py"]',
      errors: [
        { messageId: 'buildPackageRuntime', range: '1:65-1:80', severity: 'info' },
        { messageId: 'buildPackage', range: '1:81-1:91', severity: 'warning' },
      ],
      output: null,
    },
    {
      name: 'a training image: compilers are information',
      code: 'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y --no-install-recommends g++\nCMD ["torchrun", "--nproc-per-node=8", "train.py"]',
      errors: [{ messageId: 'buildPackageRuntime', range: '1:65-1:68', severity: 'info' }],
      output: null,
    },
    {
      name: 'a DeepSpeed multi-node image (pdsh): compilers are information',
      code: 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN apt-get update && apt-get install -y --no-install-recommends pdsh cmake\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'buildPackageRuntime', range: '1:70-1:75', severity: 'info' }],
      output: null,
    },
    {
      name: 'one package in three if/elif/else branches is one finding',
      code: 'FROM python:3.11-slim\nRUN if [ "$A" = 1 ]; then apt-get install -y gcc; elif [ "$A" = 2 ]; then apt-get install -y gcc; else apt-get install -y gcc; fi\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'buildPackage', range: '1:45-1:48' }],
      output: null,
    },
    {
      name: 'one package installed again on failure is one finding',
      code: 'FROM python:3.11-slim\nRUN apt-get install -y --no-install-recommends gcc || apt-get install -y --no-install-recommends --fix-missing gcc libffi-dev\nCMD ["python", "serve.py"]',
      errors: [
        { messageId: 'buildPackage', range: '1:47-1:50' },
        { messageId: 'buildPackage', range: '1:115-1:125' },
      ],
      output: null,
    },
    {
      code: 'FROM python:3.11\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev\nCMD ["python", "serve.py"]',
      errors: [
        { messageId: 'buildPackage', range: '1:65-1:80' },
        { messageId: 'buildPackage', range: '1:81-1:90' },
      ],
      output: null,
    },
    {
      name: 'test and lint tools with versions and extras, on continuation lines',
      code: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch \\\n    "pytest-cov>=4" ruff \\\n    black[jupyter]==24.1.0',
      errors: [
        { messageId: 'devTool', range: '2:4-2:19' },
        { messageId: 'devTool', range: '2:20-2:24' },
        { messageId: 'devTool', range: '3:4-3:26' },
      ],
      output: null,
    },
    {
      name: 'tests run in the shipped image',
      code: 'FROM python:3.11-slim\nRUN python -m pytest -q tests && make test\nRUN tox -e py311',
      errors: [
        { messageId: 'testRun', range: '1:4-1:20' },
        { messageId: 'testRun', range: '1:33-1:42' },
        { messageId: 'testRun', range: '2:4-2:7' },
      ],
      output: null,
    },
    {
      name: 'in the parent of the shipped stage, ARG-resolved base, lowercase keywords',
      code: 'arg BASE=ubuntu:22.04\nfrom ${BASE} as base\nrun apt-get install -y --no-install-recommends gcc-12 cmake\nfrom base\ncmd ["/app/serve"]',
      errors: [
        { messageId: 'buildPackage', range: '2:47-2:53' },
        { messageId: 'buildPackage', range: '2:54-2:59' },
      ],
      output: null,
    },
    {
      name: 'apk without a virtual package, a heredoc, and a removal in a later RUN that does not shrink the image',
      code: 'FROM python:3.11-alpine\nRUN apk add --no-cache gcc~13 musl-dev\nRUN <<EOF\napt-get install -y cmake\nEOF\nRUN apk del gcc',
      errors: [
        { messageId: 'buildPackage', range: '1:23-1:29' },
        { messageId: 'buildPackage', range: '1:30-1:38' },
        { messageId: 'buildPackage', range: '3:19-3:24' },
      ],
      output: null,
    },
    {
      name: "Alpine's build-base",
      code: 'FROM alpine:3.20\nRUN apk add --no-cache build-base libstdc++',
      errors: [{ messageId: 'buildPackage', range: '1:23-1:33' }],
      output: null,
    },
    {
      name: 'conda compilers',
      code: 'FROM continuumio/miniconda3\nRUN conda install -y -c conda-forge cxx-compiler numpy pytest',
      errors: [
        { messageId: 'buildPackage', range: '1:36-1:48' },
        { messageId: 'devTool', range: '1:55-1:61' },
      ],
      output: null,
    },
  ],
});

it('offers the split refactor, not preferred, for the final stage only', () => {
  const lint = (text: string) => analyze({ kind: 'dockerfile', text, path: '/project/Dockerfile', files: new MemoryHost(), rules: [rule], severity: (r) => r.severity }).findings;
  const [single] = lint('FROM python:3.11\nWORKDIR /app\nRUN apt-get install -y gcc\nCMD ["python", "app.py"]');
  const split = single.fixes.find((f) => f.title === 'Split into builder and runtime stages');
  assert.ok(split && !split.preferred && split.safe === false, 'the split changes the base image: never applied in bulk');
  const [inherited] = lint('FROM python:3.11 AS base\nRUN apt-get install -y gcc\nFROM base\nCMD ["python", "app.py"]');
  assert.deepEqual(inherited.fixes.map((f) => f.title), ['Ignore build-tools-in-final-stage on this line']);
});
