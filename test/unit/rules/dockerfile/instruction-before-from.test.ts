import { rule } from '../../../../server/src/rules/dockerfile/instruction-before-from';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'ARG BASE=python:3.11\nFROM $BASE',
  ],
  invalid: [
    { code: 'ENV A=1\nFROM python:3.11', errors: [{ messageId: 'before', range: '0:0-0:3' }], output: null },
  ],
});
