import { rule } from '../../../../server/src/rules/dockerfile/missing-from';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch',
    { name: 'global ARGs and a parser directive before FROM', code: '# syntax=docker/dockerfile:1\nARG BASE=python:3.11-slim\nFROM ${BASE}' },
    { name: 'lowercase keyword', code: 'from python:3.11-slim' },
    { name: 'half-typed FROM still starts a stage', code: 'FROM' },
  ],
  invalid: [
    {
      code: 'WORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
      errors: [{ messageId: 'noFrom', range: '0:0-0:7' }],
      output: null,
    },
    {
      name: 'only ARGs, after comments, indented',
      code: '# Build args\n\n  ARG CUDA=12.4\nARG PYTHON=3.11',
      errors: [{ messageId: 'noFrom', range: '2:2-2:5' }],
      output: null,
    },
    { name: 'empty file', code: '', errors: [{ messageId: 'empty', range: '0:0-0:0' }], output: null },
    { name: 'comments only', code: '# TODO: write the image\n', errors: [{ messageId: 'empty', range: '0:0-0:0' }], output: null },
  ],
});
