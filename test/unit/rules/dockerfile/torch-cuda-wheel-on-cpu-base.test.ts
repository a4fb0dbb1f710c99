import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../../server/src/analysis/diagnostics';
import { MemoryHost } from '../../memoryHost';
import { rule } from '../../../../server/src/rules/dockerfile/torch-cuda-wheel-on-cpu-base';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a Compose service runs the image on a GPU', code: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch', builders: [{ composeFile: 'compose.yaml', contextDir: '.', service: 'trainer', gpu: true }] },
    'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch --index-url https://download.pytorch.org/whl/cpu',
    'FROM python:3.11-slim\nRUN pip install torch==2.3.1+cpu -f https://download.pytorch.org/whl/torch_stable.html',
    'FROM python:3.11-slim\nRUN pip install --extra-index-url https://download.pytorch.org/whl/cpu torch transformers',
    { name: 'a CUDA base image', code: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install torch' },
    { name: 'an unknown base image', code: 'FROM ghcr.io/acme/base:1\nRUN pip install torch' },
    { name: 'packages whose names start with torch', code: 'FROM python:3.11-slim\nRUN pip install torch-geometric torchmetrics pytorch-lightning' },
    { name: 'an index chosen in ENV', code: 'FROM python:3.11-slim\nENV PIP_INDEX_URL=https://pypi.internal/simple\nRUN pip install torch' },
    { name: 'an index chosen with a variable', code: 'FROM python:3.11-slim\nRUN pip install --extra-index-url $TORCH_INDEX torch' },
    { name: 'a custom index', code: 'FROM python:3.11-slim\nRUN pip install -i https://pypi.internal/simple torch' },
    { name: 'uv picks the backend', code: 'FROM python:3.11-slim\nRUN uv pip install --system torch --torch-backend=auto' },
    { name: 'meant for NVIDIA GPUs', code: 'FROM python:3.11-slim\nENV NVIDIA_VISIBLE_DEVICES=all\nRUN pip install torch' },
    { name: 'GPU-only packages next to torch', code: 'FROM ubuntu:22.04\nRUN pip install torch vllm' },
    { name: 'built for arm64, where PyPI has the CPU build', code: 'FROM --platform=linux/arm64 python:3.11-slim\nRUN pip install torch' },
    { name: 'a requirements file that names the CPU index', code: 'FROM python:3.11-slim\nRUN pip install -r requirements.txt', files: { 'requirements.txt': '--extra-index-url https://download.pytorch.org/whl/cpu\ntorch==2.3.1\n' } },
    { name: 'a requirements file without torch', code: 'FROM python:3.11-slim\nRUN pip install -r requirements.txt', files: { 'requirements.txt': 'numpy\n# torch comes later\n' } },
    { name: 'a requirements file that does not exist', code: 'FROM python:3.11-slim\nRUN pip install -r requirements.txt' },
    { name: 'conda', code: 'FROM python:3.11-slim\nRUN conda install pytorch cpuonly -c pytorch' },
    { name: 'half-typed', code: 'FROM python:3.11-slim\nRUN pip install' },
    { name: 'half-typed requirement option', code: 'FROM python:3.11-slim\nRUN pip install -r' },
    { name: 'half-typed FROM', code: 'FROM\nRUN pip install torch' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      code: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch torchvision',
      errors: [{ messageId: 'cudaBuild', range: '1:31-1:36' }],
      output: 'FROM python:3.11-slim\nRUN pip install --index-url https://download.pytorch.org/whl/cpu --no-cache-dir torch torchvision',
    },
    {
      name: 'other packages too: the CPU index is added as an extra index; continuation lines',
      code: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir \\\n    "torch==2.3.1" \\\n    transformers',
      errors: [{ messageId: 'cudaBuild', range: '2:4-2:18' }],
      output: 'FROM python:3.11-slim\nRUN pip install --extra-index-url https://download.pytorch.org/whl/cpu --no-cache-dir \\\n    "torch==2.3.1" \\\n    transformers',
    },
    {
      name: 'multi-stage: each stage against its own base; FROM <stage> followed; lowercase keywords; uv',
      code: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04 AS gpu\nRUN pip install torch\nfrom debian:bookworm-slim as base\nfrom base\nrun uv pip install --system torch',
      errors: [{ messageId: 'cudaBuild', range: '4:28-4:33' }],
      output: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04 AS gpu\nRUN pip install torch\nfrom debian:bookworm-slim as base\nfrom base\nrun uv pip install --index-url https://download.pytorch.org/whl/cpu --system torch',
    },
    {
      name: 'ARG-resolved FROM, python -m pip, in a heredoc',
      code: 'ARG PY=3.11\nFROM python:${PY}-slim\nRUN <<EOF\npython -m pip install -U "torch>=2.1"\nEOF',
      errors: [{ messageId: 'cudaBuild', range: '3:25-3:37' }],
      output: 'ARG PY=3.11\nFROM python:${PY}-slim\nRUN <<EOF\npython -m pip install --index-url https://download.pytorch.org/whl/cpu -U "torch>=2.1"\nEOF',
    },
    {
      name: 'torch in a requirements file next to the Dockerfile',
      code: 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
      files: { 'requirements.txt': 'numpy\ntorch==2.3.1  # the model\n' },
      errors: [{ messageId: 'requirements', range: '2:34-2:50' }],
      output: 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install --extra-index-url https://download.pytorch.org/whl/cpu --no-cache-dir -r requirements.txt',
    },
    {
      name: 'a requirements file relative to a Dockerfile in a subfolder',
      path: 'docker/Dockerfile',
      code: 'FROM python:3.11-slim\nRUN pip install -r ../requirements/base.txt',
      files: { 'requirements/base.txt': 'torchvision\n' },
      errors: [{ messageId: 'requirements', range: '1:19-1:43' }],
      output: 'FROM python:3.11-slim\nRUN pip install --extra-index-url https://download.pytorch.org/whl/cpu -r ../requirements/base.txt',
    },
  ],
});

// Switching to the CPU build changes the installed packages: offered in the editor, never applied in bulk.
describe('torch-cuda-wheel-on-cpu-base fix safety', () => {
  it('marks the CPU index fix unsafe', () => {
    const { findings } = analyze({ kind: 'dockerfile', text: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch', path: '/project/Dockerfile', files: new MemoryHost(), rules: [rule], severity: (r) => r.severity });
    assert.deepEqual(findings[0].fixes.filter((f) => f.preferred).map((f) => f.safe), [false]);
  });
});
