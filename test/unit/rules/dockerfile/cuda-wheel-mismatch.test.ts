import { rule } from '../../../../server/src/rules/dockerfile/cuda-wheel-mismatch';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu121',
    { name: 'no cu122 build exists: cu121 is the best for 12.2', code: 'FROM nvidia/cuda:12.2.2-runtime-ubuntu22.04\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu121' },
    { name: 'the pinned release has no newer build for 12.4', code: 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN pip install torch==2.3.1 --index-url https://download.pytorch.org/whl/cu121' },
    { name: 'torchvision pins the release too', code: 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN pip install torchvision==0.18.1+cu121 --extra-index-url https://download.pytorch.org/whl/cu121' },
    { name: 'no build for 12.0 at all: same major is fine', code: 'FROM nvidia/cuda:12.0.1-runtime-ubuntu22.04\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu121' },
    { name: 'CPU and ROCm builds are other rules\' business', code: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install torch --index-url https://download.pytorch.org/whl/cpu\nRUN pip install torch --index-url https://download.pytorch.org/whl/rocm6.1' },
    { name: 'jax compares majors only', code: 'FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04\nRUN pip install -U "jax[cuda12]"' },
    { name: 'a base image without a known CUDA version', code: 'FROM nvcr.io/nvidia/pytorch:24.01-py3\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu118' },
    { name: 'a CPU base image', code: 'FROM python:3.11-slim\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu121' },
    { name: 'packages that only look like torch', code: 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN pip install torch-scatter==2.1.2+pt23cu121 pytorch==1.0+cu118' },
    { name: 'conda is not pip', code: 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN conda install pytorch -c https://download.pytorch.org/whl/cu118' },
    { name: 'half-typed', code: 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN pip install --index-url' },
    { name: 'half-typed FROM', code: 'FROM' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      code: 'FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\nRUN pip install --no-cache-dir torch --index-url https://download.pytorch.org/whl/cu118',
      errors: [{ messageId: 'mismatch', range: '1:82-1:87' }],
      output: 'FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\nRUN pip install --no-cache-dir torch --index-url https://download.pytorch.org/whl/cu124',
    },
    {
      name: 'an older minor build of the same major',
      code: 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu121',
      errors: [{ messageId: 'mismatch', range: '1:67-1:72' }],
      output: 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu124',
    },
    {
      name: 'local version and quoted index on a continuation line',
      code: 'FROM nvidia/cuda:11.8.0-runtime-ubuntu22.04\nRUN pip install "torch==2.1.0+cu121" \\\n    --extra-index-url="https://download.pytorch.org/whl/cu121"',
      errors: [{ messageId: 'mismatch', range: '1:30-1:35' }, { messageId: 'mismatch', range: '2:56-2:61' }],
      output: 'FROM nvidia/cuda:11.8.0-runtime-ubuntu22.04\nRUN pip install "torch==2.1.0+cu118" \\\n    --extra-index-url="https://download.pytorch.org/whl/cu118"',
    },
    {
      name: 'the pinned release picks the build',
      code: 'FROM nvidia/cuda:12.6.3-runtime-ubuntu22.04\nRUN pip install torch==2.5.1 -i https://download.pytorch.org/whl/cu118',
      errors: [{ messageId: 'mismatch', range: '1:65-1:70' }],
      output: 'FROM nvidia/cuda:12.6.3-runtime-ubuntu22.04\nRUN pip install torch==2.5.1 -i https://download.pytorch.org/whl/cu124',
    },
    {
      name: 'the pinned release has no build for the base major: no fix',
      code: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install torch==2.0.1 --index-url https://download.pytorch.org/whl/cu118',
      errors: [{ messageId: 'noBuild', range: '1:74-1:79' }],
      output: null,
    },
    {
      name: 'a direct wheel URL is reported without a fix',
      code: 'FROM nvidia/cuda:12.6.3-runtime-ubuntu24.04\nRUN pip install https://download.pytorch.org/whl/cu121/torch-2.1.0%2Bcu121-cp310-cp310-linux_x86_64.whl',
      errors: [{ messageId: 'mismatch', range: '1:49-1:54' }],
      output: null,
    },
    {
      name: 'a find-links page cannot be rewritten, so the local version is not rewritten alone',
      code: 'FROM nvidia/cuda:11.8.0-runtime-ubuntu22.04\nRUN pip install torch==1.13.1+cu116 -f https://download.pytorch.org/whl/cu116/torch_stable.html',
      errors: [{ messageId: 'mismatch', range: '1:30-1:35' }, { messageId: 'mismatch', range: '1:72-1:77' }],
      output: null,
    },
    {
      name: 'multi-stage: each stage against its own base, FROM <stage> followed, ARG-resolved FROM',
      code: 'ARG CUDA=11.8.0\nFROM nvidia/cuda:${CUDA}-devel-ubuntu22.04 AS build\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu118\nFROM build AS test\nRUN pip install torchaudio --index-url https://download.pytorch.org/whl/cu121\nFROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu121',
      errors: [{ messageId: 'mismatch', range: '4:72-4:77' }],
      output: 'ARG CUDA=11.8.0\nFROM nvidia/cuda:${CUDA}-devel-ubuntu22.04 AS build\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu118\nFROM build AS test\nRUN pip install torchaudio --index-url https://download.pytorch.org/whl/cu118\nFROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu121',
    },
    {
      name: 'pytorch/pytorch image, heredoc, lowercase keywords',
      code: 'from pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nrun <<EOF\npip install torchvision --index-url https://download.pytorch.org/whl/cu118\nEOF',
      errors: [{ messageId: 'mismatch', range: '2:69-2:74' }],
      output: 'from pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nrun <<EOF\npip install torchvision --index-url https://download.pytorch.org/whl/cu121\nEOF',
    },
    {
      name: 'an index set in ENV, and uv\'s --torch-backend',
      code: 'FROM nvidia/cuda:11.8.0-runtime-ubuntu22.04\nENV PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cu121\nRUN uv pip install --system torch --torch-backend=cu124',
      errors: [{ messageId: 'mismatch', range: '1:57-1:62' }, { messageId: 'mismatch', range: '2:50-2:55' }],
      output: 'FROM nvidia/cuda:11.8.0-runtime-ubuntu22.04\nENV PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cu118\nRUN uv pip install --system torch --torch-backend=cu118',
    },
    {
      name: 'jax: cuda12_pip becomes cuda13',
      code: 'FROM nvidia/cuda:13.0.1-cudnn-runtime-ubuntu24.04\nRUN pip install "jax[cuda12_pip]"',
      errors: [{ messageId: 'jaxMismatch', range: '1:21-1:31' }],
      output: 'FROM nvidia/cuda:13.0.1-cudnn-runtime-ubuntu24.04\nRUN pip install "jax[cuda13]"',
    },
    {
      name: 'jax: the local variant keeps its suffix',
      code: 'FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04\nRUN pip install -U "jax[cuda11_local]"',
      errors: [{ messageId: 'jaxMismatch', range: '1:24-1:36' }],
      output: 'FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04\nRUN pip install -U "jax[cuda12_local]"',
    },
    {
      name: 'jax: current releases have no CUDA 11 build',
      code: 'FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04\nRUN pip install -U "jax[cuda12]"',
      errors: [{ messageId: 'noBuild', range: '1:24-1:30' }],
      output: null,
    },
  ],
});
