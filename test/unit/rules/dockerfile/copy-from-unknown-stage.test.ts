import { rule } from '../../../../server/src/rules/dockerfile/copy-from-unknown-stage';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11 AS builder\nRUN pip wheel --wheel-dir /wheels torch\nFROM python:3.11-slim\nCOPY --from=builder /wheels /wheels',
    { name: 'stage names compare case-insensitively', code: 'FROM python:3.11 AS Builder\nFROM python:3.11-slim\nCOPY --from=builder /wheels /wheels' },
    { name: 'numeric index of an earlier stage', code: 'FROM python:3.11\nFROM python:3.11-slim\nCOPY --from=0 /wheels /wheels' },
    { name: 'image references', code: 'FROM python:3.11-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.4 /uv /bin/uv\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nCOPY --from=docker.io/library/busybox /bin/sh /bin/sh' },
    { name: 'well-known official image by bare name', code: 'FROM python:3.11-slim\nCOPY --from=busybox /bin/wget /bin/wget' },
    { name: 'RUN --mount from an earlier stage', code: 'FROM python:3.11 AS wheels\nFROM python:3.11-slim\nRUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels pip install /wheels/*.whl' },
    { name: 'ARG-resolved stage name', code: 'ARG BUILDER=builder\nFROM python:3.11 AS builder\nFROM python:3.11-slim\nCOPY --from=${BUILDER} /wheels /wheels' },
    { name: 'unresolved variable', code: 'ARG STAGE\nFROM python:3.11 AS builder\nFROM python:3.11-slim\nCOPY --from=$STAGE /wheels /wheels\nCOPY --from=${OTHER} /x /x' },
    { name: 'own stage is left to copy-from-self', code: 'FROM python:3.11 AS app\nCOPY --from=app /a /b' },
    { name: 'lowercase keywords and continuation', code: 'from python:3.11 as builder\nfrom python:3.11-slim\ncopy \\\n  --from=builder \\\n  /wheels /wheels' },
    { name: 'half-typed flag', code: 'FROM python:3.11-slim\nCOPY --from= /a /b\nCOPY --from' },
    { name: 'empty file', code: '' },
    { name: 'COPY before any FROM', code: 'COPY --from=nothing /a /b\nFROM' },
  ],
  invalid: [
    {
      name: 'typo of an earlier stage, fixed',
      code: 'FROM python:3.11 AS builder\nRUN pip wheel --wheel-dir /wheels torch\nFROM python:3.11-slim\nCOPY --from=biulder /wheels /wheels',
      errors: [{ messageId: 'didYouMean', range: '3:12-3:19' }],
      output: 'FROM python:3.11 AS builder\nRUN pip wheel --wheel-dir /wheels torch\nFROM python:3.11-slim\nCOPY --from=builder /wheels /wheels',
    },
    {
      name: 'the suggestion keeps the stage name as written',
      code: 'FROM python:3.11 AS Wheels\nFROM python:3.11-slim\nRUN --mount=type=bind,from=wheel,target=/w pip install /w/*.whl',
      errors: [{ messageId: 'didYouMean', range: '2:27-2:32' }],
      output: 'FROM python:3.11 AS Wheels\nFROM python:3.11-slim\nRUN --mount=type=bind,from=Wheels,target=/w pip install /w/*.whl',
    },
    {
      name: 'nothing close: no fix',
      code: 'FROM python:3.11 AS builder\nFROM python:3.11-slim\nCOPY --from=model-weights /w /w',
      errors: [{ messageId: 'unknown', range: '2:12-2:25' }],
      output: null,
    },
    {
      name: 'stage defined later',
      code: 'FROM python:3.11-slim\nCOPY --from=builder /wheels /wheels\nFROM python:3.11 AS builder',
      errors: [{ messageId: 'later', range: '1:12-1:19' }],
      output: null,
    },
    {
      name: 'index of a later stage, and of no stage at all',
      code: 'FROM python:3.11 AS a\nFROM python:3.11-slim\nCOPY --from=2 /x /x\nCOPY --from=7 /y /y\nFROM alpine:3.20',
      errors: [
        { messageId: 'index', range: '2:12-2:13' },
        { messageId: 'index', range: '3:12-3:13' },
      ],
      output: null,
    },
    {
      name: 'index in the first stage',
      code: 'FROM python:3.11-slim\nCOPY --from=1 /x /x\nFROM alpine:3.20',
      errors: [{ messageId: 'noEarlier', range: '1:12-1:13' }],
      output: null,
    },
    {
      name: 'value from an ARG: reported, but fixed where the ARG is declared',
      code: 'ARG FROM_STAGE=biulder\nFROM python:3.11 AS builder\nFROM python:3.11-slim\nCOPY --from=$FROM_STAGE /w /w',
      errors: [{ messageId: 'didYouMean', range: '3:12-3:23' }],
      output: null,
    },
    {
      name: 'multi-stage with continuation lines and lowercase keywords',
      code: 'from python:3.11 as deps\nfrom python:3.11 as build\nfrom python:3.11-slim\ncopy --chown=app \\\n     --from=dep \\\n     /venv /venv',
      errors: [{ messageId: 'didYouMean', range: '4:12-4:15' }],
      output: 'from python:3.11 as deps\nfrom python:3.11 as build\nfrom python:3.11-slim\ncopy --chown=app \\\n     --from=deps \\\n     /venv /venv',
    },
  ],
});
