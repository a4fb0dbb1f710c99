import { rule } from '../../../../server/src/rules/dockerfile/expose-invalid-format';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11\nEXPOSE 8000 8001-8003/udp',
  ],
  invalid: [
    { code: 'FROM python:3.11\nEXPOSE 0.0.0.0:8000:8000 9000:90', errors: [{ messageId: 'invalid', range: '1:7-1:24' }, { messageId: 'invalid', range: '1:25-1:32' }], output: 'FROM python:3.11\nEXPOSE 8000 90' },
  ],
});
