// A GPU `count` must be a positive integer or `all`: Compose rejects fractions and words, and 0 or -1 do not mean what they seem.
import { isMap, isScalar } from '../../compose/yamlNodes';
import { deviceRequests, readCount, serviceEntries } from '../../compose/gpu';
import { resolve, text } from '../../compose/yaml';
import type { ComposeRule } from '../types';

export const rule: ComposeRule = {
  id: 'gpu-invalid-count',
  kind: 'compose',
  severity: 'error',
  fixable: false,
  docs: {
    summary: 'A GPU `count` that is not a positive integer or `all`, or a `gpus:` value that is not `all` or a list.',
    rationale:
      'Compose reads `count` as an integer or as `all` (in any case; a quoted `"2"` is fine). A fraction such as `1.5`, a ' +
      'word such as `two` or an empty value makes `docker compose` refuse the file. `count: 0` loads but reserves no GPU, ' +
      'and a negative count is silently read as `all`. The `gpus:` attribute takes only `all` or a list of device ' +
      'requests: `gpus: 2`, as written for `docker run --gpus 2`, and a single request written as a mapping are rejected. ' +
      'Interpolated values such as `${GPU_COUNT:-1}` are left alone, since only Compose knows them.',
    bad:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    shm_size: 8gb\n    deploy:\n      resources:\n' +
      '        reservations:\n          devices:\n            - driver: nvidia\n              count: 0.5\n              capabilities: [gpu]\n',
    good:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    shm_size: 8gb\n    deploy:\n      resources:\n' +
      '        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n',
  },
  messages: {
    zero: '`count: 0` reserves no GPU; set a positive number or `all`, or remove the reservation.',
    negative: '`count: {value}` is read as `all`; write `all` or a positive number.',
    invalid: '`count: {value}` is not a GPU count Compose accepts; use a positive integer or `all`.',
    empty: '`count` has no value, which Compose rejects; use a positive integer or `all`.',
    notScalar: '`count` must be a positive integer or `all`, not a mapping or a list.',
    gpusValue: '`gpus: {value}` is not valid; Compose accepts `gpus: all` or a list such as `- count: 1`.',
    gpusMapping: '`gpus` takes `all` or a list of device requests, not a mapping; make this mapping an item of a list.',
  },
  check(ctx) {
    const { model } = ctx;
    const seen = new Set<object>();
    for (const service of model.services) {
      for (const device of deviceRequests(model, service)) {
        const count = device.fields.get('count');
        if (!count || seen.has(count.pair)) continue;
        seen.add(count.pair);
        const reading = readCount(model, count.value);
        if (!reading.problem) continue;
        const empty = reading.text === '';
        const scalar = isScalar(resolve(model.doc, count.value));
        ctx.report({
          messageId: empty ? 'empty' : !scalar ? 'notScalar' : reading.problem,
          data: { value: reading.text },
          range: model.rangeOf(empty ? count.keyNode : (resolve(model.doc, count.value) ?? count.keyNode))!,
        });
      }
      const gpus = serviceEntries(model, service).get('gpus');
      const value = resolve(model.doc, gpus?.value);
      if (!gpus || seen.has(gpus.pair)) continue;
      seen.add(gpus.pair);
      if (isMap(value)) {
        ctx.report({ messageId: 'gpusMapping', range: model.rangeOf(gpus.keyNode)! });
        continue;
      }
      if (!isScalar(value) || value.value === null) continue;
      const written = text(model.doc, value)!;
      if (written === 'all' || written.includes('$')) continue;
      ctx.report({ messageId: 'gpusValue', data: { value: written }, range: model.rangeOf(value)! });
    }
  },
};
