import { rule } from '../../../../server/src/rules/dockerfile/consecutive-run';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a builder stage that is only copied from never ships', code: 'FROM golang:1.22 AS build\nRUN go mod download\nRUN go build -o /app\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app' },
    { name: 'a stage that only a builder stage starts from never ships', code: 'FROM python:3.11 AS deps\nRUN pip install a\nRUN pip install b\nFROM deps AS build\nRUN make\nFROM python:3.11-slim\nCOPY --from=build /a /a' },
    'FROM debian\nRUN apt-get update && apt-get install -y curl\nCOPY . /app\nRUN make',
    { name: 'a comment keeps them apart', code: 'FROM debian\nRUN curl -fsSLO https://example.com/big.tar.gz\n# Unpack separately so that the download stays cached.\nRUN tar xzf big.tar.gz' },
    {
      name: 'the project installed from its main branch, apart from the heavy install before it',
      code: 'FROM python:3.11\nRUN uv pip install --no-cache-dir torch==2.10.0 torchvision --index-url https://download.pytorch.org/whl/cu129\nRUN uv pip install --no-cache-dir "git+https://github.com/huggingface/diffusers.git@main#egg=diffusers[test]"',
    },
    { name: 'a repository without a ref follows its default branch', code: 'FROM python:3.11\nRUN pip install --no-cache-dir torch\nRUN pip install git+https://github.com/org/project' },
    { name: 'different mounts', code: 'FROM python:3.11\nRUN --mount=type=cache,target=/root/.cache/pip pip install torch\nRUN pip install --no-cache-dir numpy' },
    { name: 'JSON form', code: 'FROM debian\nRUN ["echo", "a"]\nRUN echo b' },
    { name: 'heredoc', code: 'FROM debian\nRUN <<EOF\necho a\nEOF\nRUN echo b' },
    { name: 'different stages', code: 'FROM debian AS a\nRUN echo a\nFROM debian\nRUN echo b' },
    'FROM debian\nRUN\nRUN echo',
    'RUN a\nRUN b',
    '',
  ],
  invalid: [
    {
      name: 'a package pinned to a commit or a version tag is no moving source',
      code: 'FROM python:3.11\nRUN pip install --no-cache-dir torch\nRUN pip install "git+https://github.com/org/a.git@0123456789abcdef0123456789abcdef01234567"\nRUN pip install git+https://github.com/org/b.git@v1.2.0',
      errors: [
        { messageId: 'consecutive', range: '2:0-2:3' },
        { messageId: 'consecutive', range: '3:0-3:3' },
      ],
      output: 'FROM python:3.11\nRUN pip install --no-cache-dir torch && \\\n    pip install "git+https://github.com/org/a.git@0123456789abcdef0123456789abcdef01234567" && \\\n    pip install git+https://github.com/org/b.git@v1.2.0',
    },
    {
      name: 'a moving source after a step that installs nothing',
      code: 'FROM golang:1.24\nRUN mkdir -p /src\nRUN pip install git+https://github.com/org/tool.git@main',
      errors: [{ messageId: 'consecutive', range: '2:0-2:3' }],
      output: 'FROM golang:1.24\nRUN mkdir -p /src && \\\n    pip install git+https://github.com/org/tool.git@main',
    },
    {
      name: 'a variant stage built with --target ships',
      code: 'FROM debian AS base\nRUN echo a\nFROM base AS dev\nRUN echo b\nRUN echo c\nFROM debian\nCMD ["x"]',
      errors: [{ messageId: 'consecutive', range: '4:0-4:3' }],
      output: 'FROM debian AS base\nRUN echo a\nFROM base AS dev\nRUN echo b && \\\n    echo c\nFROM debian\nCMD ["x"]',
    },
    {
      name: 'no merge after a RUN that can exit early: `exit 0` would skip the next command',
      code: 'FROM debian\nRUN test -f /x || exit 0\nRUN echo b',
      errors: [{ messageId: 'consecutive', range: '2:0-2:3' }],
      output: null,
    },
    {
      name: 'no merge after `&& exit` or exec, which replaces the shell',
      code: 'FROM debian\nRUN test -d /opt/done && exit 0\nRUN echo b\n# exec\nRUN exec ./setup.sh\nRUN echo c',
      errors: [
        { messageId: 'consecutive', range: '2:0-2:3' },
        { messageId: 'consecutive', range: '5:0-5:3' },
      ],
      output: null,
    },
    {
      name: 'a RUN with `|| true` or `;` merges: `a || true && b` runs b exactly when `a || true` succeeded',
      code: 'FROM debian\nRUN rm /tmp/x || true\nRUN echo a; echo b\nRUN echo c',
      errors: [
        { messageId: 'consecutive', range: '2:0-2:3' },
        { messageId: 'consecutive', range: '3:0-3:3' },
      ],
      output: 'FROM debian\nRUN rm /tmp/x || true\nRUN echo a; echo b && \\\n    echo c',
    },
    {
      code: 'FROM debian\nRUN echo a\nRUN echo b',
      errors: [{ messageId: 'consecutive', range: '2:0-2:3' }],
      output: 'FROM debian\nRUN echo a && \\\n    echo b',
    },
    {
      name: 'a group of three, blank lines between, lowercase keywords',
      code: 'from debian\nrun mkdir /app\n\nrun touch /app/a\nrun touch /app/b\n',
      errors: [
        { messageId: 'consecutive', range: '3:0-3:3' },
        { messageId: 'consecutive', range: '4:0-4:3' },
      ],
      output: 'from debian\nrun mkdir /app && \\\n    touch /app/a && \\\n    touch /app/b\n',
    },
    {
      name: 'continuation style and indentation of the group, same mounts',
      code: 'FROM python:3.11\nRUN --mount=type=cache,target=/root/.cache/pip pip install torch \\\n  && pip install numpy\nRUN --mount=type=cache,target=/root/.cache/pip pip install \\\n    transformers',
      errors: [{ messageId: 'consecutive', range: '3:0-3:3' }],
      output: 'FROM python:3.11\nRUN --mount=type=cache,target=/root/.cache/pip pip install torch \\\n  && pip install numpy \\\n  && pip install \\\n    transformers',
    },
    {
      name: 'multi-stage, ARG-resolved base, parenthesised previous RUN',
      code: 'ARG BASE=debian\nFROM ${BASE} AS base\nRUN (echo a)\nRUN echo b | tee /b\nFROM base\nCMD ["cat", "/b"]',
      errors: [{ messageId: 'consecutive', range: '3:0-3:3' }],
      output: 'ARG BASE=debian\nFROM ${BASE} AS base\nRUN (echo a) && \\\n    echo b | tee /b\nFROM base\nCMD ["cat", "/b"]',
    },
    {
      name: 'no fix after a cd, which would leak into the next commands',
      code: 'FROM debian\nRUN cd /tmp && make\nRUN make install',
      errors: [{ messageId: 'consecutive', range: '2:0-2:3' }],
      output: null,
    },
    {
      name: 'no fix after set -e, export or an assignment',
      code: 'FROM debian\nRUN set -eux; echo a\nRUN echo b\nRUN export A=1\nRUN echo c',
      errors: [
        { messageId: 'consecutive', range: '2:0-2:3' },
        { messageId: 'consecutive', range: '3:0-3:3' },
        { messageId: 'consecutive', range: '4:0-4:3' },
      ],
      output: 'FROM debian\nRUN set -eux; echo a\nRUN echo b && \\\n    export A=1\nRUN echo c',
    },
    {
      name: 'no fix after a trailing operator or background job',
      code: 'FROM debian\nRUN echo a;\nRUN echo b &\nRUN echo c',
      errors: [
        { messageId: 'consecutive', range: '2:0-2:3' },
        { messageId: 'consecutive', range: '3:0-3:3' },
      ],
      output: null,
    },
    {
      name: 'no fix when the next RUN could mask a failure',
      code: 'FROM debian\nRUN make\nRUN make test || true',
      errors: [{ messageId: 'consecutive', range: '2:0-2:3' }],
      output: null,
    },
    {
      name: 'no fix before a trailing comment, which would swallow the join',
      code: 'FROM debian\nRUN make # build\nRUN make install',
      errors: [{ messageId: 'consecutive', range: '2:0-2:3' }],
      output: null,
    },
  ],
});
