import { rule } from '../../../../server/src/rules/dockerfile/secret-arg-in-run';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a secret mount', code: 'FROM python:3.11-slim\nRUN --mount=type=secret,id=hf_token,env=HF_TOKEN huggingface-cli download org/model' },
    { name: 'an ARG that is not secret', code: 'FROM python:3.11-slim\nARG MODEL_ID\nRUN huggingface-cli download "$MODEL_ID"' },
    { name: 'where the secret is, not the secret', code: 'FROM python:3.11-slim\nARG HF_TOKEN_FILE\nRUN cat "$HF_TOKEN_FILE"' },
    { name: 'a longer name that only starts the same', code: 'FROM python:3.11-slim\nARG HF_TOKEN\nRUN echo $HF_TOKEN_PATH' },
    { name: 'a global ARG not declared again in the stage is not in scope', code: 'ARG HF_TOKEN\nFROM python:3.11-slim\nRUN echo $HF_TOKEN' },
    { name: 'used before it is declared', code: 'FROM python:3.11-slim\nRUN echo $HF_TOKEN\nARG HF_TOKEN' },
    { name: 'an escaped dollar', code: 'FROM python:3.11-slim\nARG API_KEY\nENV HINT=\\$API_KEY' },
    {
      name: 'a builder stage, whose history is not shipped',
      code: 'FROM python:3.11 AS fetch\nARG HF_TOKEN\nRUN huggingface-cli download --token $HF_TOKEN org/model --local-dir /m\nFROM python:3.11-slim\nCOPY --from=fetch /m /m',
    },
  ],
  invalid: [
    {
      code: 'FROM python:3.11-slim\nARG HF_TOKEN\nRUN huggingface-cli download --token "$HF_TOKEN" org/model',
      errors: [{ messageId: 'run', range: '2:38-2:47' }],
      output: null,
    },
    {
      name: 'braced, with a default, on a continuation line; lowercase keywords',
      code: 'from python:3.11-slim\narg GITHUB_TOKEN\nrun pip install \\\n    git+https://${GITHUB_TOKEN:-}@github.com/org/private.git',
      errors: [{ messageId: 'run', range: '3:16-3:33' }],
      output: null,
    },
    {
      name: 'copied into an ENV, then used by a RUN',
      code: 'FROM node:20-alpine\nARG SENTRY_AUTH_TOKEN\nENV SENTRY_AUTH_TOKEN=$SENTRY_AUTH_TOKEN\nRUN npm run build',
      errors: [{ messageId: 'env', range: '2:22-2:40' }],
      output: null,
    },
    {
      name: 'a global ARG declared again in the stage, used in a heredoc',
      code: 'ARG WANDB_API_KEY\nFROM python:3.11-slim\nARG WANDB_API_KEY\nRUN <<EOF\nwandb login $WANDB_API_KEY\nEOF',
      errors: [{ messageId: 'run', range: '4:12-4:26' }],
      output: null,
    },
  ],
});
