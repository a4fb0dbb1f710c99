// `count` and `device_ids` are exclusive in a GPU request: Compose refuses a file that sets both.
import type { YAMLMap } from '../../compose/yamlNodes';
import { deviceRequests, removePair } from '../../compose/gpu';
import type { ComposeRule } from '../types';

export const rule: ComposeRule = {
  id: 'gpu-count-with-device-ids',
  kind: 'compose',
  severity: 'error',
  fixable: true,
  docs: {
    summary: 'A device reservation or `gpus:` item that sets both `count` and `device_ids`, which Compose rejects.',
    rationale:
      '`count` asks for any N GPUs, `device_ids` for particular ones; the Compose Specification makes them exclusive and ' +
      '`docker compose` stops with `"count" and "device_ids" attributes are exclusive`. With `device_ids`, the number of GPUs is ' +
      'the number of ids, so `count` adds nothing: remove it.',
    bad:
      'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    ipc: host\n    deploy:\n      resources:\n        reservations:\n' +
      '          devices:\n            - driver: nvidia\n              count: 2\n              device_ids: ["0", "1"]\n              capabilities: [gpu]\n',
    good:
      'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    ipc: host\n    deploy:\n      resources:\n        reservations:\n' +
      '          devices:\n            - driver: nvidia\n              device_ids: ["0", "1"]\n              capabilities: [gpu]\n',
    fixSafety: 'unsafe',
  },
  messages: {
    exclusive: '`count` and `device_ids` are exclusive and Compose rejects both; remove `count`, the ids already say which GPUs.',
  },
  check(ctx) {
    const seen = new Set<YAMLMap>();
    // A tree with syntax errors is partial: edits computed from it could break the file further.
    const editable = ctx.model.syntaxErrors.length === 0;
    for (const service of ctx.model.services) {
      for (const device of deviceRequests(ctx.model, service)) {
        const count = device.fields.get('count');
        const ids = device.fields.get('device_ids');
        if (!count || !ids || seen.has(device.map)) continue;
        seen.add(device.map);
        // A `count` inherited through a merge key is shared with other entries: report it where the ids are, unfixed.
        const edit = count.merged || !editable ? undefined : removePair(ctx.model, device.map, count.pair);
        const at = count.merged && !ids.merged ? ids.keyNode : count.keyNode;
        ctx.report({
          messageId: 'exclusive',
          range: ctx.model.rangeOf(at)!,
          fixes: edit ? [{ title: 'Remove `count`', preferred: true, safe: false, edits: [edit] }] : [],
        });
      }
    }
  },
};
