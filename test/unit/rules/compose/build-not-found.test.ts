import { rule } from '../../../../server/src/rules/compose/build-not-found';
import { ruleTester } from '../../ruleTester';

const files = { 'model-server/Dockerfile': 'FROM python:3.11-slim\n', 'model-server/Dockerfile.gpu': 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\n', 'trainer/train.py': '' };

ruleTester(rule, {
  valid: [
    { code: 'services:\n  model-server:\n    build: ./model-server\n', files },
    { name: 'context and dockerfile', code: 'services:\n  model-server:\n    build:\n      context: model-server\n      dockerfile: Dockerfile.gpu\n', files },
    { name: 'a dockerfile path relative to the context', code: 'services:\n  model-server:\n    build:\n      context: .\n      dockerfile: model-server/Dockerfile\n', files },
    { name: 'Docker accepts a lower-case dockerfile or a Containerfile', code: 'services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n', files: { 'a/dockerfile': 'FROM x\n', 'b/Containerfile': 'FROM x\n' } },
    { name: 'an inline Dockerfile', code: 'services:\n  job:\n    build:\n      context: .\n      dockerfile_inline: FROM python:3.11-slim\n' },
    { name: 'a Git URL', code: 'services:\n  api:\n    build: https://github.com/acme/api.git#main\n' },
    { name: 'variables', code: 'services:\n  api:\n    build:\n      context: ${API_DIR:-./api}\n  b:\n    build:\n      context: ./model-server\n      dockerfile: ${DOCKERFILE}\n', files },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    build:\n',
  ],
  invalid: [
    {
      name: 'a context folder that does not exist',
      code: 'services:\n  model-server:\n    build: ./model-sever\n',
      files,
      errors: [{ messageId: 'context', range: '2:11-2:24' }],
      output: null,
    },
    {
      name: 'a dockerfile written relative to the Compose file instead of the context',
      code: 'services:\n  model-server:\n    build:\n      context: ./model-server\n      dockerfile: model-server/Dockerfile.gpu\n',
      files,
      errors: [{ messageId: 'dockerfile', range: '4:18-4:45' }],
      output: null,
    },
    {
      name: 'a context without a Dockerfile',
      code: 'services:\n  trainer:\n    build:\n      context: ./trainer\n      target: train\n',
      files,
      errors: [{ messageId: 'defaultDockerfile', range: '3:15-3:24' }],
      output: null,
    },
    {
      name: 'the context defaults to the Compose file\'s folder',
      code: 'services:\n  trainer:\n    build:\n      dockerfile: Dockerfile.train\n',
      files,
      errors: [{ messageId: 'dockerfile', range: '3:18-3:34' }],
      output: null,
    },
    {
      name: 'one build shared through a merge key is reported once',
      code: 'x-build: &build\n  build: ./trainer\nservices:\n  a:\n    <<: *build\n  b:\n    <<: *build\n',
      files,
      errors: [{ messageId: 'defaultDockerfile', range: '1:9-1:18' }],
      output: null,
    },
  ],
});
