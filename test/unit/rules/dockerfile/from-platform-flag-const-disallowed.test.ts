import { rule } from '../../../../server/src/rules/dockerfile/from-platform-flag-const-disallowed';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM --platform=$BUILDPLATFORM python:3.11',
    'FROM --platform=linux/arm64 python:3.11 AS wheels-arm64',
  ],
  invalid: [
    { code: 'FROM --platform=linux/amd64 python:3.11', errors: [{ messageId: 'constant', range: '0:16-0:27' }], output: null },
  ],
});
