import { rule } from '../../../../server/src/rules/dockerfile/cuda-devel-in-final-stage';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a training image', code: 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04\nRUN pip install --no-cache-dir torch\nCMD ["torchrun", "--nproc-per-node=8", "train.py"]' },
    { name: 'a training folder', path: 'training/Dockerfile', code: 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04\nRUN pip install --no-cache-dir torch' },
    { name: 'a multi-node MPI worker', code: 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-server libopenmpi-dev' },
    { name: 'a dev container', path: '.devcontainer/Dockerfile', code: 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04' },
    'FROM nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04\nRUN pip install torch',
    'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
    'FROM nvidia/cuda:12.4.1-base-ubuntu22.04',
    {
      name: 'devel in a builder stage, runtime shipped',
      code: 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04 AS build\nRUN nvcc -o /kernel kernel.cu\nFROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nCOPY --from=build /kernel /kernel',
    },
    { name: 'NGC images have no runtime variant', code: 'FROM nvcr.io/nvidia/pytorch:24.01-py3' },
    { name: 'unknown images', code: 'FROM ghcr.io/acme/cuda:12.1-devel' },
    { name: 'an unresolved variable', code: 'FROM nvidia/cuda:${CUDA}-devel-ubuntu22.04' },
    { name: 'half-typed', code: 'FROM' },
    { name: 'half-typed RUN', code: 'FROM python:3.11-slim\nRUN' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      name: 'an image that compiles kernels at run time: information, and the fix is not preferred',
      code: 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04\nRUN pip install --no-cache-dir vllm\nCMD ["python3", "-m", "vllm.entrypoints.openai.api_server"]',
      errors: [{ messageId: 'runtimeCompile', range: '0:5-0:41', severity: 'info' }],
      output: null,
    },
    {
      name: 'an entrypoint that calls nvcc',
      code: 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04\nENTRYPOINT nvcc -o /k /k.cu && exec /k',
      errors: [{ messageId: 'runtimeCompile', range: '0:5-0:41', severity: 'info' }],
      output: null,
    },
    {
      code: 'FROM nvidia/cuda:12.1.1-cudnn8-devel-ubuntu22.04\nRUN pip install --no-cache-dir torch==2.3.1',
      errors: [{ messageId: 'devel', range: '0:5-0:48' }],
      output: 'FROM nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04\nRUN pip install --no-cache-dir torch==2.3.1',
    },
    {
      name: 'pytorch/pytorch; lowercase keywords',
      code: 'from pytorch/pytorch:2.3.1-cuda12.1-cudnn8-devel\ncmd ["python", "serve.py"]',
      errors: [{ messageId: 'devel', range: '0:5-0:48' }],
      output: 'from pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\ncmd ["python", "serve.py"]',
    },
    {
      name: 'ARG-resolved CUDA version: the literal part is edited',
      code: 'ARG CUDA=12.4.1\nFROM nvidia/cuda:${CUDA}-cudnn-devel-ubuntu22.04',
      errors: [{ messageId: 'devel', range: '1:5-1:48' }],
      output: 'ARG CUDA=12.4.1\nFROM nvidia/cuda:${CUDA}-cudnn-runtime-ubuntu22.04',
    },
    {
      name: 'ARG-resolved tag: the ARG default is edited',
      code: 'ARG BASE_TAG=12.4.1-devel-ubuntu22.04\nFROM nvidia/cuda:$BASE_TAG',
      errors: [{ messageId: 'devel', range: '1:5-1:26' }],
      output: 'ARG BASE_TAG=12.4.1-runtime-ubuntu22.04\nFROM nvidia/cuda:$BASE_TAG',
    },
    {
      name: 'multi-stage: the final stage inherits the devel base',
      code: 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04 AS base\nRUN pip install torch\nFROM base AS app\nCOPY . /app',
      errors: [{ messageId: 'devel', range: '0:5-0:41' }],
      output: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04 AS base\nRUN pip install torch\nFROM base AS app\nCOPY . /app',
    },
    {
      name: 'compiling CUDA code: build in a devel stage, switch not preferred',
      code: 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04\nENV TORCH_CUDA_ARCH_LIST="8.0;9.0"\nRUN pip install --no-cache-dir .',
      errors: [{ messageId: 'compiles', range: '0:5-0:41' }],
      output: null,
    },
    {
      name: 'flash-attn built on a continuation line',
      code: 'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-devel\nRUN pip install packaging && \\\n    MAX_JOBS=4 pip install flash-attn --no-build-isolation',
      errors: [{ messageId: 'compiles', range: '0:5-0:48' }],
      output: null,
    },
    {
      name: 'flash-attention from git in a heredoc (it compiles when installed; a clone of apex or vLLM would compile at run time)',
      code: 'FROM nvidia/cuda:11.8.0-devel-ubuntu22.04\nRUN <<EOF\ngit clone https://github.com/Dao-AILab/flash-attention\ncd flash-attention && python setup.py install\nEOF',
      errors: [{ messageId: 'compiles', range: '0:5-0:41' }],
      output: null,
    },
    {
      name: 'llama-cpp-python built with CUDA through CMake options',
      code: 'FROM nvidia/cuda:12.1.0-devel-ubuntu22.04\nENV CMAKE_ARGS="-DGGML_CUDA=on"\nRUN pip install llama-cpp-python',
      errors: [{ messageId: 'compiles', range: '0:5-0:41' }],
      output: null,
    },
    {
      name: 'nvcc in a stage built on the devel one',
      code: 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04 AS base\nFROM base\nRUN nvcc -o /kernel kernel.cu',
      errors: [{ messageId: 'compiles', range: '0:5-0:41' }],
      output: null,
    },
  ],
});
