import { rule } from '../../../../server/src/rules/compose/unpinned-image';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'services:\n  redis:\n    image: redis:7.2-alpine\n',
    { name: 'a digest pin', code: 'services:\n  api:\n    image: ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' },
    { name: 'a tag and a digest', code: 'services:\n  api:\n    image: ghcr.io/acme/api:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' },
    { name: 'variables', code: 'services:\n  a:\n    image: ${IMAGE}\n  b:\n    image: acme/b:${TAG:-1.0}\n  c:\n    image: ${REGISTRY}/c\n' },
    { name: 'the name of an image Compose builds', code: 'services:\n  api:\n    image: acme/api\n    build: .\n' },
    {
      name: 'more nodes that run the image another service of the file builds',
      code: 'services:\n  node-1:\n    image: acme/search-test\n    build: .\n  node-2:\n    image: acme/search-test\n  node-3:\n    image: acme/search-test\n',
    },
    {
      name: 'a bare name no official image has, which a test script builds first',
      code: 'services:\n  node-1:\n    image: search_consensus:latest\n  node-2:\n    image: search-under-test\n',
    },
    { name: 'a registry port is not a tag, and a real tag is', code: 'services:\n  api:\n    image: localhost:5000/acme/api:1.4\n' },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    image:\n',
  ],
  invalid: [
    {
      name: 'bare names of official images, and a namespaced name, are pulls',
      code: 'services:\n  db:\n    image: postgres:latest\n  web:\n    image: nginx\n  search:\n    image: acme/search_consensus\n',
      errors: [
        { messageId: 'latest', range: '2:11-2:26' },
        { messageId: 'untagged', range: '4:11-4:16' },
        { messageId: 'untagged', range: '6:11-6:32' },
      ],
      output: null,
    },
    {
      name: 'no tag and latest, in the model-serving stack',
      code: 'services:\n  redis:\n    image: redis\n  tgi:\n    image: "ghcr.io/huggingface/text-generation-inference:latest"\n  registry:\n    image: localhost:5000/acme/api\n',
      errors: [
        { messageId: 'untagged', range: '2:11-2:16' },
        { messageId: 'latest', range: '4:11-4:65' },
        { messageId: 'untagged', range: '6:11-6:34' },
      ],
      output: null,
    },
    {
      name: 'inherited through a merge key: reported once, where it is written',
      code: 'x-worker: &worker\n  image: acme/worker\nservices:\n  a:\n    <<: *worker\n  b:\n    <<: *worker\n',
      errors: [{ messageId: 'untagged', range: '1:9-1:20' }],
      output: null,
    },
  ],
});
