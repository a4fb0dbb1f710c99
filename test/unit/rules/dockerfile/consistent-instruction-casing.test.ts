import { rule } from '../../../../server/src/rules/dockerfile/consistent-instruction-casing';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11\nRUN echo',
    'from python:3.11\nrun echo',
  ],
  invalid: [
    { code: 'FROM python:3.11\nrun echo\nCOPY a /a', errors: [{ messageId: 'casing', range: '1:0-1:3' }], output: 'FROM python:3.11\nRUN echo\nCOPY a /a' },
    { name: 'a tie goes to upper case; mixed case is always reported', code: 'From python:3.11\nrun echo\nCOPY a /a', errors: [{ messageId: 'casing', range: '0:0-0:4' }, { messageId: 'casing', range: '1:0-1:3' }], output: 'FROM python:3.11\nRUN echo\nCOPY a /a' },
  ],
});
