import { rule } from '../../../../server/src/rules/dockerfile/reserved-stage-name';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM scratch\nFROM python:3.11 AS app',
  ],
  invalid: [
    { code: 'FROM python:3.11 AS context\nFROM scratch AS Scratch', errors: [{ messageId: 'reserved', range: '0:20-0:27' }, { messageId: 'reserved', range: '1:16-1:23' }], output: null },
  ],
});
