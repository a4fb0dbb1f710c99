import { rule } from '../../../../server/src/rules/dockerfile/multiple-instructions-disallowed';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11 AS a\nCMD ["a"]\nFROM a\nCMD ["b"]',
  ],
  invalid: [
    { code: 'FROM python:3.11\nCMD ["a"]\nENTRYPOINT ["x"]\nCMD ["b"]', errors: [{ messageId: 'multiple', range: '1:0-1:3' }], output: null },
  ],
});
