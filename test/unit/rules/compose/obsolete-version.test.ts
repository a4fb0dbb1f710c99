import { rule } from '../../../../server/src/rules/compose/obsolete-version';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'services:\n  api:\n    image: python:3.11-slim\n',
    { name: 'a service field named version is not the top-level key', code: 'services:\n  api:\n    image: x\n    labels:\n      version: "2"\n' },
    'version',
  ],
  invalid: [
    {
      code: 'version: "3.8"\nservices:\n  api:\n    image: python:3.11-slim\n',
      errors: [{ messageId: 'obsolete', range: '0:0-0:7' }],
      output: 'services:\n  api:\n    image: python:3.11-slim\n',
    },
    {
      name: 'not at the top of the file',
      code: 'services:\n  api:\n    image: x\nversion: \'2.3\'\n',
      errors: [{ messageId: 'obsolete', range: '3:0-3:7' }],
      output: 'services:\n  api:\n    image: x\n',
    },
  ],
});
