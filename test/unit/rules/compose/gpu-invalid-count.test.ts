import { rule } from '../../../../server/src/rules/compose/gpu-invalid-count';
import { ruleTester } from '../../ruleTester';

const head = 'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    deploy:\n      resources:\n        reservations:\n          devices:\n';
const entry = (count: string) => `${head}            - driver: nvidia\n              count: ${count}\n              capabilities: [gpu]\n`;

ruleTester(rule, {
  valid: [
    entry('1'),
    entry('8'),
    entry('all'),
    { name: '`all` in any case', code: entry('ALL') },
    { name: 'a quoted number is parsed by Compose', code: entry('"2"') },
    { name: 'quoted all', code: entry("'all'") },
    { name: 'interpolation', code: entry('${GPU_COUNT:-1}') },
    { name: 'interpolation without default', code: entry('$GPU_COUNT') },
    { name: 'no count: every GPU', code: head + '            - capabilities: [gpu]\n' },
    { name: 'gpus: all', code: 'services:\n  a:\n    image: x\n    gpus: all\n' },
    { name: 'gpus list with a count', code: 'services:\n  a:\n    image: x\n    gpus:\n      - count: 2\n' },
    { name: 'interpolated gpus', code: 'services:\n  a:\n    image: x\n    gpus: ${GPUS}\n' },
    { name: 'count of something else', code: 'services:\n  a:\n    image: x\n    deploy:\n      replicas: 0\n      labels:\n        count: "0"\n' },
    { name: 'count from an alias', code: 'x-n: &n 2\n' + entry('*n') },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    gpus:',
  ],
  invalid: [
    { code: entry('0'), errors: [{ messageId: 'zero', range: '8:21-8:22' }], output: null },
    { name: 'quoted zero', code: entry('"0"'), errors: [{ messageId: 'zero', range: '8:21-8:24' }], output: null },
    { code: entry('-1'), errors: [{ messageId: 'negative', range: '8:21-8:23' }], output: null },
    { name: 'a fraction', code: entry('1.5'), errors: [{ messageId: 'invalid', range: '8:21-8:24' }], output: null },
    { name: 'a float that looks whole is still a float to Compose', code: entry('1.0'), errors: [{ messageId: 'invalid', range: '8:21-8:24' }], output: null },
    { name: 'a word', code: entry('two'), errors: [{ messageId: 'invalid', range: '8:21-8:24' }], output: null },
    { name: 'a quoted number with spaces', code: entry('" 2"'), errors: [{ messageId: 'invalid', range: '8:21-8:25' }], output: null },
    { name: 'a boolean', code: entry('true'), errors: [{ messageId: 'invalid', range: '8:21-8:25' }], output: null },
    { name: 'a mapping', code: entry('{n: 1}'), errors: [{ messageId: 'notScalar', range: '8:21-8:27' }], output: null },
    { name: 'no value', code: head + '            - driver: nvidia\n              count:\n              capabilities: [gpu]\n', errors: [{ messageId: 'empty', range: '8:14-8:19' }], output: null },
    {
      name: 'flow entry',
      code: head + '            - {driver: nvidia, count: 0, capabilities: [gpu]}\n',
      errors: [{ messageId: 'zero', range: '7:38-7:39' }],
      output: null,
    },
    {
      name: 'a gpus: list item',
      code: 'services:\n  a:\n    image: x\n    gpus:\n      - driver: nvidia\n        count: half\n',
      errors: [{ messageId: 'invalid', range: '5:15-5:19' }],
      output: null,
    },
    {
      name: 'gpus: 2, as in docker run --gpus 2',
      code: 'services:\n  a:\n    image: x\n    gpus: 2\n',
      errors: [{ messageId: 'gpusValue', range: '3:10-3:11' }],
      output: null,
    },
    {
      name: 'gpus: device=0',
      code: 'services:\n  a:\n    image: x\n    gpus: "device=0"\n',
      errors: [{ messageId: 'gpusValue', range: '3:10-3:20' }],
      output: null,
    },
    {
      name: 'gpus: as a mapping instead of a list',
      code: 'services:\n  a:\n    image: x\n    gpus:\n      driver: nvidia\n      count: 1\n',
      errors: [{ messageId: 'gpusMapping', range: '3:4-3:8' }],
      output: null,
    },
    {
      name: 'a count shared through a merge key is reported once, where it is written',
      code: 'x-gpu: &gpu\n  driver: nvidia\n  count: 0\n  capabilities: [gpu]\n' + head + '            - <<: *gpu\n            - <<: *gpu\n',
      errors: [{ messageId: 'zero', range: '2:9-2:10' }],
      output: null,
    },
  ],
});
