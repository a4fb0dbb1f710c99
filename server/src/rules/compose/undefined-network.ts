// A service that joins a network no top-level `networks:` declares stops `docker compose up` before
// anything starts: "service refers to undefined network".
import { project, undefinedFixes, undefinedReferences } from '../../compose/references';
import type { ComposeRule } from '../types';

export const rule: ComposeRule = {
  id: 'undefined-network',
  kind: 'compose',
  severity: 'error',
  fixable: true,
  docs: {
    summary: 'A service joins a network that no top-level `networks:` declares.',
    rationale:
      'Compose refuses the whole file when a service lists a network that is not declared at top level (only `default` exists ' +
      'without a declaration), so a typo in an internal data network name takes the model server, the API and the database down together. ' +
      'Networks declared in the files Compose loads with this one (the base file of an override, `compose.override.yaml`, `include:`d files) count. ' +
      'The quick fix renames a likely typo to the declared network, or else declares the network under `networks:`.',
    bad:
      'services:\n  api:\n    image: ghcr.io/acme/api:1.4.0\n    networks: [public, data]\n  redis:\n    image: redis:7.2-alpine\n    networks: [dta]\n' +
      'networks:\n  public:\n  data:\n    internal: true\n',
    good:
      'services:\n  api:\n    image: ghcr.io/acme/api:1.4.0\n    networks: [public, data]\n  redis:\n    image: redis:7.2-alpine\n    networks: [data]\n' +
      'networks:\n  public:\n  data:\n    internal: true\n',
    fixSafety: 'unsafe',
  },
  messages: {
    undeclared: 'Network `{name}` is not declared under top-level `networks:`; declare it or use a declared network.',
    typo: 'Network `{name}` is not declared; did you mean `{suggestion}`?',
  },
  check(ctx) {
    const proj = project(ctx.model, ctx.path, ctx.files);
    // A builder's `network:` may name an engine network outside the project, so only service networks count.
    for (const u of undefinedReferences(ctx.model, 'network', proj, ['networks'])) {
      ctx.report({
        messageId: u.typo ? 'typo' : 'undeclared',
        data: { name: u.ref.name, suggestion: u.suggestion ?? '' },
        range: u.ref.range,
        fixes: undefinedFixes(ctx.model, u, 'networks'),
      });
    }
  },
};
