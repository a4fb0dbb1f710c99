// A service that mounts a config no top-level `configs:` declares stops `docker compose up` before
// anything starts: "service refers to undefined config".
import { project, undefinedFixes, undefinedReferences } from '../../compose/references';
import type { ComposeRule } from '../types';

export const rule: ComposeRule = {
  id: 'undefined-config',
  kind: 'compose',
  severity: 'error',
  fixable: true,
  docs: {
    summary: 'A service uses a config that no top-level `configs:` declares.',
    rationale:
      'Compose refuses the whole file when a service names a config that is not declared at top level. ' +
      'Configs declared in the files Compose loads with this one (the base file of an override, `compose.override.yaml`, `include:`d files) count. ' +
      'The quick fix renames a likely typo to the declared config, or else declares the config as `file: ./configs/<name>`, ' +
      'the smallest declaration Compose accepts (a config needs a `file`, `content`, an `environment` variable or `external`); ' +
      'point it at the real file.',
    bad:
      'services:\n  model-server:\n    image: nvcr.io/nvidia/tritonserver:24.05-py3\n    configs:\n      - source: triton_config\n        target: /models/config.pbtxt\n' +
      'configs:\n  triton-config:\n    file: ./triton/config.pbtxt\n',
    good:
      'services:\n  model-server:\n    image: nvcr.io/nvidia/tritonserver:24.05-py3\n    configs:\n      - source: triton-config\n        target: /models/config.pbtxt\n' +
      'configs:\n  triton-config:\n    file: ./triton/config.pbtxt\n',
    fixSafety: 'unsafe',
  },
  messages: {
    undeclared: 'Config `{name}` is not declared under top-level `configs:`; declare it or use a declared config.',
    typo: 'Config `{name}` is not declared; did you mean `{suggestion}`?',
  },
  check(ctx) {
    const proj = project(ctx.model, ctx.path, ctx.files);
    for (const u of undefinedReferences(ctx.model, 'config', proj)) {
      ctx.report({
        messageId: u.typo ? 'typo' : 'undeclared',
        data: { name: u.ref.name, suggestion: u.suggestion ?? '' },
        range: u.ref.range,
        fixes: undefinedFixes(ctx.model, u, 'configs', { file: `./configs/${u.ref.name}` }),
      });
    }
  },
};
