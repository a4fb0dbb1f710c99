import { rule } from '../../../../server/src/rules/dockerfile/invalid-parser-directive';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    '# syntax=docker/dockerfile:1\n# escape=`\nFROM python:3.11',
  ],
  invalid: [
    { code: '# escape=^\nFROM python:3.11', errors: [{ messageId: 'escape', range: '0:0-0:10' }], output: null },
    { code: '# syntax=docker/dockerfile:1\n# syntax=docker/dockerfile:1.7\nFROM python:3.11', errors: [{ messageId: 'duplicate', range: '1:0-1:30' }], output: null },
  ],
});
