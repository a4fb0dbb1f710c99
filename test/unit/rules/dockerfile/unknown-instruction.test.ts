import { rule } from '../../../../server/src/rules/dockerfile/unknown-instruction';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11\nRUN echo',
    'FROM python:3.11\nonbuild RUN echo',
  ],
  invalid: [
    { code: 'FROM python:3.11\nRUNN pip install numpy', errors: [{ messageId: 'didYouMean', range: '1:0-1:4' }], output: 'FROM python:3.11\nRUN pip install numpy' },
    { code: 'FROM python:3.11\nINSTALL numpy', errors: [{ messageId: 'unknown', range: '1:0-1:7' }], output: null },
  ],
});
