import { rule } from '../../../../server/src/rules/dockerfile/copy-ignored-file';
import { ruleTester } from '../../ruleTester';

const on = '# check=experimental=CopyIgnoredFile\n';

ruleTester(rule, {
  valid: [
    { name: 'experimental: silent unless the check directive turns it on', code: 'FROM python:3.11\nCOPY models/ /models/', files: { '.dockerignore': 'models\n' } },
    { name: 'a re-included file', code: on + 'FROM python:3.11\nCOPY models/config.json /m/', files: { '.dockerignore': 'models\n!models/config.json\n' } },
    { name: 'COPY --from reads a stage', code: on + 'FROM python:3.11 AS a\nFROM python:3.11\nCOPY --from=a /models /models', files: { '.dockerignore': 'models\n' } },
    { name: 'no .dockerignore', code: on + 'FROM python:3.11\nCOPY models/ /models/' },
  ],
  invalid: [
    {
      code: on + 'FROM python:3.11\nCOPY models/ /models/\nADD weights/model.ckpt /w/',
      files: { '.dockerignore': '# keep weights out\nmodels\n**/*.ckpt\n' },
      errors: [
        { messageId: 'ignored', range: '2:5-2:12' },
        { messageId: 'ignored', range: '3:4-3:22' },
      ],
      output: null,
    },
  ],
});
