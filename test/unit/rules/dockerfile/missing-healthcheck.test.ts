import { rule } from '../../../../server/src/rules/dockerfile/missing-healthcheck';
import { ruleTester } from '../../ruleTester';

const PY = `HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python", "-c", "import socket; socket.create_connection(('localhost', 8000), 4)"]`;

ruleTester(rule, {
  valid: [
    { name: 'a Jupyter notebook image, a development environment (docs/roles.md)', code: 'FROM jupyter/base-notebook:2021-10-18\nEXPOSE 8888' },
    { name: 'a dev container', path: '.devcontainer/Dockerfile', code: 'FROM python:3.11-slim\nEXPOSE 8000' },
    { name: 'a development image', path: 'Dockerfile.dev', code: 'FROM python:3.11-slim\nEXPOSE 8000\nCMD ["python", "manage.py", "runserver"]' },
    { name: 'a training image with a rendezvous port', code: 'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nEXPOSE 29500\nCMD ["torchrun", "--nproc-per-node=8", "train.py"]' },
    `FROM python:3.11-slim\nEXPOSE 8000\n${PY}\nCMD ["python", "serve.py"]`,
    { name: 'HEALTHCHECK NONE is a deliberate choice', code: 'FROM python:3.11-slim\nEXPOSE 8000\nHEALTHCHECK NONE\nCMD ["python", "serve.py"]' },
    { name: 'no port exposed', code: 'FROM python:3.11-slim\nCMD ["python", "train.py"]' },
    { name: 'only sshd for multi-node launches', code: 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-server\nEXPOSE 22\nCMD ["/usr/sbin/sshd", "-D"]' },
    { name: 'EXPOSE in a builder stage only', code: 'FROM python:3.11 AS dev\nEXPOSE 8888\nFROM python:3.11-slim\nCMD ["python", "train.py"]' },
    { name: 'a HEALTHCHECK in the parent stage', code: 'FROM python:3.11-slim AS base\nHEALTHCHECK CMD curl -f http://localhost:8000/health\nFROM base\nEXPOSE 8000' },
    {
      name: 'the Compose service that builds the image probes it with its own healthcheck:',
      code: 'FROM python:3.11-slim\nEXPOSE 8000\nCMD ["python", "serve.py"]',
      builders: [{ composeFile: 'compose.yaml', contextDir: '.', service: 'api', gpu: false, healthcheck: true }],
    },
    {
      name: 'the probing service builds the final stage by name',
      code: 'FROM python:3.11 AS build\nRUN pip wheel -w /w .\nFROM python:3.11-slim AS serve\nEXPOSE 8000\nCMD ["python", "serve.py"]',
      builders: [{ composeFile: 'compose.yaml', contextDir: '.', service: 'api', target: 'Serve', gpu: false, healthcheck: true }],
    },
    { name: 'a Jupyter notebook image inherits its HEALTHCHECK', code: 'FROM quay.io/jupyter/scipy-notebook:2024-05-27\nRUN pip install --no-cache-dir dask\nEXPOSE 8787' },
    {
      name: 'the Jupyter parent chosen by build arguments',
      code: 'ARG REGISTRY=quay.io\nARG OWNER=jupyter\nARG BASE_IMAGE=$REGISTRY/$OWNER/pyspark-notebook\nFROM $BASE_IMAGE\nEXPOSE 4040',
    },
    { name: 'half-typed', code: 'FROM python:3.11-slim\nEXPOSE\nCMD' },
    { name: 'no FROM', code: 'EXPOSE 8000' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      name: "Jupyter's foundation image has no HEALTHCHECK",
      code: 'FROM quay.io/jupyter/docker-stacks-foundation:2024-05-27\nEXPOSE 8888',
      errors: [{ messageId: 'missingNoProbe', range: '1:7-1:11' }],
      output: null,
    },
    {
      name: 'the Compose service builds the image but declares no healthcheck:',
      code: 'FROM python:3.11-slim\nEXPOSE 8000\nCMD ["python", "serve.py"]',
      builders: [{ composeFile: 'compose.yaml', contextDir: '.', service: 'api', gpu: false }],
      errors: [{ messageId: 'missing', range: '1:7-1:11' }],
      output: `FROM python:3.11-slim\nEXPOSE 8000\n${PY}\nCMD ["python", "serve.py"]`,
    },
    {
      name: 'the service with a healthcheck: builds another stage, not the shipped one',
      code: 'FROM python:3.11-slim AS debug\nEXPOSE 5678\nFROM python:3.11-slim\nEXPOSE 8000\nCMD ["python", "serve.py"]',
      builders: [{ composeFile: 'compose.yaml', contextDir: '.', service: 'debug', target: 'debug', gpu: false, healthcheck: true }],
      errors: [{ messageId: 'missing', range: '3:7-3:11' }],
      output: `FROM python:3.11-slim AS debug\nEXPOSE 5678\nFROM python:3.11-slim\nEXPOSE 8000\n${PY}\nCMD ["python", "serve.py"]`,
    },
    {
      name: 'sshd beside a served port: the report goes on the served one',
      code: 'FROM python:3.11-slim\nEXPOSE 22 8000\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'missing', range: '1:10-1:14' }],
      output: `FROM python:3.11-slim\nEXPOSE 22 8000\n${PY}\nCMD ["python", "serve.py"]`,
    },
    {
      name: 'a stage named like a base image that runs a server is a service',
      code: 'FROM python:3.11-slim AS base_build\nEXPOSE 8000\nENTRYPOINT ["python", "serve.py"]',
      errors: [{ messageId: 'missing', range: '1:7-1:11' }],
      output: 'FROM python:3.11-slim AS base_build\nEXPOSE 8000\nHEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python", "-c", "import socket; socket.create_connection((\'localhost\', 8000), 4)"]\nENTRYPOINT ["python", "serve.py"]',
    },
    {
      code: 'FROM python:3.11-slim\nCOPY serve.py .\nEXPOSE 8000\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'missing', range: '2:7-2:11' }],
      output: `FROM python:3.11-slim\nCOPY serve.py .\nEXPOSE 8000\n${PY}\nCMD ["python", "serve.py"]`,
    },
    {
      name: 'PyTorch image, /tcp suffix, lowercase keywords, above the comments of the CMD',
      code: 'from pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nexpose 7860/tcp\n\n# dockml-ignore shell-form-cmd\ncmd python app.py',
      errors: [{ messageId: 'missing', range: '1:7-1:15' }],
      output:
        'from pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nexpose 7860/tcp\n\n' +
        `healthcheck --interval=30s --timeout=5s --start-period=30s --retries=3 cmd ["python3", "-c", "import socket; socket.create_connection(('localhost', 7860), 4)"]\n` +
        '# dockml-ignore shell-form-cmd\ncmd python app.py',
    },
    {
      name: 'Node image, no CMD: at the end of the stage',
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 3000',
      errors: [{ messageId: 'missing', range: '3:7-3:11' }],
      output:
        'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\n' +
        `HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "-e", "require('net').connect(3000, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))"]`,
    },
    {
      name: 'Ubuntu that installs python3, ENTRYPOINT before CMD, continuation lines',
      code: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    python3 python3-pip\nEXPOSE 8080\nENTRYPOINT ["python3", "-m", "server"]\nCMD ["--port", "8080"]\n',
      errors: [{ messageId: 'missing', range: '3:7-3:11' }],
      output:
        'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    python3 python3-pip\nEXPOSE 8080\n' +
        `HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python3", "-c", "import socket; socket.create_connection(('localhost', 8080), 4)"]\n` +
        'ENTRYPOINT ["python3", "-m", "server"]\nCMD ["--port", "8080"]\n',
    },
    {
      name: 'a multi-stage file: EXPOSE in the parent of the shipped stage, a UDP port skipped, ARG-resolved base',
      code: 'ARG BASE=python:3.11-slim\nFROM ${BASE} AS base\nEXPOSE 9000/udp 8000\nFROM base\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'missing', range: '2:16-2:20' }],
      output: `ARG BASE=python:3.11-slim\nFROM \${BASE} AS base\nEXPOSE 9000/udp 8000\nFROM base\n${PY}\nCMD ["python", "serve.py"]`,
    },
    {
      name: 'no interpreter known to be in the image: no fix',
      code: 'FROM ubuntu:22.04\nCOPY server /usr/local/bin/\nEXPOSE 8080\nCMD ["server"]',
      errors: [{ messageId: 'missingNoProbe', range: '2:7-2:11' }],
      output: null,
    },
    {
      name: 'python3 only installed to build, then removed: no fix',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps python3 gcc && make && apk del .build-deps\nEXPOSE 8080\nCMD ["server"]',
      errors: [{ messageId: 'missingNoProbe', range: '2:7-2:11' }],
      output: null,
    },
    {
      name: 'a heredoc still being typed at the end of the stage: no fix, which it would swallow',
      code: 'FROM python:3.11-slim\nEXPOSE 8000\nRUN <<EOF\napt-get upd',
      errors: [{ messageId: 'missing', range: '1:7-1:11' }],
      output: null,
    },
    {
      name: 'a port given by a variable: no fix',
      code: 'FROM python:3.11-slim\nARG PORT=8000\nEXPOSE $PORT\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'missingNoProbe', range: '2:7-2:12' }],
      output: null,
    },
  ],
});
