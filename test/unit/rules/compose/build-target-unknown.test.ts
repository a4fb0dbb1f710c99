import { rule } from '../../../../server/src/rules/compose/build-target-unknown';
import { ruleTester } from '../../ruleTester';

const multiStage =
  'FROM python:3.11 AS Builder\nRUN pip wheel --wheel-dir /wheels torch==2.3.1\n' +
  'FROM python:3.11-slim AS runtime\nCOPY --from=builder /wheels /wheels\nFROM runtime AS test\nRUN pytest\n';
const files = { 'model-server/Dockerfile': multiStage, 'model-server/Dockerfile.gpu': 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04 AS serve\n' };

ruleTester(rule, {
  valid: [
    { code: 'services:\n  model-server:\n    build:\n      context: ./model-server\n      target: runtime\n', files },
    { name: 'stage names compare without case', code: 'services:\n  model-server:\n    build:\n      context: ./model-server\n      target: BUILDER\n', files },
    { name: 'another dockerfile', code: 'services:\n  model-server:\n    build:\n      context: model-server\n      dockerfile: Dockerfile.gpu\n      target: serve\n', files },
    { name: 'an inline Dockerfile', code: 'services:\n  job:\n    build:\n      dockerfile_inline: |\n        FROM python:3.11-slim AS train\n      target: train\n' },
    { name: 'a missing Dockerfile is build-not-found\'s business', code: 'services:\n  api:\n    build:\n      context: ./api\n      target: runtime\n' },
    { name: 'interpolated', code: 'services:\n  model-server:\n    build:\n      context: ./model-server\n      target: ${TARGET:-prod}\n', files },
    { name: 'a remote context', code: 'services:\n  api:\n    build:\n      context: https://github.com/acme/api.git#main\n      target: prod\n' },
    { name: 'no target', code: 'services:\n  model-server:\n    build: ./model-server\n', files },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    build:\n      target:\n',
  ],
  invalid: [
    {
      name: 'a typo: the closest stage is preferred, the others offered',
      code: 'services:\n  model-server:\n    build:\n      context: ./model-server\n      target: runtme\n',
      files,
      errors: [{ messageId: 'typo', range: '4:14-4:20' }],
      output: 'services:\n  model-server:\n    build:\n      context: ./model-server\n      target: runtime\n',
    },
    {
      name: 'nothing close: every stage is offered, none preferred',
      code: 'services:\n  model-server:\n    build:\n      context: ./model-server\n      target: "production"\n',
      files,
      errors: [{ messageId: 'unknown', range: '4:14-4:26' }],
      output: null,
    },
    {
      name: 'a Dockerfile without stage names',
      code: 'services:\n  api:\n    build:\n      context: ./api\n      target: runtime\n',
      files: { 'api/Dockerfile': 'FROM python:3.11-slim\nCOPY . /app\n' },
      errors: [{ messageId: 'noStages', range: '4:14-4:21' }],
      output: null,
    },
    {
      name: 'an inline Dockerfile',
      code: 'services:\n  job:\n    build:\n      dockerfile_inline: |\n        FROM python:3.11-slim AS train\n      target: trian\n',
      errors: [{ messageId: 'typo', range: '5:14-5:19' }],
      output: 'services:\n  job:\n    build:\n      dockerfile_inline: |\n        FROM python:3.11-slim AS train\n      target: train\n',
    },
    {
      name: 'inherited through a merge key: reported, not edited for one service',
      code: 'x-build: &build\n  context: ./model-server\n  target: runtme\nservices:\n  a:\n    build:\n      <<: *build\n  b:\n    build:\n      <<: *build\n',
      files,
      errors: [{ messageId: 'typo', range: '2:10-2:16' }],
      output: null,
    },
  ],
});
