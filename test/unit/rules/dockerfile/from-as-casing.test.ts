import { rule } from '../../../../server/src/rules/dockerfile/from-as-casing';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11 AS builder',
    'from python:3.11 as builder',
    { name: 'a mixed-case FROM is left to consistent-instruction-casing', code: 'From python:3.11 as builder' },
  ],
  invalid: [
    { code: 'FROM python:3.11 as builder', errors: [{ messageId: 'mismatch', range: '0:17-0:19' }], output: 'FROM python:3.11 AS builder' },
    { code: 'from python:3.11 AS builder', errors: [{ messageId: 'mismatch', range: '0:17-0:19' }], output: 'from python:3.11 as builder' },
  ],
});
