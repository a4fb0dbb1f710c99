import { rule } from '../../../../server/src/rules/compose/gpu-service-without-cuda-image';
import { ruleTester } from '../../ruleTester';

const reservation = '    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n';
const withImage = (image: string, extra = '') => `services:\n  embedder:\n    image: ${image}\n${extra}${reservation}`;
const withBuild = (build = './api', extra = '') => `services:\n  api:\n    build: ${build}\n${extra}${reservation}`;

ruleTester(rule, {
  valid: [
    withImage('nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04'),
    withImage('pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime'),
    withImage('nvcr.io/nvidia/pytorch:24.05-py3'),
    withImage('tensorflow/tensorflow:2.15.0-gpu'),
    { name: 'an image DockML does not know', code: withImage('vllm/vllm-openai:v0.6.3') },
    { name: 'an interpolated image', code: withImage('${IMAGE:-python:3.11-slim}') },
    { name: 'a CPU image without GPUs', code: 'services:\n  api:\n    image: python:3.11-slim\n' },
    { name: 'count: 0 reserves nothing', code: withImage('python:3.11-slim').replace('count: 1', 'count: 0') },
    { name: 'an AMD GPU (ROCm, not CUDA)', code: withImage('python:3.11-slim').replace('driver: nvidia', 'driver: amd') },
    { name: 'nvidia-smi as a smoke test works on any image', code: withImage('ubuntu:22.04', '    command: nvidia-smi\n') },
    { name: 'installs at run time', code: withImage('python:3.11-slim', '    command: sh -c "pip install torch && python train.py"\n') },
    {
      name: 'a CPU base that pip-installs torch from PyPI gets CUDA from the wheel',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch==2.3.1 fastapi\nCMD ["python", "serve.py"]\n' },
    },
    {
      name: 'a build that runs a script DockML cannot see into',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM python:3.11-slim\nCOPY install.sh /tmp/\nRUN bash /tmp/install.sh --gpu\nCMD ["python", "serve.py"]\n' },
    },
    {
      name: 'a build that runs make',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM python:3.11-slim\nCOPY . /src\nRUN cd /src && make install\n' },
    },
    {
      name: 'a package that depends on torch',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM python:3.11-slim\nRUN pip install sentence-transformers\n' },
    },
    {
      name: 'torch from a CUDA index',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM python:3.11-slim\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu121\n' },
    },
    {
      name: 'torch in the requirements file',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n', 'api/requirements.txt': 'fastapi==0.111.0\ntorch>=2.1  # model\n' },
    },
    {
      name: 'a requirements file that cannot be read',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM python:3.11-slim\nRUN pip install -r requirements/prod.txt\n' },
    },
    {
      name: 'a project whose pyproject.toml depends on torch, installed with uv sync',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM python:3.12-slim\nCOPY . .\nRUN uv sync --frozen\n', 'api/pyproject.toml': '[project]\nname = "api"\ndependencies = ["fastapi", "torch>=2.3"]\n' },
    },
    {
      name: 'a venv copied from a builder stage that installed torch',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM python:3.11 AS builder\nRUN python -m venv /venv && /venv/bin/pip install torch\nFROM python:3.11-slim\nCOPY --from=builder /venv /venv\n' },
    },
    {
      name: 'CUDA libraries copied from a CUDA image',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM python:3.11-slim\nCOPY --from=nvidia/cuda:12.4.1-runtime-ubuntu22.04 /usr/local/cuda /usr/local/cuda\n' },
    },
    {
      name: 'a CUDA build stage the target is built on',
      code: withBuild('\n      context: ./api\n      target: serve'),
      files: { 'api/Dockerfile': 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04 AS serve\nRUN apt-get update\nFROM python:3.11-slim AS docs\n' },
    },
    { name: 'conda installs are not read', code: withBuild(), files: { 'api/Dockerfile': 'FROM debian:bookworm-slim\nRUN conda install -y numpy\n' } },
    { name: 'apt CUDA packages', code: withBuild(), files: { 'api/Dockerfile': 'FROM ubuntu:22.04\nRUN apt-get install -y --no-install-recommends cuda-runtime-12-4\n' } },
    {
      name: 'a base image chosen by a build argument the service sets',
      code: withBuild('\n      context: ./api\n      args:\n        BASE_IMAGE: nvidia/cuda:12.4.1-runtime-ubuntu22.04'),
      files: { 'api/Dockerfile': 'ARG BASE_IMAGE=ubuntu:22.04\nFROM ${BASE_IMAGE}\nCMD ["./serve"]\n' },
    },
    {
      name: 'files copied from a builder on an image DockML does not know (Nix)',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM nixos/nix:2.18.8 AS builder\nRUN nix build .\nFROM ubuntu:24.04\nCOPY --from=builder /tmp/closure /nix/store\n' },
    },
    { name: 'a missing Dockerfile is another rule', code: withBuild() },
    { name: 'a build target that does not exist', code: withBuild('\n      context: ./api\n      target: nope'), files: { 'api/Dockerfile': 'FROM python:3.11-slim\n' } },
    { name: 'an unknown base image', code: withBuild(), files: { 'api/Dockerfile': 'FROM ghcr.io/acme/base:1\n' } },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    image:\n    gpus: all\n',
  ],
  invalid: [
    {
      name: 'a slim Python image',
      code: withImage('python:3.11-slim'),
      errors: [{ messageId: 'image', range: '2:11-2:27' }],
      output: null,
    },
    {
      name: 'gpus: all on Alpine',
      code: 'services:\n  worker:\n    image: alpine:3.20\n    gpus: all\n',
      errors: [{ messageId: 'image', range: '2:11-2:22' }],
      output: null,
    },
    {
      name: 'the legacy runtime on a Node image',
      code: 'services:\n  ui:\n    image: node:20-bookworm-slim\n    runtime: nvidia\n',
      errors: [{ messageId: 'image', range: '2:11-2:32' }],
      output: null,
    },
    {
      name: 'a CPU-only TensorFlow image',
      code: withImage('tensorflow/tensorflow:2.15.0'),
      errors: [{ messageId: 'image', range: '2:11-2:39' }],
      output: null,
    },
    {
      name: 'a build on a slim base that installs no CUDA',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["uvicorn", "app:app"]\n', 'api/requirements.txt': 'fastapi\nuvicorn[standard]\nnumpy\n' },
      errors: [{ messageId: 'build', range: '2:4-2:9' }],
      output: null,
    },
    {
      name: 'torch from the CPU index does not bring CUDA',
      code: withBuild(),
      files: { 'api/Dockerfile': 'FROM python:3.11-slim\nRUN pip install torch --index-url https://download.pytorch.org/whl/cpu\n' },
      errors: [{ messageId: 'build', range: '2:4-2:9' }],
      output: null,
    },
    {
      name: 'a base image from a build argument the service does not set takes its default',
      code: withBuild('\n      context: ./api\n      args:\n        - PORT=8000'),
      files: { 'api/Dockerfile': 'ARG BASE_IMAGE=ubuntu:22.04\nFROM ${BASE_IMAGE}\nCMD ["./serve"]\n' },
      errors: [{ messageId: 'build', range: '2:4-2:9' }],
      output: null,
    },
    {
      name: 'the build target is a CPU stage built on another stage',
      code: withBuild('\n      context: ./api\n      target: runtime'),
      files: { 'api/Dockerfile': 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04 AS gpu\nFROM debian:bookworm-slim AS base\nFROM base AS runtime\nRUN apt-get install -y curl\nFROM gpu AS final\n' },
      errors: [{ messageId: 'build', range: '2:4-2:9' }],
      output: null,
    },
    {
      name: 'an image inherited through a merge key is reported on the service',
      code: 'x-py: &py\n  image: python:3.12-slim\nservices:\n  a:\n    <<: *py\n    gpus: all\n  b:\n    <<: *py\n',
      errors: [{ messageId: 'image', range: '3:2-3:3' }],
      output: null,
    },
  ],
});
