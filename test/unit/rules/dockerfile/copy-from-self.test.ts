import { rule } from '../../../../server/src/rules/dockerfile/copy-from-self';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11 AS builder\nRUN pip wheel --wheel-dir /wheels torch\nFROM python:3.11-slim AS app\nCOPY --from=builder /wheels /wheels',
    { name: 'index of an earlier stage', code: 'FROM python:3.11\nFROM python:3.11-slim\nCOPY --from=0 /wheels /wheels' },
    { name: 'an image whose name matches no stage', code: 'FROM python:3.11-slim AS app\nCOPY --from=python:3.11 /usr/local/bin/python3 /opt/python3' },
    { name: 'an earlier stage of the same name wins', code: 'FROM python:3.11 AS app\nFROM python:3.11-slim AS app\nCOPY --from=app /a /b' },
    { name: 'unresolved variable', code: 'FROM python:3.11-slim AS app\nCOPY --from=${SOURCE_STAGE} /a /b' },
    { name: 'half-typed', code: 'FROM python:3.11-slim AS app\nCOPY --from= /a /b\nCOPY --from\nRUN --mount=from=' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      code: 'FROM python:3.11-slim AS app\nCOPY --from=app /wheels /wheels',
      errors: [{ messageId: 'self', range: '1:12-1:15' }],
      output: null,
    },
    {
      name: 'by index, in a multi-stage file',
      code: 'FROM python:3.11 AS builder\nFROM python:3.11-slim\nCOPY --from=1 /wheels /wheels',
      errors: [{ messageId: 'self', range: '2:12-2:13' }],
      output: null,
    },
    {
      name: 'by name in another case, lowercase keywords, continuation',
      code: 'from python:3.11-slim as Runtime\ncopy \\\n  --from=runtime /a /b',
      errors: [{ messageId: 'self', range: '2:9-2:16' }],
      output: null,
    },
    {
      name: 'RUN --mount from its own stage',
      code: 'FROM python:3.11 AS wheels\nRUN --mount=type=bind,from=wheels,target=/w ls /w',
      errors: [{ messageId: 'self', range: '1:27-1:33' }],
      output: null,
    },
    {
      name: 'ARG-resolved name',
      code: 'ARG SELF=app\nFROM python:3.11-slim AS app\nCOPY --from=${SELF} /a /b',
      errors: [{ messageId: 'self', range: '2:12-2:19' }],
      output: null,
    },
  ],
});
