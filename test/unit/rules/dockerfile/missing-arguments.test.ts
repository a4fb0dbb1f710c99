import { rule } from '../../../../server/src/rules/dockerfile/missing-arguments';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11 AS app\nCMD\nHEALTHCHECK NONE\nCOPY <<EOF /a\nx\nEOF',
  ],
  invalid: [
    { code: 'FROM python:3.11\nARG\nCOPY requirements.txt\nENV DEBUG', errors: [{ messageId: 'atLeastOne', range: '1:0-1:3' }, { messageId: 'destination', range: '2:5-2:21' }, { messageId: 'value', range: '3:4-3:9' }], output: null },
    { code: 'FROM python:3.11 app\nHEALTHCHECK CMD', errors: [{ messageId: 'from', range: '0:5-0:20' }, { messageId: 'healthcheck', range: '1:12-1:15' }], output: null },
  ],
});
