import { rule } from '../../../../server/src/rules/compose/gpu-devices-in-limits';
import { ruleTester } from '../../ruleTester';

const head = 'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    deploy:\n      resources:\n';
const gpu = '            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n';

ruleTester(rule, {
  valid: [
    head + '        limits:\n          memory: 32g\n        reservations:\n          devices:\n' + gpu,
    { name: 'service-level devices are host device mappings', code: 'services:\n  a:\n    image: x\n    devices:\n      - /dev/nvidia0\n' },
    { name: 'limits without devices', code: head + '        limits:\n          cpus: "4"\n          pids: 100\n' },
    { name: 'a limits key elsewhere', code: 'services:\n  a:\n    image: x\n    labels:\n      limits: devices\n' },
    'services:',
    'services:\n  api:',
    head + '        limits:',
  ],
  invalid: [
    {
      name: 'devices alone in limits: limits becomes reservations',
      code: head + '        limits:\n          devices:\n' + gpu,
      errors: [{ messageId: 'limits', range: '6:10-6:17' }],
      output: head + '        reservations:\n          devices:\n' + gpu,
    },
    {
      name: 'limits keeps its other keys and reservations is created after it',
      code: head + '        limits:\n          devices:\n' + gpu + '          memory: 32g\n    shm_size: 8gb\n',
      errors: [{ messageId: 'limits', range: '6:10-6:17' }],
      output: head + '        limits:\n          memory: 32g\n        reservations:\n          devices:\n' + gpu + '    shm_size: 8gb\n',
    },
    {
      name: 'devices last in limits, at the end of the file without a line break',
      code: head + '        limits:\n          memory: 32g\n          devices:\n            - capabilities: [gpu]',
      errors: [{ messageId: 'limits', range: '7:10-7:17' }],
      output: head + '        limits:\n          memory: 32g\n        reservations:\n          devices:\n            - capabilities: [gpu]',
    },
    {
      name: 'merged into an existing reservations, which comes first',
      code: head + '        reservations:\n          memory: 16g\n        limits:\n          memory: 32g\n          devices:\n' + gpu,
      errors: [{ messageId: 'limits', range: '9:10-9:17' }],
      output: head + '        reservations:\n          memory: 16g\n          devices:\n' + gpu + '        limits:\n          memory: 32g\n',
    },
    {
      name: 'limits emptied and removed; reservations indented differently gets the lines re-indented',
      code: head + '        limits:\n          devices:\n' + gpu + '        reservations:\n            memory: 16g\n',
      errors: [{ messageId: 'limits', range: '6:10-6:17' }],
      output: head + '        reservations:\n            memory: 16g\n            devices:\n  ' + gpu.replace(/\n(?=.)/g, '\n  '),
    },
    {
      name: 'an empty reservations key takes the devices one level in',
      code: head + '        reservations:\n        limits:\n          cpus: "8"\n          devices:\n            - {driver: nvidia, count: all, capabilities: [gpu]}\n',
      errors: [{ messageId: 'limits', range: '8:10-8:17' }],
      output: head + '        reservations:\n          devices:\n            - {driver: nvidia, count: all, capabilities: [gpu]}\n        limits:\n          cpus: "8"\n',
    },
    {
      name: 'reservations already has devices: no fix',
      code: head + '        limits:\n          devices:\n' + gpu + '        reservations:\n          devices:\n' + gpu,
      errors: [{ messageId: 'limits', range: '6:10-6:17' }],
      output: null,
    },
    {
      name: 'flow limits: no fix',
      code: head + '        limits: {memory: 32g, devices: [{capabilities: [gpu]}]}\n',
      errors: [{ messageId: 'limits', range: '5:30-5:37' }],
      output: null,
    },
    {
      name: 'limits inherited through a merge key: reported once where written, no fix',
      code:
        'x-limits: &limits\n  memory: 32g\n  devices:\n    - capabilities: [gpu]\n' +
        'services:\n  a:\n    image: x\n    deploy:\n      resources:\n        limits: *limits\n  b:\n    image: y\n    deploy:\n      resources:\n        limits:\n          <<: *limits\n',
      errors: [{ messageId: 'limits', range: '2:2-2:9' }],
      output: null,
    },
    {
      name: 'deploy shared through an anchor: fixed once, in the anchor',
      code: 'x-gpu: &gpu\n  deploy:\n    resources:\n      limits:\n        devices:\n          - capabilities: [gpu]\nservices:\n  a:\n    <<: *gpu\n    image: x\n  b:\n    <<: *gpu\n    image: y\n',
      errors: [{ messageId: 'limits', range: '4:8-4:15' }],
      output: 'x-gpu: &gpu\n  deploy:\n    resources:\n      reservations:\n        devices:\n          - capabilities: [gpu]\nservices:\n  a:\n    <<: *gpu\n    image: x\n  b:\n    <<: *gpu\n    image: y\n',
    },
  ],
});
