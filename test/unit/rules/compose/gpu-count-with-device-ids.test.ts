import { rule } from '../../../../server/src/rules/compose/gpu-count-with-device-ids';
import { ruleTester } from '../../ruleTester';

const head = 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    deploy:\n      resources:\n        reservations:\n          devices:\n';

ruleTester(rule, {
  valid: [
    head + '            - driver: nvidia\n              device_ids: ["0", "1"]\n              capabilities: [gpu]\n',
    head + '            - driver: nvidia\n              count: 2\n              capabilities: [gpu]\n',
    { name: 'neither: Compose reserves every GPU', code: head + '            - capabilities: [gpu]\n' },
    { name: 'count and device_ids in two different entries', code: head + '            - count: 1\n              capabilities: [gpu]\n            - device_ids: ["3"]\n              capabilities: [gpu]\n' },
    { name: 'gpus list with device_ids only', code: 'services:\n  a:\n    image: x\n    gpus:\n      - device_ids: ["GPU-f123d1c9"]\n' },
    { name: 'a key named count elsewhere', code: 'services:\n  a:\n    image: x\n    labels:\n      count: "2"\n      device_ids: "0"\n' },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    gpus:\n      - count:',
  ],
  invalid: [
    {
      name: 'block entry: the count line goes',
      code: head + '            - driver: nvidia\n              count: 2\n              device_ids: ["0", "1"]\n              capabilities: [gpu]\n',
      errors: [{ messageId: 'exclusive', range: '8:14-8:19' }],
      output: head + '            - driver: nvidia\n              device_ids: ["0", "1"]\n              capabilities: [gpu]\n',
    },
    {
      name: 'count first on the dash line: the next key moves up',
      code: head + '            - count: 1  # one GPU\n              device_ids: ["1"]\n              capabilities: [gpu]\n',
      errors: [{ messageId: 'exclusive', range: '7:14-7:19' }],
      output: head + '            - device_ids: ["1"]\n              capabilities: [gpu]\n',
    },
    {
      name: 'flow entry, count in the middle',
      code: head + '            - {driver: nvidia, count: 1, device_ids: ["0"], capabilities: [gpu]}\n',
      errors: [{ messageId: 'exclusive', range: '7:31-7:36' }],
      output: head + '            - {driver: nvidia, device_ids: ["0"], capabilities: [gpu]}\n',
    },
    {
      name: 'flow entry, count last',
      code: head + '            - {device_ids: ["0"], capabilities: [gpu], count: 1}\n',
      errors: [{ messageId: 'exclusive', range: '7:55-7:60' }],
      output: head + '            - {device_ids: ["0"], capabilities: [gpu]}\n',
    },
    {
      name: 'gpus: list item (Compose 2.30+), interpolated count',
      code: 'services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:2.4.0\n    gpus:\n      - count: ${GPUS:-1}\n        device_ids:\n          - "0"\n',
      errors: [{ messageId: 'exclusive', range: '4:8-4:13' }],
      output: 'services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:2.4.0\n    gpus:\n      - device_ids:\n          - "0"\n',
    },
    {
      name: 'count from a merge key is reported on the own device_ids, without a fix',
      code: 'x-gpu: &gpu\n  driver: nvidia\n  count: 1\n  capabilities: [gpu]\n' + head + '            - <<: *gpu\n              device_ids: ["2"]\n',
      errors: [{ messageId: 'exclusive', range: '12:14-12:24' }],
      output: null,
    },
    {
      name: 'an anchored entry used by two services is reported once',
      code:
        'x-gpu: &gpu\n  driver: nvidia\n  count: 1\n  device_ids: ["0"]\n  capabilities: [gpu]\n' +
        'services:\n  a:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          devices: [*gpu]\n' +
        '  b:\n    image: y\n    deploy:\n      resources:\n        reservations:\n          devices: [*gpu]\n',
      errors: [{ messageId: 'exclusive', range: '2:2-2:7' }],
      output:
        'x-gpu: &gpu\n  driver: nvidia\n  device_ids: ["0"]\n  capabilities: [gpu]\n' +
        'services:\n  a:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          devices: [*gpu]\n' +
        '  b:\n    image: y\n    deploy:\n      resources:\n        reservations:\n          devices: [*gpu]\n',
    },
  ],
});
