import { rule } from '../../../../server/src/rules/compose/compose-syntax';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'services:\n  api:\n    image: python:3.11-slim\n',
    '',
    '# only a comment\n',
    { name: 'anchors, merge keys and !reset tags are valid', code: 'x-base: &base\n  restart: always\nservices:\n  api:\n    <<: *base\n    ports: !reset []\n' },
  ],
  invalid: [
    {
      name: 'an unclosed flow sequence is reported once, where it breaks',
      code: 'services:\n  api:\n    image: python:3.11-slim\n    ports: [ "8000:8000"\n',
      errors: [{ messageId: 'syntax', range: '3:11-3:12' }],
      output: null,
    },
    {
      name: 'a tab in indentation',
      code: 'services:\n\tapi:\n    image: x\n',
      errors: [{ messageId: 'syntax', range: '1:0-1:1' }],
      output: null,
    },
    {
      name: 'an alias bomb is refused, not expanded',
      code: 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
      errors: [{ messageId: 'data', range: '0:0-0:0' }],
      output: null,
    },
  ],
});
