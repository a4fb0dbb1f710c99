import { rule } from '../../../../server/src/rules/dockerfile/workdir-relative-path';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11\nWORKDIR /app\nWORKDIR src',
    'FROM python:3.11\nWORKDIR $HOME/app',
    'FROM python:3.11 AS a\nWORKDIR /app\nFROM a\nWORKDIR src',
  ],
  invalid: [
    { code: 'FROM python:3.11\nWORKDIR app', errors: [{ messageId: 'relative', range: '1:8-1:11' }], output: null },
  ],
});
