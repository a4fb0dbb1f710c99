// A secret passed as a build argument and used by a RUN is written into the image history with that RUN.
import type { Property } from 'dockerfile-ast';
import type { Instr } from '../../dockerfile/model';
import type { DockerfileRule } from '../types';
import { looksSecret } from './secret-in-env-or-arg';

export const rule: DockerfileRule = {
  id: 'secret-arg-in-run',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: false,
  docs: {
    summary: 'A build argument whose name looks secret (token, password, API key) used by a RUN or copied into an ENV of the shipped image.',
    rationale:
      'Build arguments are not secret: the history of the image records every RUN with the values of the build ' +
      'arguments it sees (`docker history --no-trunc` shows `|1 HF_TOKEN=hf_… /bin/sh -c …`), and an ENV that copies ' +
      'one stores it in the image configuration. A token passed with `--build-arg` to download gated weights is then ' +
      'leaked to everyone who pulls the image. Mount it with `RUN --mount=type=secret,id=hf_token,env=HF_TOKEN` and ' +
      'build with `--secret id=hf_token,env=HF_TOKEN`: the value is visible to that RUN only and recorded nowhere. ' +
      'A literal default written in the Dockerfile is reported by `secret-in-env-or-arg` instead.',
    bad: 'FROM python:3.11-slim\nARG HF_TOKEN\nRUN huggingface-cli download --token "$HF_TOKEN" meta-llama/Llama-3.1-8B',
    good: 'FROM python:3.11-slim\nRUN --mount=type=secret,id=hf_token,env=HF_TOKEN \\\n    huggingface-cli download meta-llama/Llama-3.1-8B',
  },
  messages: {
    run: '`{name}` is a build argument, so its value is recorded in the image history with this RUN; pass it with `RUN --mount=type=secret,id={id},env={name}` instead.',
    env: '`{name}` is a build argument copied into an ENV, which stores its value in the image configuration; pass it with `RUN --mount=type=secret` where the build needs it, and at run time with `docker run -e`.',
  },
  check(ctx) {
    const { lines, text } = ctx.model;
    for (const stage of ctx.model.shippedStages) {
      const secrets = new Set<string>();
      for (const instr of stage.instructions) {
        if (instr.keyword === 'ARG') {
          for (const property of properties(instr)) if (looksSecret(property.getName())) secrets.add(property.getName());
          continue;
        }
        if (secrets.size === 0 || (instr.keyword !== 'RUN' && instr.keyword !== 'ENV')) continue;
        const body = text.slice(instr.start, instr.end);
        for (const name of secrets) {
          const found = reference(name).exec(body);
          if (!found) continue;
          const start = instr.start + found.index + found[1].length;
          ctx.report({
            messageId: instr.keyword === 'RUN' ? 'run' : 'env',
            data: { name, id: name.toLowerCase() },
            range: lines.range(start, start + found[0].length - found[1].length),
          });
          break;
        }
      }
    }
  },
};

/** `$NAME` or `${NAME…}`, not preceded by an escaping backslash and not the start of a longer name. */
function reference(name: string): RegExp {
  return new RegExp(`(^|[^\\\\])(\\$${name}(?![A-Za-z0-9_])|\\$\\{${name}(?:[:?+-][^}]*)?\\})`);
}

function properties(instr: Instr): Property[] {
  const node = instr.node as typeof instr.node & { getProperties?: () => Property[] };
  return node.getProperties?.() ?? [];
}
