import { rule } from '../../../../server/src/rules/dockerfile/invalid-expose';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11\nEXPOSE 80 8000-8010/udp 5000/sctp $PORT',
  ],
  invalid: [
    { code: 'FROM python:3.11\nEXPOSE eighty 70000 80/http', errors: [{ messageId: 'port', range: '1:7-1:13' }, { messageId: 'port', range: '1:14-1:19' }, { messageId: 'protocol', range: '1:20-1:27' }], output: null },
  ],
});
