import { rule } from '../../../../server/src/rules/dockerfile/duplicate-stage-name';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11 AS build\nFROM python:3.11-slim AS runtime\nCOPY --from=build /wheels /wheels',
    { name: 'unnamed stages', code: 'FROM python:3.11\nFROM python:3.11-slim' },
    { name: 'a stage named like an image', code: 'FROM python:3.11 AS python\nFROM python' },
    { name: 'half-typed', code: 'FROM python:3.11 AS\nFROM python:3.11 AS\nFROM' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      code: 'FROM python:3.11 AS build\nRUN pip wheel --wheel-dir /wheels torch\nFROM python:3.11-slim AS build',
      errors: [{ messageId: 'duplicate', range: '2:25-2:30' }],
      output: null,
    },
    {
      name: 'case-insensitive, lowercase keywords, reported on every later copy',
      code: 'from nvidia/cuda:12.4.1-devel-ubuntu22.04 as gpu\nfrom python:3.11-slim as GPU\nfrom python:3.11-slim as Gpu',
      errors: [
        { messageId: 'duplicate', range: '1:25-1:28' },
        { messageId: 'duplicate', range: '2:25-2:28' },
      ],
      output: null,
    },
    {
      name: 'ARG-resolved base, continuation line',
      code: 'ARG BASE=python:3.11\nFROM ${BASE} AS app\nFROM ${BASE} \\\n  AS app',
      errors: [{ messageId: 'duplicate', range: '3:5-3:8' }],
      output: null,
    },
  ],
});
