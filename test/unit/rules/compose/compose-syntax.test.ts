import { rule } from '../../../../server/src/rules/compose/compose-syntax';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'services:\n  api:\n    image: python:3.11-slim\n',
    '',
    '# only a comment\n',
    { name: 'anchors, merge keys and !reset tags are valid', code: 'x-base: &base\n  restart: always\nservices:\n  api:\n    <<: *base\n    ports: !reset []\n' },
    { name: 'a key that overrides a merged one is no duplicate', code: 'x-a: &a {image: a}\nx-b: &b {image: b}\nservices:\n  api:\n    <<: *a\n    <<: *b\n    image: own\n' },
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
      name: 'a key set twice in one mapping is reported on the second, as Compose reports it',
      code: 'services:\n  api:\n    image: python:3.11-slim\n    ports: ["8000:8000"]\n    image: python:3.12-slim\n',
      errors: [{ messageId: 'syntax', range: '4:4-4:9' }],
      output: null,
    },
    {
      name: 'a quoted key in a flow mapping set twice',
      code: 'services: {api: {"image": a, image: b}}\n',
      errors: [{ messageId: 'syntax', range: '0:29-0:34' }],
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
