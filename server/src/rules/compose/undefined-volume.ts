// A service that mounts a named volume no top-level `volumes:` declares stops `docker compose up`
// before anything starts: "service refers to undefined volume".
import { project, undefinedFixes, undefinedReferences } from '../../compose/references';
import type { ComposeRule } from '../types';

export const rule: ComposeRule = {
  id: 'undefined-volume',
  kind: 'compose',
  severity: 'error',
  fixable: true,
  docs: {
    summary: 'A service mounts a named volume that no top-level `volumes:` declares.',
    rationale:
      'In `models:/models` (or `type: volume` with `source: models`) the source is a named volume, and Compose refuses the whole file ' +
      'when it is not declared at top level. A source that starts with `.`, `/` or `~` is a folder of the host instead, so `data/raw:/data` ' +
      'is read as a volume named `data/raw`, which cannot exist: write `./data/raw`. ' +
      'Volumes declared in the files Compose loads with this one (the base file of an override, `compose.override.yaml`, `include:`d files) count. ' +
      'The quick fix renames a likely typo to the declared volume, or else declares the volume under `volumes:`.',
    bad:
      'services:\n  model-server:\n    image: vllm/vllm-openai:v0.5.4\n    volumes:\n      - hf-cache:/root/.cache/huggingface\n      - checkpoints:/checkpoints\n' +
      'volumes:\n  hf-cache:\n',
    good:
      'services:\n  model-server:\n    image: vllm/vllm-openai:v0.5.4\n    volumes:\n      - hf-cache:/root/.cache/huggingface\n      - checkpoints:/checkpoints\n' +
      'volumes:\n  hf-cache:\n  checkpoints:\n',
    fixSafety: 'unsafe',
  },
  messages: {
    undeclared: 'Volume `{name}` is not declared under top-level `volumes:`; declare it or use a declared volume.',
    typo: 'Volume `{name}` is not declared; did you mean `{suggestion}`?',
    path: '`{name}` is read as a volume name; write `./{name}` to mount the folder next to the Compose file.',
  },
  check(ctx) {
    const proj = project(ctx.model, ctx.path, ctx.files);
    for (const u of undefinedReferences(ctx.model, 'volume', proj)) {
      const { ref } = u;
      if (ref.name.includes('/') && ref.syntax === 'short') {
        const start = ref.range.start;
        ctx.report({
          messageId: 'path',
          data: { name: ref.name },
          range: ref.range,
          fixes: [{ title: `Mount the folder \`./${ref.name}\``, preferred: true, safe: false, edits: [{ range: { start, end: start }, newText: './' }] }],
        });
        continue;
      }
      ctx.report({
        messageId: u.typo ? 'typo' : 'undeclared',
        data: { name: ref.name, suggestion: u.suggestion ?? '' },
        range: ref.range,
        fixes: undefinedFixes(ctx.model, u, 'volumes'),
      });
    }
  },
};
