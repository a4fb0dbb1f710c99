import { rule } from '../../../../server/src/rules/compose/gpu-legacy-runtime';
import { ruleTester } from '../../ruleTester';

const reservation = (indent: string, second: string) =>
  `${indent}deploy:\n${indent}  resources:\n${indent}    reservations:\n${indent}      devices:\n` +
  `${indent}        - driver: nvidia\n${indent}          ${second}\n${indent}          capabilities: [gpu]\n`;

ruleTester(rule, {
  valid: [
    { name: 'a device reservation', code: 'services:\n  t:\n    image: x\n' + reservation('    ', 'count: 1') },
    { name: 'runtime next to a reservation is not the only request', code: 'services:\n  t:\n    image: x\n    runtime: nvidia\n' + reservation('    ', 'count: all') },
    { name: 'runtime next to gpus:', code: 'services:\n  t:\n    image: x\n    runtime: nvidia\n    gpus: all\n' },
    { name: 'runtime next to a CDI device', code: 'services:\n  t:\n    image: x\n    runtime: nvidia\n    devices:\n      - nvidia.com/gpu=all\n' },
    { name: 'a reservation missing capabilities still counts', code: 'services:\n  t:\n    image: x\n    runtime: nvidia\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n' },
    { name: 'another runtime', code: 'services:\n  t:\n    image: x\n    runtime: runsc\n' },
    { name: 'NVIDIA_VISIBLE_DEVICES=none asks for no GPU', code: 'services:\n  t:\n    image: x\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=none\n' },
    { name: 'CUDA_VISIBLE_DEVICES is not a request', code: 'services:\n  t:\n    image: x\n    environment:\n      CUDA_VISIBLE_DEVICES: "0"\n' },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    runtime:',
  ],
  invalid: [
    {
      name: 'runtime alone: the reservation takes its place, for all GPUs',
      code: 'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    runtime: nvidia\n    shm_size: 8gb\n',
      errors: [{ messageId: 'runtime', range: '3:4-3:11' }],
      output: 'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n' + reservation('    ', 'count: all') + '    shm_size: 8gb\n',
    },
    {
      name: 'NVIDIA_VISIBLE_DEVICES lists ids: they become device_ids and the variable stays',
      code: 'services:\n  triton:\n    image: nvcr.io/nvidia/tritonserver:24.05-py3\n    runtime: nvidia\n    environment:\n      NVIDIA_VISIBLE_DEVICES: "0,1"\n',
      errors: [{ messageId: 'runtime', range: '3:4-3:11' }],
      output: 'services:\n  triton:\n    image: nvcr.io/nvidia/tritonserver:24.05-py3\n' + reservation('    ', 'device_ids: ["0", "1"]') + '    environment:\n      NVIDIA_VISIBLE_DEVICES: "0,1"\n',
    },
    {
      name: 'NVIDIA_VISIBLE_DEVICES=all in a list goes, and the other variables stay',
      code: 'services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:2.4.0\n    runtime: nvidia\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=all\n      - MODEL_ID=meta-llama/Llama-3.1-8B\n',
      errors: [{ messageId: 'runtime', range: '3:4-3:11' }],
      output: 'services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:2.4.0\n' + reservation('    ', 'count: all') + '    environment:\n      - MODEL_ID=meta-llama/Llama-3.1-8B\n',
    },
    {
      name: 'an environment with only NVIDIA_VISIBLE_DEVICES=all goes entirely',
      code: 'services:\n  t:\n    image: x\n    environment:\n      NVIDIA_VISIBLE_DEVICES: all\n    runtime: nvidia\n',
      errors: [{ messageId: 'runtime', range: '5:4-5:11' }],
      output: 'services:\n  t:\n    image: x\n' + reservation('    ', 'count: all'),
    },
    {
      name: 'NVIDIA_VISIBLE_DEVICES alone (default runtime): the reservation is appended to the service',
      code: 'services:\n  t:\n    image: x\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=GPU-3a1c\n  db:\n    image: postgres:16\n',
      errors: [{ messageId: 'environment', range: '4:8-4:30' }],
      output: 'services:\n  t:\n    image: x\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=GPU-3a1c\n' + reservation('    ', 'device_ids: ["GPU-3a1c"]') + '  db:\n    image: postgres:16\n',
    },
    {
      name: 'merged into an existing deploy with resources but no reservations',
      code: 'services:\n  t:\n    image: x\n    runtime: nvidia\n    deploy:\n      restart_policy:\n        condition: on-failure\n      resources:\n        limits:\n          memory: 16g\n',
      errors: [{ messageId: 'runtime', range: '3:4-3:11' }],
      output:
        'services:\n  t:\n    image: x\n    deploy:\n      restart_policy:\n        condition: on-failure\n      resources:\n        limits:\n          memory: 16g\n' +
        '        reservations:\n          devices:\n            - driver: nvidia\n              count: all\n              capabilities: [gpu]\n',
    },
    {
      name: 'an empty reservations key is filled',
      code: 'services:\n  t:\n    image: x\n    deploy:\n      resources:\n        reservations:\n    runtime: nvidia\n',
      errors: [{ messageId: 'runtime', range: '6:4-6:11' }],
      output: 'services:\n  t:\n    image: x\n' + reservation('    ', 'count: all'),
    },
    {
      name: 'four-space indentation and indentless lists',
      code: 'services:\n    t:\n        image: x\n        runtime: nvidia\n        volumes:\n        - ./data:/data\n',
      errors: [{ messageId: 'runtime', range: '3:8-3:15' }],
      output:
        'services:\n    t:\n        image: x\n        deploy:\n            resources:\n                reservations:\n                    devices:\n' +
        '                    - driver: nvidia\n                      count: all\n                      capabilities: [gpu]\n        volumes:\n        - ./data:/data\n',
    },
    {
      name: 'runtime on the last line without a line break',
      code: 'services:\n  t:\n    image: x\n    runtime: nvidia',
      errors: [{ messageId: 'runtime', range: '3:4-3:11' }],
      output: 'services:\n  t:\n    image: x\n' + reservation('    ', 'count: all').replace(/\n$/, ''),
    },
    {
      name: 'runtime from an anchor is reported on each service using it, without a fix',
      code: 'x-gpu: &gpu\n  runtime: nvidia\nservices:\n  a:\n    <<: *gpu\n    image: x\n  b:\n    <<: *gpu\n    image: y\n',
      errors: [{ messageId: 'runtime', range: '3:2-3:3' }, { messageId: 'runtime', range: '6:2-6:3' }],
      output: null,
    },
    {
      name: 'a variable from the shell or interpolated: reported without a fix',
      code: 'services:\n  t:\n    image: x\n    runtime: nvidia\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=${GPUS}\n',
      errors: [{ messageId: 'runtime', range: '3:4-3:11' }],
      output: null,
    },
    {
      name: 'existing non-GPU device reservations: no fix',
      code: 'services:\n  t:\n    image: x\n    runtime: nvidia\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [tpu]\n',
      errors: [{ messageId: 'runtime', range: '3:4-3:11' }],
      output: null,
    },
  ],
});
