import { rule } from '../../../../server/src/rules/dockerfile/unpinned-build-source';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /bin/uv',
    { name: 'digest', code: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef /uv /bin/uv' },
    { name: 'a stage name', code: 'FROM python:3.12 AS build\nRUN true\nFROM python:3.12-slim\nCOPY --from=build /app /app' },
    { name: 'a stage index', code: 'FROM python:3.12\nRUN true\nFROM python:3.12-slim\nCOPY --from=0 /app /app' },
    { name: 'a bare unknown word is for copy-from-unknown-stage', code: 'FROM python:3.12-slim\nCOPY --from=builder /app /app' },
    { name: 'tag from a global ARG', code: 'ARG UV=0.5.11\nFROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:${UV} /uv /bin/uv' },
    { name: 'mount from a tagged image', code: 'FROM python:3.12-slim\nRUN --mount=from=ghcr.io/astral-sh/uv:0.5.11,source=/uv,target=/bin/uv uv --version' },
    { name: 'clone of a tag', code: 'FROM python:3.12\nRUN git clone --depth 1 --branch v0.6.3 https://github.com/vllm-project/vllm.git' },
    { name: 'clone then checkout of a commit', code: 'FROM python:3.12\nRUN git clone https://github.com/NVIDIA/apex && cd apex && git checkout 25.04' },
    { name: 'checkout with -C in a later RUN', code: 'FROM python:3.12\nRUN git clone https://github.com/NVIDIA/apex /apex\nRUN git -C /apex checkout 3f1d0a2' },
    { name: 'fetch then reset to a tag', code: 'FROM python:3.12\nRUN git clone https://github.com/x/y y && cd y && git reset --hard v1.0' },
    { name: 'branch from a build argument without a default', code: 'FROM python:3.12\nARG VERSION\nRUN git clone -b "$VERSION" https://github.com/x/y' },
    { name: 'checkout of a build argument whose default is a commit', code: 'FROM python:3.12\nARG REV=7c1566b\nRUN git clone https://github.com/x/y && cd y && git checkout ${REV}' },
    { name: 'a local clone is not a source from outside', code: 'FROM python:3.12\nRUN git clone /src/repo /app' },
    { name: 'a stage the final image does not need', code: 'FROM python:3.12 AS scratchpad\nRUN git clone https://github.com/x/y\nFROM python:3.12-slim\nRUN true' },
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv',
      errors: [{ messageId: 'latest', range: '1:12-1:39' }],
      output: null,
    },
    {
      name: 'untagged image in a mount; lowercase keywords',
      code: 'from python:3.12-slim\nrun --mount=type=bind,from=org/tools,source=/bin/x,target=/x /x',
      errors: [{ messageId: 'untagged', range: '1:27-1:36' }],
      output: null,
    },
    {
      name: 'clone of the default branch',
      code: 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN git clone https://github.com/ggerganov/llama.cpp.git build && \\\n    cd build && make',
      errors: [{ messageId: 'branch', range: '1:4-1:13' }],
      output: null,
    },
    {
      name: 'branch and checkout from build arguments whose defaults are branch heads',
      code: 'ARG BRANCH=master\nFROM python:3.12\nARG BRANCH\nARG COMMIT=HEAD\nRUN git clone --branch=$BRANCH https://github.com/x/y /y && cd /y && git reset --hard ${COMMIT}',
      errors: [{ messageId: 'branchHead', range: '4:4-4:13' }],
      output: null,
    },
    {
      name: 'checkout of a branch pins nothing',
      code: 'FROM python:3.12\nRUN git clone $REPO serve && cd serve && git checkout --track main',
      errors: [{ messageId: 'branch', range: '1:4-1:13' }],
      output: null,
    },
  ],
});
