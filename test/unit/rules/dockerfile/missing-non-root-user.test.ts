import { rule } from '../../../../server/src/rules/dockerfile/missing-non-root-user';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a dev container', path: '.devcontainer/Dockerfile', code: 'FROM mcr.microsoft.com/devcontainers/python:3.11\nRUN pip install ruff' },
    { name: 'a base image for other images', path: 'docker/Dockerfile.base', code: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch' },
    { name: 'a FROM scratch export stage', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM scratch\nCOPY --from=build /out/app /' },
    { name: 'the Compose service sets a non-root user', code: 'FROM python:3.11-slim\nCMD ["python", "serve.py"]', builders: [{ composeFile: 'compose.yaml', contextDir: '.', service: 'api', user: '1000:1000', gpu: false }] },
    'FROM python:3.11-slim\nRUN useradd --create-home app\nUSER app\nCMD ["python", "serve.py"]',
    { name: 'numeric user', code: 'FROM python:3.11-slim\nUSER 10001:10001' },
    { name: 'root only while installing', code: 'FROM python:3.11-slim\nUSER root\nRUN apt-get update\nUSER 1000\nCMD ["python"]' },
    { name: 'user inherited through FROM <stage>', code: 'FROM python:3.11-slim AS base\nUSER app\nFROM base\nCMD ["python"]' },
    { name: 'builder stages may run as root', code: 'FROM python:3.11 AS builder\nRUN pip wheel --wheel-dir /wheels torch\nFROM gcr.io/distroless/python3-debian12:nonroot\nCOPY --from=builder /wheels /wheels' },
    { name: 'Chainguard images run as non-root', code: 'FROM cgr.dev/chainguard/python:latest\nCOPY app.py /app/' },
    { name: 'Jupyter images run as jovyan', code: 'FROM quay.io/jupyter/pytorch-notebook:2024-05-27\nRUN pip install --no-cache-dir lightning' },
    { name: 'base image chosen by a build argument', code: 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCMD ["python"]' },
    { name: 'USER from a variable', code: 'FROM python:3.11-slim\nUSER ${APP_UID}' },
    { name: 'entrypoint steps down with gosu', code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gosu\nENTRYPOINT ["docker-entrypoint.sh"]' },
    { name: 'Windows containers', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["python"]' },
    { name: 'half-typed', code: 'FROM' },
    { name: 'half-typed USER', code: 'FROM python:3.11-slim\nUSER app\nUSER' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      name: 'the Compose service sets root as its user',
      code: 'FROM python:3.11-slim\nCMD ["python", "serve.py"]',
      builders: [{ composeFile: 'compose.yaml', contextDir: '.', service: 'api', user: 'root', gpu: false }],
      errors: [{ messageId: 'noUser', range: '0:5-0:21' }],
      output: 'FROM python:3.11-slim\nRUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app\nUSER app\nCMD ["python", "serve.py"]',
    },
    {
      name: 'one of two Compose services runs the image as the image user',
      code: 'FROM python:3.11-slim\nCMD ["python", "serve.py"]',
      builders: [{ composeFile: 'compose.yaml', contextDir: '.', service: 'api', user: '1000', gpu: false }, { composeFile: 'compose.yaml', contextDir: '.', service: 'worker', gpu: false }],
      errors: [{ messageId: 'noUser', range: '0:5-0:21' }],
      output: 'FROM python:3.11-slim\nRUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app\nUSER app\nCMD ["python", "serve.py"]',
    },
    {
      name: 'a stage named like a base image that runs a server is a service',
      code: 'FROM python:3.11-slim AS base_build\nENTRYPOINT ["python", "serve.py"]',
      errors: [{ messageId: 'noUser', range: '0:5-0:21' }],
      output: 'FROM python:3.11-slim AS base_build\nRUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app\nUSER app\nENTRYPOINT ["python", "serve.py"]',
    },
    {
      name: 'Debian-based image: useradd before CMD',
      code: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir vllm\nCMD ["python", "-m", "vllm.entrypoints.openai.api_server"]',
      errors: [{ messageId: 'noUser', range: '0:5-0:21' }],
      output:
        'FROM python:3.11-slim\nRUN pip install --no-cache-dir vllm\n' +
        'RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app\nUSER app\n' +
        'CMD ["python", "-m", "vllm.entrypoints.openai.api_server"]',
    },
    {
      name: 'Alpine image without CMD: at the end of the file',
      code: 'FROM python:3.11-alpine\nRUN pip install --no-cache-dir onnxruntime\n',
      errors: [{ messageId: 'noUser', range: '0:5-0:23' }],
      output: 'FROM python:3.11-alpine\nRUN pip install --no-cache-dir onnxruntime\nRUN adduser -D -u 10001 app\nUSER app\n',
    },
    {
      name: 'scratch: a numeric user, after the multi-stage build',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /server .\nFROM scratch\nCOPY --from=build /server /server\nENTRYPOINT ["/server"]',
      errors: [{ messageId: 'noUser', range: '2:5-2:12' }],
      output: 'FROM golang:1.22 AS build\nRUN go build -o /server .\nFROM scratch\nCOPY --from=build /server /server\nUSER 10001:10001\nENTRYPOINT ["/server"]',
    },
    {
      name: 'unknown image: hedged message, numeric user',
      code: 'FROM myorg/ml-base:1.2\nCMD ["python"]',
      errors: [{ messageId: 'noUserUnknown', range: '0:5-0:22' }],
      output: 'FROM myorg/ml-base:1.2\nUSER 10001:10001\nCMD ["python"]',
    },
    {
      name: 'last USER is root: back to the user named before',
      code: 'FROM python:3.11-slim\nRUN useradd -m worker\nUSER worker\nRUN pip install --user torch\nUSER root\nRUN apt-get update\nCMD ["python"]',
      errors: [{ messageId: 'rootUser', range: '4:5-4:9' }],
      output: 'FROM python:3.11-slim\nRUN useradd -m worker\nUSER worker\nRUN pip install --user torch\nUSER root\nRUN apt-get update\nUSER worker\nCMD ["python"]',
    },
    {
      name: 'root in an image whose files are handed to a user: that user',
      code: 'FROM pytorch/torchserve:0.11.0-cpu\nUSER root\nRUN apt-get update && chown -R model-server /home/model-server\nCMD ["serve"]',
      errors: [{ messageId: 'rootUser', range: '1:5-1:9' }],
      output: 'FROM pytorch/torchserve:0.11.0-cpu\nUSER root\nRUN apt-get update && chown -R model-server /home/model-server\nUSER model-server\nCMD ["serve"]',
    },
    {
      name: 'USER 0:0 with no user to return to',
      code: 'FROM ubuntu:22.04\nUSER 0:0\nENTRYPOINT ["python3"]',
      errors: [{ messageId: 'rootUser', range: '1:5-1:8' }],
      output: 'FROM ubuntu:22.04\nUSER 0:0\nRUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app\nUSER app\nENTRYPOINT ["python3"]',
    },
    {
      name: 'a user created with combined useradd options is reused',
      code: 'FROM python:3.11-slim\nRUN apt-get update && \\\n    useradd -ms /bin/bash trainer\nCMD ["python", "train.py"]',
      errors: [{ messageId: 'noUser', range: '0:5-0:21' }],
      output: 'FROM python:3.11-slim\nRUN apt-get update && \\\n    useradd -ms /bin/bash trainer\nUSER trainer\nCMD ["python", "train.py"]',
    },
    {
      name: 'lowercase keywords, ARG-resolved FROM, heredoc',
      code: 'ARG BASE=ubuntu:22.04\nfrom ${BASE}\nrun <<EOF\napt-get update\nEOF\nentrypoint ["python3"]',
      errors: [{ messageId: 'noUser', range: '1:5-1:12' }],
      output: 'ARG BASE=ubuntu:22.04\nfrom ${BASE}\nrun <<EOF\napt-get update\nEOF\nrun useradd --create-home --uid 10001 --shell /usr/sbin/nologin app\nuser app\nentrypoint ["python3"]',
    },
    {
      name: 'inherited root stage, indented CMD with its comment',
      code: 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04 AS base\nFROM base\n  # Start the server.\n  CMD ["python3", "serve.py"]',
      errors: [{ messageId: 'noUser', range: '1:5-1:9' }],
      output: 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04 AS base\nFROM base\n  RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app\n  USER app\n  # Start the server.\n  CMD ["python3", "serve.py"]',
    },
    {
      name: 'a RUN after CMD still needs root: at the end of the file, CRLF',
      code: 'FROM debian:bookworm-slim\r\nCMD ["bash"]\r\nRUN apt-get update',
      errors: [{ messageId: 'noUser', range: '0:5-0:25' }],
      output: 'FROM debian:bookworm-slim\r\nCMD ["bash"]\r\nRUN apt-get update\r\nRUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app\r\nUSER app',
    },
  ],
});
