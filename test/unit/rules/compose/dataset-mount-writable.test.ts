import { rule } from '../../../../server/src/rules/compose/dataset-mount-writable';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'an application state folder kept under data/', code: 'services:\n  prometheus:\n    image: prom/prometheus:v2.46.0\n    volumes:\n      - ./data/prometheus:/prometheus\n      - ./data/grafana:/var/lib/grafana\n' },
    'services:\n  trainer:\n    image: x\n    volumes:\n      - ./data/imagenet:/datasets/imagenet:ro\n      - ./data:/data:ro,z\n',
    {
      name: 'named volumes, outputs, caches and an explicit rw are not read-only datasets',
      code:
        'services:\n  trainer:\n    image: x\n    volumes:\n      - datasets:/datasets\n      - ./checkpoints:/checkpoints\n' +
        '      - ./data/output:/output\n      - ~/.cache/huggingface:/root/.cache/huggingface\n      - ./data/raw:/data/raw:rw\n      - /data\n',
    },
    {
      name: 'a data folder in the container alone is an application\'s state',
      code: 'services:\n  minecraft:\n    image: itzg/minecraft-server:java21\n    volumes:\n      - "~/minecraft_data:/data"\n',
    },
    {
      name: 'databases keep their data writable',
      code: 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - ./data/pg:/var/lib/postgresql/data\n  redis:\n    image: redis:7\n    volumes:\n      - ./data/redis:/data\n  app:\n    image: x\n    volumes:\n      - ./data/state:/var/lib/app\n',
    },
    {
      name: 'long syntax read-only, explicitly writable, or a named volume',
      code:
        'services:\n  trainer:\n    image: x\n    volumes:\n      - type: bind\n        source: ./datasets\n        target: /datasets\n        read_only: true\n' +
        '      - type: bind\n        source: ./data\n        target: /data\n        read_only: false\n      - type: volume\n        source: datasets\n        target: /datasets2\n',
    },
    'services:',
    'services:\n  trainer:',
    'services:\n  trainer:\n    volumes:\n',
  ],
  invalid: [
    {
      name: 'short syntax: `:ro` is appended, or `,ro` after other options',
      code:
        'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    volumes:\n      - ./data:/workspace/data\n' +
        '      - "/mnt/datasets/coco:/coco:z"\n      - ${DATA_DIR:-./data}:/data\n      - ~/corpus:/corpus  # text\n',
      errors: [
        { messageId: 'writable', range: '4:8-4:30' },
        { messageId: 'writable', range: '5:8-5:36' },
        { messageId: 'writable', range: '6:8-6:33' },
        { messageId: 'writable', range: '7:8-7:24' },
      ],
      output:
        'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    volumes:\n      - ./data:/workspace/data:ro\n' +
        '      - "/mnt/datasets/coco:/coco:z,ro"\n      - ${DATA_DIR:-./data}:/data:ro\n      - ~/corpus:/corpus:ro  # text\n',
    },
    {
      name: 'long syntax: read_only is added at the indentation of the other keys',
      code:
        'services:\n  trainer:\n    image: x\n    volumes:\n      - type: bind\n        source: ./datasets/imagenet\n        target: /imagenet\n' +
        '      - {type: bind, source: ./data, target: /data}\n',
      errors: [
        { messageId: 'writable', range: '5:16-5:35' },
        { messageId: 'writable', range: '7:29-7:35' },
      ],
      output:
        'services:\n  trainer:\n    image: x\n    volumes:\n      - type: bind\n        source: ./datasets/imagenet\n        target: /imagenet\n        read_only: true\n' +
        '      - {type: bind, source: ./data, target: /data, read_only: true}\n',
    },
    {
      name: 'inherited through a merge key: reported once, where it is written, without an in-place fix',
      code: 'x-train: &train\n  image: x\n  volumes:\n    - ./data:/data\nservices:\n  train:\n    <<: *train\n  eval:\n    <<: *train\n',
      errors: [{ messageId: 'writable', range: '3:6-3:18' }],
      output: null,
    },
  ],
});
