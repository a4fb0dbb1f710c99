import { rule } from '../../../../server/src/rules/compose/gpu-missing-capabilities';
import { ruleTester } from '../../ruleTester';

const head = 'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    deploy:\n      resources:\n        reservations:\n          devices:\n';

ruleTester(rule, {
  valid: [
    head + '            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n',
    { name: 'flow entry with capabilities', code: head + '            - {driver: nvidia, count: all, capabilities: [gpu]}\n' },
    { name: 'capabilities as a block list', code: head + '            - capabilities:\n                - gpu\n                - utility\n' },
    { name: '`gpus:` items need no capabilities: Compose adds gpu', code: 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    gpus:\n      - driver: nvidia\n        count: 2\n' },
    { name: 'gpus: all', code: 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    gpus: all\n' },
    { name: 'devices under limits are another rule', code: 'services:\n  a:\n    image: x\n    deploy:\n      resources:\n        limits:\n          devices:\n            - driver: nvidia\n' },
    {
      name: 'capabilities inherited through a merge key',
      code: 'x-gpu: &gpu\n  driver: nvidia\n  capabilities: [gpu]\n' + head + '            - <<: *gpu\n              count: 1\n',
    },
    { name: 'interpolated values', code: head + '            - driver: ${GPU_DRIVER:-nvidia}\n              count: ${GPU_COUNT:-1}\n              capabilities: [gpu]\n' },
    { name: 'service-level devices (host devices, CDI) are not reservations', code: 'services:\n  a:\n    image: x\n    devices:\n      - /dev/nvidia0:/dev/nvidia0\n      - nvidia.com/gpu=all\n' },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    deploy:\n      resources:\n        reservations:\n          devices:\n            -',
    'services:\n  api:\n    deploy:\n      resources:\n        reservations:\n          devices: [',
  ],
  invalid: [
    {
      name: 'block entry: the line goes after the last key, at its column',
      code: head + '            - driver: nvidia\n              count: 1\n',
      errors: [{ messageId: 'missingWithDriver', range: '7:14-7:20' }],
      output: head + '            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n',
    },
    {
      name: 'flow entry',
      code: head + '            - {driver: nvidia, count: 1}\n',
      errors: [{ messageId: 'missingWithDriver', range: '7:14-7:40' }],
      output: head + '            - {driver: nvidia, count: 1, capabilities: [gpu]}\n',
    },
    {
      name: 'empty flow entry',
      code: head + '            - {}\n',
      errors: [{ messageId: 'missing', range: '7:14-7:16' }],
      output: head + '            - {capabilities: [gpu]}\n',
    },
    {
      name: 'after a nested options block, indentless list style, no final line break',
      code: 'services:\n  t:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          devices:\n          - driver: nvidia\n            options:\n              virtualization: false',
      errors: [{ messageId: 'missingWithDriver', range: '7:12-7:18' }],
      output: 'services:\n  t:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          devices:\n          - driver: nvidia\n            options:\n              virtualization: false\n            capabilities: [gpu]',
    },
    {
      name: 'four-space indentation and device_ids',
      code: 'services:\n    t:\n        image: x\n        deploy:\n            resources:\n                reservations:\n                    devices:\n                        -   device_ids: ["0", "1"]\n                            driver: nvidia\n',
      errors: [{ messageId: 'missingWithDriver', range: '7:28-7:38' }],
      output: 'services:\n    t:\n        image: x\n        deploy:\n            resources:\n                reservations:\n                    devices:\n                        -   device_ids: ["0", "1"]\n                            driver: nvidia\n                            capabilities: [gpu]\n',
    },
    {
      name: 'an entry shared through an anchor is reported once, on the anchor, and fixed there',
      code:
        'x-gpu: &gpu\n  deploy:\n    resources:\n      reservations:\n        devices:\n          - driver: nvidia\n            count: 1\n' +
        'services:\n  a:\n    <<: *gpu\n    image: x\n  b:\n    <<: *gpu\n    image: y\n',
      errors: [{ messageId: 'missingWithDriver', range: '5:12-5:18' }],
      output:
        'x-gpu: &gpu\n  deploy:\n    resources:\n      reservations:\n        devices:\n          - driver: nvidia\n            count: 1\n            capabilities: [gpu]\n' +
        'services:\n  a:\n    <<: *gpu\n    image: x\n  b:\n    <<: *gpu\n    image: y\n',
    },
    {
      name: 'an entry whose other keys come through a merge key gets the line under its own keys',
      code: 'x-gpu: &gpu\n  driver: nvidia\n' + head + '            - <<: *gpu\n              count: 2\n',
      errors: [{ messageId: 'missingWithDriver', range: '9:14-9:16' }],
      output: 'x-gpu: &gpu\n  driver: nvidia\n' + head + '            - <<: *gpu\n              count: 2\n              capabilities: [gpu]\n',
    },
    {
      name: 'neither capabilities nor driver',
      code: head + '            - count: 1\n',
      errors: [{ messageId: 'missing', range: '7:14-7:19' }],
      output: head + '            - count: 1\n              capabilities: [gpu]\n',
    },
    {
      name: 'a non-GPU driver is reported without a fix',
      code: head + '            - driver: tpu-vendor\n              count: 2\n',
      errors: [{ messageId: 'missingOther', range: '7:14-7:20' }],
      output: null,
    },
    {
      name: 'a file with a syntax error elsewhere is reported without a fix',
      code: head + '            - driver: nvidia\n              count: 1\n  api:\n    ports: [ "8000:8000"\n',
      errors: [{ messageId: 'missingWithDriver', range: '7:14-7:20' }],
      output: null,
    },
    {
      name: 'CRLF line breaks',
      code: head.replace(/\n/g, '\r\n') + '            - driver: nvidia\r\n              count: all\r\n',
      errors: [{ messageId: 'missingWithDriver', range: '7:14-7:20' }],
      output: head.replace(/\n/g, '\r\n') + '            - driver: nvidia\r\n              count: all\r\n              capabilities: [gpu]\r\n',
    },
  ],
});
