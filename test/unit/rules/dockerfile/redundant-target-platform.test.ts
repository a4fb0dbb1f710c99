import { rule } from '../../../../server/src/rules/dockerfile/redundant-target-platform';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM --platform=$BUILDPLATFORM python:3.11',
  ],
  invalid: [
    { code: 'FROM --platform=$TARGETPLATFORM python:3.11', errors: [{ messageId: 'redundant', range: '0:5-0:31' }], output: 'FROM python:3.11' },
  ],
});
