import { rule } from '../../../../server/src/rules/dockerfile/legacy-key-value-format';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11\nENV A=1 B=2\nLABEL a=b',
  ],
  invalid: [
    { code: 'FROM python:3.11\nENV PYTHONUNBUFFERED 1\nLABEL description a small model', errors: [{ messageId: 'legacy', range: '1:0-1:3' }, { messageId: 'legacy', range: '2:0-2:5' }], output: 'FROM python:3.11\nENV PYTHONUNBUFFERED=1\nLABEL description="a small model"' },
    { name: 'quotes in the value: no fix', code: 'FROM python:3.11\nENV GREETING "hi there"', errors: [{ messageId: 'legacy', range: '1:0-1:3' }], output: null },
  ],
});
