import { rule } from '../../../../server/src/rules/dockerfile/torch-cuda-on-cuda-runtime';
import { ruleTester } from '../../ruleTester';

const RUNTIME = 'FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\n';

ruleTester(rule, {
  valid: [
    { name: 'a Python base', code: 'FROM python:3.11-slim\nRUN pip install torch==2.5.1' },
    { name: 'a devel image, needed to compile extensions', code: 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN pip install torch==2.5.1' },
    { name: 'the base variant holds only the CUDA runtime', code: 'FROM nvidia/cuda:12.4.1-base-ubuntu22.04\nRUN pip install torch' },
    { name: 'the CPU build', code: `${RUNTIME}RUN pip install torch --index-url https://download.pytorch.org/whl/cpu` },
    { name: 'no torch', code: `${RUNTIME}RUN pip install onnxruntime-gpu` },
    { name: 'a builder stage', code: `${RUNTIME}AS build\nRUN pip install torch\nFROM python:3.11-slim\nCOPY --from=build /opt /opt` },
  ],
  invalid: [
    {
      code: `${RUNTIME}RUN pip install --no-cache-dir torch==2.5.1`,
      errors: [{ messageId: 'twice', range: '1:31-1:43' }],
      output: null,
    },
    {
      name: 'the CUDA index of PyTorch, through FROM <stage>; one finding per install',
      code: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04 AS base\nFROM base\nRUN uv pip install --system torchvision torch --index-url https://download.pytorch.org/whl/cu121',
      errors: [{ messageId: 'twice', range: '2:28-2:39' }],
      output: null,
    },
  ],
});
