import { rule } from '../../../../server/src/rules/compose/undefined-volume';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'services:\n  model-server:\n    image: vllm/vllm-openai:v0.5.4\n    volumes:\n      - hf-cache:/root/.cache/huggingface\nvolumes:\n  hf-cache:\n',
    {
      name: 'bind mounts, anonymous volumes and tmpfs are not named volumes',
      code:
        'services:\n  trainer:\n    volumes:\n      - ./data:/data\n      - ../shared:/shared:ro\n      - /var/run/docker.sock:/var/run/docker.sock\n' +
        '      - ~/.cache/huggingface:/root/.cache/huggingface\n      - /scratch\n      - C:\\data:/data\n' +
        '      - type: bind\n        source: ./checkpoints\n        target: /checkpoints\n      - type: tmpfs\n        target: /tmp\n      - type: volume\n        target: /anonymous\n',
    },
    { name: 'long syntax', code: 'services:\n  trainer:\n    volumes:\n      - type: volume\n        source: checkpoints\n        target: /checkpoints\nvolumes:\n  checkpoints:\n    external: true\n' },
    { name: 'interpolated sources may be paths', code: 'services:\n  trainer:\n    volumes:\n      - ${DATA_DIR}:/data\n      - "${CKPT:-ckpt}:/ckpt"\n' },
    { name: 'volumes_from names services, not volumes', code: 'services:\n  data:\n    image: x\n  trainer:\n    volumes_from: [data]\n' },
    { name: 'inherited through an alias', code: 'x-mounts: &mounts\n  - models:/models\nservices:\n  a:\n    volumes: *mounts\nvolumes:\n  models:\n' },
    { name: 'declared in compose.override.yaml', code: 'services:\n  a:\n    volumes: [models:/models]\n', files: { 'compose.override.yaml': 'volumes:\n  models:\n' } },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    volumes:\n      - \n',
    'services:\n  api:\n    volumes:\n      - type: volume\n        source:\n',
  ],
  invalid: [
    {
      name: 'short syntax, declared in the existing section',
      code: 'services:\n  model-server:\n    volumes:\n      - hf-cache:/root/.cache/huggingface\n      - checkpoints:/checkpoints:ro\nvolumes:\n  hf-cache:\n',
      errors: [{ messageId: 'undeclared', range: '4:8-4:19' }],
      output: 'services:\n  model-server:\n    volumes:\n      - hf-cache:/root/.cache/huggingface\n      - checkpoints:/checkpoints:ro\nvolumes:\n  hf-cache:\n  checkpoints:\n',
    },
    {
      name: 'long syntax, quoted, and a new section',
      code: 'services:\n  trainer:\n    volumes:\n      - type: volume\n        source: "checkpoints"\n        target: /checkpoints\n',
      errors: [{ messageId: 'undeclared', range: '4:17-4:28' }],
      output: 'services:\n  trainer:\n    volumes:\n      - type: volume\n        source: "checkpoints"\n        target: /checkpoints\nvolumes:\n  checkpoints:\n',
    },
    {
      name: 'a typo in a quoted short spec',
      code: "services:\n  trainer:\n    volumes:\n      - 'chekpoints:/checkpoints'\nvolumes:\n  checkpoints:\n",
      errors: [{ messageId: 'typo', range: '3:9-3:19' }],
      output: "services:\n  trainer:\n    volumes:\n      - 'checkpoints:/checkpoints'\nvolumes:\n  checkpoints:\n",
    },
    {
      name: 'a relative path without ./ is read as a volume name',
      code: 'services:\n  trainer:\n    volumes:\n      - data/raw:/data\n',
      errors: [{ messageId: 'path', range: '3:8-3:16' }],
      output: 'services:\n  trainer:\n    volumes:\n      - ./data/raw:/data\n',
    },
    {
      name: 'inherited through a merge key: reported once, on the anchor',
      code: 'x-gpu: &gpu\n  volumes:\n    - models:/models\nservices:\n  trainer:\n    <<: *gpu\n  server:\n    <<: *gpu\n',
      errors: [{ messageId: 'undeclared', range: '2:6-2:12' }],
      output: 'x-gpu: &gpu\n  volumes:\n    - models:/models\nservices:\n  trainer:\n    <<: *gpu\n  server:\n    <<: *gpu\nvolumes:\n  models:\n',
    },
  ],
});
