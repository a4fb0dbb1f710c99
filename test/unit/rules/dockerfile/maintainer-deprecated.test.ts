import { rule } from '../../../../server/src/rules/dockerfile/maintainer-deprecated';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11\nLABEL org.opencontainers.image.authors="a@b.org"',
  ],
  invalid: [
    { code: 'FROM python:3.11\nMAINTAINER ml@example.org', errors: [{ messageId: 'deprecated', range: '1:0-1:10' }], output: 'FROM python:3.11\nLABEL org.opencontainers.image.authors="ml@example.org"' },
  ],
});
