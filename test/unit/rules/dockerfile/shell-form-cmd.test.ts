import { rule } from '../../../../server/src/rules/dockerfile/shell-form-cmd';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM python:3.11-slim\nCMD ["python", "serve.py"]',
    'FROM python:3.11-slim\nENTRYPOINT ["tini", "--"]\nCMD ["uvicorn", "app:app"]',
    {
      name: 'dumb-init signals the whole process group, so the shell does not swallow SIGTERM',
      code: 'FROM node:20-slim\nENTRYPOINT ["dumb-init", "--", "./entrypoint.sh"]\nCMD if [ -n "$TRACE" ]; then node --import tracer server.js; else node server.js; fi',
    },
    { name: 'exec hands PID 1 to the server', code: 'FROM python:3.11-slim\nCMD exec uvicorn app:app --port "$PORT"' },
    {
      name: 'under a SHELL (here inherited from the parent stage), as BuildKit does',
      code: 'FROM continuumio/miniconda3:24.1.2-0 AS base\nSHELL ["conda", "run", "-n", "ml", "/bin/bash", "-c"]\nFROM base\nCMD python serve.py',
    },
    { name: 'a builder stage may use the shell form', code: 'FROM python:3.11 AS test\nCMD pytest -q\nFROM python:3.11-slim\nCMD ["python", "serve.py"]' },
    { name: 'an overridden CMD does not take effect', code: 'FROM python:3.11-slim\nCMD python old.py\nCMD ["python", "serve.py"]' },
    { name: 'a parent stage CMD overridden in the final stage', code: 'FROM python:3.11-slim AS base\nCMD python serve.py\nFROM base\nCMD ["python", "serve.py"]' },
    { name: 'half-typed', code: 'FROM python:3.11-slim\nCMD\nENTRYPOINT' },
    { name: 'no FROM', code: 'CMD python serve.py' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      name: 'dumb-init in single-child mode signals only the shell',
      code: 'FROM node:20-slim\nENTRYPOINT ["dumb-init", "--single-child", "--"]\nCMD node server.js',
      errors: [{ messageId: 'execForm', range: '2:4-2:18' }],
      output: 'FROM node:20-slim\nENTRYPOINT ["dumb-init", "--single-child", "--"]\nCMD ["node", "server.js"]',
      safe: false,
    },
    {
      code: 'FROM python:3.11-slim\nCMD python serve.py --port 8000',
      errors: [{ messageId: 'execForm', range: '1:4-1:31' }],
      output: 'FROM python:3.11-slim\nCMD ["python", "serve.py", "--port", "8000"]',
      safe: true,
    },
    {
      name: 'quotes are kept correct in JSON',
      code: 'FROM python:3.11-slim\nENTRYPOINT python -c \'print("ready")\' "a b"',
      errors: [{ messageId: 'execForm', range: '1:11-1:43' }],
      output: 'FROM python:3.11-slim\nENTRYPOINT ["python", "-c", "print(\\"ready\\")", "a b"]',
      // An exec-form ENTRYPOINT receives CMD and `docker run` arguments, which the shell form ignored.
      safe: false,
    },
    {
      name: 'line continuations and a comment line inside them, lowercase keyword',
      code: 'from pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\ncmd torchrun --nproc-per-node 2 \\\n# two GPUs\n    train.py',
      errors: [{ messageId: 'execForm', range: '1:4-3:12' }],
      output: 'from pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\ncmd ["torchrun", "--nproc-per-node", "2", "train.py"]',
      safe: true,
    },
    {
      name: 'in the shipped stage of a multi-stage file, from an ARG-resolved base',
      code: 'ARG BASE=python:3.11-slim\nFROM python:3.11 AS builder\nRUN pip wheel -w /w torch\nFROM ${BASE}\nCOPY --from=builder /w /w\nCMD gunicorn -b 0.0.0.0:8000 app:app',
      errors: [{ messageId: 'execForm', range: '5:4-5:36' }],
      output: 'ARG BASE=python:3.11-slim\nFROM python:3.11 AS builder\nRUN pip wheel -w /w torch\nFROM ${BASE}\nCOPY --from=builder /w /w\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]',
      safe: true,
    },
    {
      name: 'the effective CMD of a parent stage',
      code: 'FROM python:3.11-slim AS base\nCMD python serve.py\nFROM base\nENV MODEL=/models',
      errors: [{ messageId: 'execForm', range: '1:4-1:19' }],
      output: 'FROM python:3.11-slim AS base\nCMD ["python", "serve.py"]\nFROM base\nENV MODEL=/models',
      safe: true,
    },
    {
      name: 'a CMD passed to an ENTRYPOINT: unsafe, the ENTRYPOINT would get other arguments',
      code: 'FROM python:3.11-slim\nENTRYPOINT ["/entrypoint.sh"]\nCMD python serve.py',
      errors: [{ messageId: 'execForm', range: '2:4-2:19' }],
      output: 'FROM python:3.11-slim\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["python", "serve.py"]',
      safe: false,
    },
    {
      name: 'variables, operators, redirections and assignments need a shell: no fix',
      code: 'FROM python:3.11-slim\nENTRYPOINT ./migrate.sh && python serve.py\nCMD uvicorn app:app --port $PORT > /var/log/app.log',
      errors: [
        { messageId: 'needsShell', range: '1:11-1:42' },
        { messageId: 'needsShell', range: '2:4-2:51' },
      ],
      output: null,
    },
    {
      name: 'an environment assignment before the command',
      code: 'FROM python:3.11-slim\nCMD MODEL_DIR=/models python serve.py',
      errors: [{ messageId: 'needsShell', range: '1:4-1:37' }],
      output: null,
    },
    {
      name: 'a double-quoted variable',
      code: 'FROM node:20-slim\nCMD node "$APP_HOME/server.js"',
      errors: [{ messageId: 'needsShell', range: '1:4-1:30' }],
      output: null,
    },
    {
      name: 'a glob',
      code: 'FROM python:3.11-slim\nCMD python -m pytest tests/*.py',
      errors: [{ messageId: 'needsShell', range: '1:4-1:31' }],
      output: null,
    },
  ],
});
