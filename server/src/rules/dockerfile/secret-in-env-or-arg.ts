// Secrets written into ENV or ARG values are stored in the image and its history, readable by anyone who pulls it.
import type { Property } from 'dockerfile-ast';
import type { DockerfileRule } from '../types';

/** Word sequences of a variable name that mark it as secret (`HF_TOKEN`, `AWS_SECRET_ACCESS_KEY`, `dbPassword`). */
const SECRET = /(?:^|_)(?:\w*password\w*|\w*passwd\w*|pword|\w*token|\w*secret\w*|credentials?|auth|key|api_?key|access_?key|private_?key)(?:_|$)/;
/** Words that mark the value as meant to be seen: `PUBLIC_KEY` (BuildKit allows it too), `GPG_KEY` (a key id that official images set). */
const PUBLIC = /(?:^|_)(?:public|gpg)(?:_|$)/;
/** Last words of names that hold where a secret is, or a setting about it, rather than the secret itself. */
const NOT_SECRET_SUFFIX = /_(?:file|files|path|dir|directory|url|uri|endpoint|name|type|mode|ttl|timeout|length|size|enabled?|disabled?)$/;
/** A value that is only a variable reference: `$HF_TOKEN`, `${HF_TOKEN}`, `${HF_TOKEN:-}`. */
const REFERENCE = /^(?:\$[A-Za-z_][A-Za-z0-9_]*|\$\{[^}]*\})$/;
/** Values that cannot be a secret: an absolute path (to a mounted key file) or a switch. */
const HARMLESS = /^(?:\/[\w./-]*|true|false|yes|no|on|off|[01])$/i;

export const rule: DockerfileRule = {
  id: 'secret-in-env-or-arg',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['SecretsUsedInArgOrEnv'] },
  fixable: false,
  docs: {
    summary: 'An `ENV` or `ARG` whose name looks secret (token, password, API key) given a literal value, or such an `ARG` to be passed with `--build-arg`.',
    rationale:
      'ENV values are part of the image configuration and ARG defaults are recorded in its history: `docker history` ' +
      'or `docker inspect` shows them to anyone who can pull the image, long after the Dockerfile changed. A Hugging ' +
      'Face or cloud token baked in this way is leaked with every push. Pass build-time secrets with ' +
      '`RUN --mount=type=secret` and runtime ones as environment variables of the container.',
    bad: 'FROM python:3.11-slim\nENV HF_TOKEN=hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ\nRUN huggingface-cli download meta-llama/Llama-3.1-8B',
    good: 'FROM python:3.11-slim\nRUN --mount=type=secret,id=hf_token,env=HF_TOKEN \\\n    huggingface-cli download meta-llama/Llama-3.1-8B',
  },
  messages: {
    env: '`{name}` looks like a secret, and ENV values are stored in the image; pass it when the container starts (`docker run -e {name}`) or at build time with `RUN --mount=type=secret`.',
    argBuildArg: '`{name}` looks like a secret, and a value passed with `--build-arg` is recorded in the image history; use `RUN --mount=type=secret` at build time instead.',
    arg: '`{name}` looks like a secret, and ARG values are recorded in the image history; use `RUN --mount=type=secret` at build time instead.',
  },
  check(ctx) {
    for (const instr of ctx.model.instructions) {
      if (instr.keyword !== 'ENV' && instr.keyword !== 'ARG') continue;
      const node = instr.node as typeof instr.node & { getProperties?: () => Property[] };
      for (const property of node.getProperties?.() ?? []) {
        const name = property.getName();
        const value = property.getValue();
        const range = property.getValueRange();
        if (!looksSecret(name)) continue;
        // An ARG without a default is there to be given with `--build-arg`, which records the value in the history.
        if (instr.keyword === 'ARG' && value === null) {
          ctx.report({ messageId: 'argBuildArg', data: { name }, range: property.getNameRange() });
          continue;
        }
        if (!value || !range) continue;
        const trimmed = value.trim();
        if (trimmed === '' || REFERENCE.test(trimmed) || HARMLESS.test(trimmed)) continue;
        ctx.report({ messageId: instr.keyword === 'ENV' ? 'env' : 'arg', data: { name }, range });
      }
    }
  },
};

/** Splits camelCase and separators into snake_case words, then looks for a secret-like word. */
export function looksSecret(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
  return SECRET.test(words) && !NOT_SECRET_SUFFIX.test(words) && !PUBLIC.test(words);
}
