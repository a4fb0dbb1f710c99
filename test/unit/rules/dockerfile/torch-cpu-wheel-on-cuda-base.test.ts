import { rule } from '../../../../server/src/rules/dockerfile/torch-cpu-wheel-on-cuda-base';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu121',
    { name: 'a CPU base image', code: 'FROM python:3.11-slim\nRUN pip install torch --index-url https://download.pytorch.org/whl/cpu' },
    {
      name: 'a CPU build in a CPU stage of a multi-stage file',
      code: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04 AS gpu\nRUN pip install torch\nFROM python:3.11-slim\nRUN pip install torch==2.3.1+cpu -f https://download.pytorch.org/whl/torch_stable.html',
    },
    { name: 'the cpu-cxx11-abi index is not matched by mistake', code: 'FROM ubuntu:22.04\nRUN pip install torch --index-url https://download.pytorch.org/whl/cpu-cxx11-abi' },
    { name: 'other packages with +cpu versions', code: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install intel_extension_for_pytorch==2.3.0+cpu' },
    { name: 'unknown image', code: 'FROM ghcr.io/acme/gpu:1\nRUN pip install torch --index-url https://download.pytorch.org/whl/cpu' },
    { name: 'half-typed', code: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install -i' },
    { name: 'half-typed FROM', code: 'FROM\nRUN pip install torch --index-url https://download.pytorch.org/whl/cpu' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      code: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install --no-cache-dir torch --index-url https://download.pytorch.org/whl/cpu',
      errors: [{ messageId: 'cpuBuild', range: '1:82-1:85' }],
      output: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install --no-cache-dir torch --index-url https://download.pytorch.org/whl/cu121',
    },
    {
      name: 'local versions and an index on continuation lines; the pinned release picks the build',
      code: 'FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04\nRUN pip3 install \\\n    torch==2.0.1+cpu \\\n    --extra-index-url https://download.pytorch.org/whl/cpu',
      errors: [{ messageId: 'cpuBuild', range: '2:17-2:20' }, { messageId: 'cpuBuild', range: '3:55-3:58' }],
      output: 'FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04\nRUN pip3 install \\\n    torch==2.0.1+cu118 \\\n    --extra-index-url https://download.pytorch.org/whl/cu118',
    },
    {
      name: 'a stage built on a CUDA stage, with an ARG-resolved FROM and lowercase keywords',
      code: 'ARG CUDA=12.4.1\nfrom nvidia/cuda:${CUDA}-runtime-ubuntu22.04 as base\nfrom base\nrun python -m pip install torch --index-url https://download.pytorch.org/whl/cpu',
      errors: [{ messageId: 'cpuBuild', range: '3:77-3:80' }],
      output: 'ARG CUDA=12.4.1\nfrom nvidia/cuda:${CUDA}-runtime-ubuntu22.04 as base\nfrom base\nrun python -m pip install torch --index-url https://download.pytorch.org/whl/cu124',
    },
    {
      name: 'in a heredoc',
      code: 'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nRUN <<EOF\npip install torchaudio==2.3.1+cpu\nEOF',
      errors: [{ messageId: 'cpuBuild', range: '2:30-2:33' }],
      output: 'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nRUN <<EOF\npip install torchaudio==2.3.1+cu121\nEOF',
    },
    {
      name: 'a CUDA base image whose CUDA version is unknown: no fix',
      code: 'FROM nvcr.io/nvidia/pytorch:24.01-py3\nRUN pip install torch --index-url https://download.pytorch.org/whl/cpu',
      errors: [{ messageId: 'cpuBuildUnknownCuda', range: '1:67-1:70' }],
      output: null,
    },
    {
      name: 'a CPU find-links page cannot be rewritten, so the local version is not rewritten alone',
      code: 'FROM nvidia/cuda:11.3.1-runtime-ubuntu20.04\nRUN pip install torch==1.10.1+cpu -f https://download.pytorch.org/whl/cpu/torch_stable.html',
      errors: [{ messageId: 'cpuBuild', range: '1:30-1:33' }, { messageId: 'cpuBuild', range: '1:70-1:73' }],
      output: null,
    },
    {
      name: 'uv --torch-backend',
      code: 'FROM nvidia/cuda:12.8.1-runtime-ubuntu24.04\nRUN uv pip install --system torch --torch-backend cpu',
      errors: [{ messageId: 'cpuBuild', range: '1:50-1:53' }],
      output: 'FROM nvidia/cuda:12.8.1-runtime-ubuntu24.04\nRUN uv pip install --system torch --torch-backend cu128',
    },
  ],
});
