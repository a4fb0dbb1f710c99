import { rule } from '../../../../server/src/rules/dockerfile/malformed-json-form';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11\nCMD ["python", "serve.py"]',
    { name: 'the shell test command', code: 'FROM python:3.11\nRUN [ -f /etc/x ] && echo yes' },
  ],
  invalid: [
    { code: 'FROM python:3.11\nCMD ["python", "serve.py"', errors: [{ messageId: 'malformed', range: '1:4-1:25' }], output: 'FROM python:3.11\nCMD ["python", "serve.py"]' },
    { code: "FROM python:3.11\nCMD ['python', 'serve.py']", errors: [{ messageId: 'malformed', range: '1:4-1:26' }], output: 'FROM python:3.11\nCMD ["python", "serve.py"]' },
  ],
});
