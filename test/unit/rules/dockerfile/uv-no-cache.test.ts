import { rule } from '../../../../server/src/rules/dockerfile/uv-no-cache';
import { ruleTester } from '../../ruleTester';

const UV = 'COPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /bin/uv\n';

ruleTester(rule, {
  valid: [
    `FROM python:3.12-slim\n${UV}RUN uv pip install --system --no-cache torch`,
    { name: 'global option before the subcommand', code: `FROM python:3.12-slim\n${UV}RUN uv --no-cache sync --frozen` },
    { name: "pip's spelling, which uv accepts", code: `FROM python:3.12-slim\n${UV}RUN uv pip install --no-cache-dir torch` },
    { name: 'short option', code: `FROM python:3.12-slim\n${UV}RUN uv sync -n` },
    { name: 'UV_NO_CACHE in the stage', code: `FROM python:3.12-slim\nENV UV_NO_CACHE=1\n${UV}RUN uv sync` },
    { name: 'UV_NO_CACHE inherited from the parent stage', code: `FROM python:3.12-slim AS base\nENV UV_NO_CACHE=true\nFROM base\nRUN uv sync` },
    { name: 'UV_NO_CACHE inline', code: `FROM python:3.12-slim\n${UV}RUN UV_NO_CACHE=1 uv sync` },
    { name: 'UV_NO_CACHE exported earlier in the RUN', code: `FROM python:3.12-slim\n${UV}RUN export UV_NO_CACHE=1 && uv sync` },
    { name: 'cache mount on ~/.cache/uv', code: `FROM python:3.12-slim\n${UV}RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked` },
    { name: 'cache mount on UV_CACHE_DIR', code: `FROM python:3.12-slim\nENV UV_CACHE_DIR=/opt/uv-cache\n${UV}RUN --mount=type=cache,target=/opt/uv-cache/ uv sync` },
    { name: 'uv cache clean in the same RUN', code: `FROM python:3.12-slim\n${UV}RUN uv sync && uv cache clean` },
    { name: 'cache folder deleted', code: `FROM python:3.12-slim\n${UV}RUN uv pip install --system torch && rm -rf ~/.cache/uv` },
    { name: 'symlink mode needs the cache', code: `FROM python:3.12-slim\nENV UV_LINK_MODE=symlink\n${UV}RUN uv sync` },
    { name: 'builder stage', code: `FROM python:3.12 AS build\n${UV}RUN uv sync\nFROM python:3.12-slim\nCOPY --from=build /app/.venv /app/.venv` },
    { name: 'pip has its own rule', code: 'FROM python:3.12-slim\nRUN pip install torch' },
    `FROM python:3.12-slim\n${UV}RUN uv pip install`,
  ],
  invalid: [
    {
      name: 'default hard links: information',
      code: `FROM python:3.12-slim\n${UV}RUN uv pip install --system torch`,
      errors: [{ messageId: 'linked', range: '2:4-2:18', severity: 'info' }],
      output: `FROM python:3.12-slim\n${UV}RUN uv pip install --no-cache --system torch`,
    },
    {
      name: 'UV_LINK_MODE=copy: every file twice',
      code: `FROM python:3.12-slim\nENV UV_LINK_MODE=copy\n${UV}RUN uv sync --frozen`,
      errors: [{ messageId: 'copied', range: '3:4-3:11', severity: 'warning' }],
      output: `FROM python:3.12-slim\nENV UV_LINK_MODE=copy\n${UV}RUN uv sync --no-cache --frozen`,
    },
    {
      name: 'UV_CACHE_DIR in /tmp is still in the layer; a mount elsewhere does not help',
      code: `FROM python:3.12-slim\nENV UV_CACHE_DIR=/tmp/uv\n${UV}RUN --mount=type=cache,target=/root/.cache/uv uv sync --link-mode=copy`,
      errors: [{ messageId: 'copied', range: '3:46-3:53' }],
      output: `FROM python:3.12-slim\nENV UV_CACHE_DIR=/tmp/uv\n${UV}RUN --mount=type=cache,target=/root/.cache/uv uv sync --no-cache --link-mode=copy`,
    },
    {
      name: 'only the install after the cleanup, lowercase keyword',
      code: `from python:3.12-slim\n${UV}run uv pip install a && uv cache clean && uv pip install b`,
      errors: [{ messageId: 'linked', range: '2:42-2:56' }],
      output: `from python:3.12-slim\n${UV}run uv pip install a && uv cache clean && uv pip install --no-cache b`,
    },
  ],
});
