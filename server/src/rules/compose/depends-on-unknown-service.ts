// A `depends_on` entry that names no service makes Compose refuse the file: "depends on undefined service".
import { isScalar } from '../../compose/yamlNodes';
import { project, renameEdit, undefinedReferences } from '../../compose/references';
import { valueAt } from '../../compose/yaml';
import type { ComposeRule, Fix } from '../types';

export const rule: ComposeRule = {
  id: 'depends-on-unknown-service',
  kind: 'compose',
  severity: 'error',
  fixable: true,
  docs: {
    summary: '`depends_on` names a service that is not defined.',
    rationale:
      'Compose refuses the whole file when `depends_on` (list or map syntax) names a service that does not exist, so a renamed ' +
      'service or a typo (`postgress`) stops the stack from starting. Services defined in the files Compose loads with this one ' +
      '(the base file of an override, `compose.override.yaml`, `include:`d files) count, and an entry with `required: false` is ' +
      'allowed to be missing. The quick fix picks the closest service name, when one is close.',
    bad:
      'services:\n  api:\n    image: ghcr.io/acme/api:1.4.0\n    depends_on:\n      postgress:\n        condition: service_healthy\n      redis:\n        condition: service_started\n' +
      '  postgres:\n    image: postgres:16-alpine\n  redis:\n    image: redis:7.2-alpine\n',
    good:
      'services:\n  api:\n    image: ghcr.io/acme/api:1.4.0\n    depends_on:\n      postgres:\n        condition: service_healthy\n      redis:\n        condition: service_started\n' +
      '  postgres:\n    image: postgres:16-alpine\n  redis:\n    image: redis:7.2-alpine\n',
    fixSafety: 'unsafe',
  },
  messages: {
    unknown: '`depends_on` names `{name}`, which is not a service of this project.',
    typo: '`depends_on` names `{name}`, which is not a service; did you mean `{suggestion}`?',
  },
  check(ctx) {
    const model = ctx.model;
    for (const u of undefinedReferences(model, 'service', project(model, ctx.path, ctx.files), ['depends_on'])) {
      // `required: false` tolerates a missing service (one that only an optional override file defines).
      const required = u.ref.options ? valueAt(model.doc, u.ref.options, 'required') : undefined;
      if (isScalar(required) && (required.value === false || required.value === 'false')) continue;
      const fixes: Fix[] =
        u.renamable && u.suggestion !== undefined ? [{ title: `Change to \`${u.suggestion}\``, preferred: true, safe: false, edits: [renameEdit(u.ref, u.suggestion)] }] : [];
      ctx.report({
        messageId: u.suggestion === undefined ? 'unknown' : 'typo',
        data: { name: u.ref.name, suggestion: u.suggestion ?? '' },
        range: u.ref.range,
        fixes,
      });
    }
  },
};
