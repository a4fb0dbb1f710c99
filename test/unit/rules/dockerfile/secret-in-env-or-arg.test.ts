import { rule } from '../../../../server/src/rules/dockerfile/secret-in-env-or-arg';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11-slim\nRUN --mount=type=secret,id=hf_token,env=HF_TOKEN huggingface-cli download gpt2',
    { name: 'an empty default', code: 'FROM python:3.11-slim\nARG NPM_TOKEN=' },
    { name: 'public keys and tokens, as BuildKit allows', code: 'FROM python:3.11-slim\nARG PUBLIC_KEY\nENV public_token=abc123' },
    { name: 'empty or variable values', code: 'FROM python:3.11-slim\nENV HF_TOKEN="" API_KEY=$API_KEY OPENAI_API_KEY=${OPENAI_API_KEY:-}' },
    { name: 'names that only look secret', code: 'FROM python:3.11-slim\nENV TOKENIZERS_PARALLELISM=false MAX_NEW_TOKENS=512 MAX_TOTAL_TOKENS=4096 GPG_KEY=7169605F62C7' },
    { name: 'variables that hold a path or a setting', code: 'FROM python:3.11-slim\nENV HF_TOKEN_PATH=/run/secrets/hf_token DB_PASSWORD_FILE=/run/secrets/db TOKEN_TTL=3600' },
    { name: 'path values', code: 'FROM python:3.11-slim\nENV GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json' },
    { name: 'switches', code: 'FROM pytorch/torchserve:0.11.0-cpu\nENV TS_DISABLE_TOKEN_AUTHORIZATION=true' },
    { name: 'other instructions', code: 'FROM python:3.11-slim\nLABEL api_key=abc\nRUN echo TOKEN=abc' },
    { name: 'half-typed', code: 'FROM python:3.11-slim\nENV\nARG\nENV HF_TOKEN=' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      name: 'an ARG without a default is given with --build-arg, which the history records (BuildKit reports it too)',
      code: 'FROM python:3.11-slim\nARG HF_TOKEN\nARG auth',
      errors: [
        { messageId: 'argBuildArg', range: '1:4-1:12' },
        { messageId: 'argBuildArg', range: '2:4-2:8' },
      ],
      output: null,
    },
    {
      code: 'FROM python:3.11-slim\nENV HF_TOKEN=hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ',
      errors: [{ messageId: 'env', range: '1:13-1:42' }],
      output: null,
    },
    {
      name: 'legacy ENV form and quoted values',
      code: 'FROM python:3.11-slim\nENV WANDB_API_KEY 0123456789abcdef\nENV DB_PASSWORD="s3cr3t pass"',
      errors: [
        { messageId: 'env', range: '1:18-1:34' },
        { messageId: 'env', range: '2:16-2:29' },
      ],
      output: null,
    },
    {
      name: 'global and stage ARGs, several properties, camelCase',
      code: 'ARG GITHUB_TOKEN=ghp_123\nFROM python:3.11 AS builder\nARG awsSecretAccessKey=abc PIP_INDEX_URL=https://pypi.org/simple\nFROM python:3.11-slim',
      errors: [
        { messageId: 'arg', range: '0:17-0:24' },
        { messageId: 'arg', range: '2:23-2:26' },
      ],
      output: null,
    },
    {
      name: 'lowercase keywords and a continuation line',
      code: 'from python:3.11-slim\nenv MODEL=gpt2 \\\n    hf_token=hf_abc',
      errors: [{ messageId: 'env', range: '2:13-2:19' }],
      output: null,
    },
    {
      name: 'a value that mixes text and a variable is still literal',
      code: 'FROM python:3.11-slim\nENV AUTH_TOKEN=Bearer-$SUFFIX',
      errors: [{ messageId: 'env', range: '1:15-1:29' }],
      output: null,
    },
  ],
});
