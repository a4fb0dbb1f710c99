import { rule } from '../../../../server/src/rules/dockerfile/expose-proto-casing';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11\nEXPOSE 8000/tcp 53/udp',
  ],
  invalid: [
    { code: 'FROM python:3.11\nEXPOSE 8000/TCP', errors: [{ messageId: 'casing', range: '1:7-1:15' }], output: 'FROM python:3.11\nEXPOSE 8000/tcp' },
  ],
});
