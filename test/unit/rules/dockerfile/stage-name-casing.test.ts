import { rule } from '../../../../server/src/rules/dockerfile/stage-name-casing';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11 AS builder',
    'FROM python:3.11',
  ],
  invalid: [
    { code: 'FROM python:3.11 AS Builder\nFROM python:3.11-slim\nCOPY --from=builder /a /a', errors: [{ messageId: 'lowercase', range: '0:20-0:27' }], output: 'FROM python:3.11 AS builder\nFROM python:3.11-slim\nCOPY --from=builder /a /a' },
  ],
});
