// A service (or its build) that uses a secret no top-level `secrets:` declares stops `docker compose up`
// before anything starts: "service refers to undefined secret".
import { project, undefinedFixes, undefinedReferences } from '../../compose/references';
import type { ComposeRule } from '../types';

export const rule: ComposeRule = {
  id: 'undefined-secret',
  kind: 'compose',
  severity: 'error',
  fixable: true,
  docs: {
    summary: 'A service or its build uses a secret that no top-level `secrets:` declares.',
    rationale:
      'Compose refuses the whole file when a service, or a service\'s `build.secrets`, names a secret that is not declared at top level. ' +
      'Secrets declared in the files Compose loads with this one (the base file of an override, `compose.override.yaml`, `include:`d files) count. ' +
      'The quick fix renames a likely typo to the declared secret, or else declares the secret as `file: ./secrets/<name>.txt`, ' +
      'the smallest declaration Compose accepts (a secret needs a `file`, an `environment` variable or `external`); ' +
      'create that file, kept out of Git, or point the declaration at where the secret really is.',
    bad:
      'services:\n  api:\n    image: ghcr.io/acme/api:1.4.0\n    secrets: [db_pasword]\n  postgres:\n    image: postgres:16-alpine\n    secrets: [db_password]\n' +
      'secrets:\n  db_password:\n    file: ./secrets/db_password.txt\n',
    good:
      'services:\n  api:\n    image: ghcr.io/acme/api:1.4.0\n    secrets: [db_password]\n  postgres:\n    image: postgres:16-alpine\n    secrets: [db_password]\n' +
      'secrets:\n  db_password:\n    file: ./secrets/db_password.txt\n',
    fixSafety: 'unsafe',
  },
  messages: {
    undeclared: 'Secret `{name}` is not declared under top-level `secrets:`; declare it or use a declared secret.',
    typo: 'Secret `{name}` is not declared; did you mean `{suggestion}`?',
  },
  check(ctx) {
    const proj = project(ctx.model, ctx.path, ctx.files);
    for (const u of undefinedReferences(ctx.model, 'secret', proj)) {
      ctx.report({
        messageId: u.typo ? 'typo' : 'undeclared',
        data: { name: u.ref.name, suggestion: u.suggestion ?? '' },
        range: u.ref.range,
        fixes: undefinedFixes(ctx.model, u, 'secrets', { file: `./secrets/${u.ref.name}.txt` }),
      });
    }
  },
};
