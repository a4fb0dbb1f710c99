// A top-level network that no service joins is dead configuration that readers take for part of the topology.
import { project, removeDeclarationEdit } from '../../compose/references';
import type { ComposeRule } from '../types';

export const rule: ComposeRule = {
  id: 'unused-network',
  kind: 'compose',
  severity: 'info',
  fixable: true,
  docs: {
    summary: 'A top-level network that no service joins.',
    rationale:
      'A declared network that no service lists under `networks:` is never created, yet readers take it for part of the topology ' +
      '(an `internal: true` data network that nothing is actually on protects nothing). `external: true` declarations are reported too: ' +
      'no service of the project attaches to them. `default` is never reported, since configuring it applies to every service without `networks:`. ' +
      'Uses in the files Compose loads with this one (overrides, `include:`d files, files that services `extends`) count, and a file without services is not checked. ' +
      'The quick fix removes the declaration; it is not applied by `dockml fix`, because an override file that DockML does not see may use it.',
    bad:
      'services:\n  api:\n    image: ghcr.io/acme/api:1.4.0\n    networks: [public]\n  postgres:\n    image: postgres:16-alpine\n' +
      'networks:\n  public:\n  data:\n    internal: true\n',
    good:
      'services:\n  api:\n    image: ghcr.io/acme/api:1.4.0\n    networks: [public, data]\n  postgres:\n    image: postgres:16-alpine\n    networks: [data]\n' +
      'networks:\n  public:\n  data:\n    internal: true\n',
    fixSafety: 'unsafe',
  },
  messages: {
    unused: 'No service joins network `{name}`; attach a service to it or remove it.',
  },
  check(ctx) {
    const model = ctx.model;
    if (model.services.length === 0) return;
    const proj = project(model, ctx.path, ctx.files);
    for (const declaration of model.declared('networks').values()) {
      if (declaration.merged || declaration.name === 'default' || proj.uses('network', declaration.name)) continue;
      const edit = removeDeclarationEdit(model, 'networks', declaration);
      ctx.report({
        messageId: 'unused',
        data: { name: declaration.name },
        range: declaration.keyRange,
        fixes: edit ? [{ title: `Remove network \`${declaration.name}\``, safe: false, edits: [edit] }] : [],
      });
    }
  },
};
