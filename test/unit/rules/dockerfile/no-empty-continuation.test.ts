import { rule } from '../../../../server/src/rules/dockerfile/no-empty-continuation';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11-slim\nRUN pip install \\\n    # a comment\n    numpy',
    { name: 'blank lines in a heredoc are data', code: 'FROM python:3.11-slim\nRUN <<EOF\necho a\n\necho b\nEOF' },
  ],
  invalid: [
    { code: 'FROM python:3.11-slim\nRUN pip install \\\n\n    numpy', errors: [{ messageId: 'empty', range: '2:0-2:0' }], output: 'FROM python:3.11-slim\nRUN pip install \\\n    numpy' },
  ],
});
