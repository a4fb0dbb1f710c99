import { rule } from '../../../../server/src/rules/dockerfile/torch-reinstalled-over-base';
import { ruleTester } from '../../ruleTester';

const PT = 'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n';
const NGC = 'FROM nvcr.io/nvidia/pytorch:24.05-py3\n';

ruleTester(rule, {
  valid: [
    { name: 'the version the image ships', code: `${PT}RUN pip install --no-cache-dir torch==2.3.1 transformers` },
    { name: 'a range the image meets', code: `${PT}RUN pip install "torch>=2.1,<2.4"` },
    { name: 'unpinned: pip keeps the installed torch', code: `${PT}RUN pip install torch transformers` },
    { name: 'unpinned on NGC', code: `${NGC}RUN pip install torch` },
    { name: 'upgrade of other packages only', code: `${PT}RUN pip install -U transformers` },
    { name: 'a CUDA base has no torch to replace', code: 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN pip install torch==2.5.1' },
    { name: 'torchvision is not torch', code: `${PT}RUN pip install torchvision==0.20.1` },
    { name: 'a builder stage', code: `${PT}AS build\nRUN pip install torch==2.5.1\nFROM python:3.11-slim\nCOPY --from=build /opt /opt` },
  ],
  invalid: [
    {
      code: `${PT}RUN pip install --no-cache-dir torch==2.5.1 transformers`,
      errors: [{ messageId: 'version', range: '1:31-1:43' }],
      output: null,
    },
    {
      name: 'through FROM <stage>, a range the image misses; lowercase keywords',
      code: 'from pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime as base\nfrom base\nrun pip install "torch>=2.4"',
      errors: [{ messageId: 'version', range: '2:16-2:28' }],
      output: null,
    },
    {
      name: 'any pin on NGC',
      code: `${NGC}RUN uv pip install --system torch==2.4.0`,
      errors: [{ messageId: 'ngc', range: '1:28-1:40' }],
      output: null,
    },
    {
      name: 'upgrade flag with an unpinned torch',
      code: `${PT}RUN pip install --upgrade torch torchvision`,
      errors: [{ messageId: 'upgrade', range: '1:16-1:25' }],
      output: null,
    },
  ],
});
