import { rule } from '../../../../server/src/rules/compose/unused-volume';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'services:\n  trainer:\n    image: x\n    volumes:\n      - checkpoints:/workspace/checkpoints\nvolumes:\n  checkpoints:\n',
    { name: 'long syntax', code: 'services:\n  trainer:\n    volumes:\n      - type: volume\n        source: checkpoints\n        target: /ckpt\nvolumes:\n  checkpoints:\n' },
    { name: 'through an alias', code: 'x-mounts: &mounts\n  - models:/models\nservices:\n  a:\n    volumes: *mounts\nvolumes:\n  models:\n' },
    { name: 'an interpolated source may name any volume', code: 'services:\n  a:\n    volumes: ["${MODEL_VOLUME}:/models"]\nvolumes:\n  models-small:\n  models-large:\n' },
    { name: 'used by the base file of an override', path: 'compose.prod.yaml', code: 'services:\n  a:\n    image: x\nvolumes:\n  models:\n    external: true\n', files: { 'compose.yaml': 'services:\n  a:\n    volumes: [models:/models]\n' } },
    { name: 'a file without services is a fragment', code: 'volumes:\n  models:\n' },
    'services:',
    'services:\n  api:',
    'volumes:',
  ],
  invalid: [
    {
      name: 'mounted as a bind mount instead (the removal is offered, not preferred)',
      code: 'services:\n  trainer:\n    image: x\n    volumes:\n      - ./checkpoints:/workspace/checkpoints\n\nvolumes:\n  checkpoints:\n',
      errors: [{ messageId: 'unused', range: '7:2-7:13' }],
      output: null,
    },
    {
      name: 'one of several, with a merge key in the services',
      code: 'x-m: &m\n  volumes: [models:/models]\nservices:\n  a:\n    <<: *m\nvolumes:\n  models:\n  hf-cache:\n    external: true\n',
      errors: [{ messageId: 'unused', range: '7:2-7:10' }],
      output: null,
    },
  ],
});
