// PyPI's CUDA builds of PyTorch bring their own CUDA libraries, so on a CUDA runtime image the image carries two copies.
import { installCommands, packageName } from '../../dockerfile/commands';
import { isPythonInstall, stageBase, wheelTags } from '../../images/wheels';
import type { DockerfileRule } from '../types';

const TORCH = new Set(['torch', 'torchvision', 'torchaudio']);

export const rule: DockerfileRule = {
  id: 'torch-cuda-on-cuda-runtime',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: false,
  docs: {
    summary: 'A CUDA build of PyTorch installed with pip on an `nvidia/cuda` runtime image, whose CUDA libraries it does not use.',
    rationale:
      "PyTorch's Linux wheels, from PyPI or from `download.pytorch.org`, bring their own CUDA runtime, cuBLAS, cuDNN and " +
      'NCCL, as `nvidia-*` wheels or inside the torch wheel, and load those. The `runtime` and `cudnn-runtime` images of ' +
      '`nvidia/cuda` ship the same libraries in their own layers, so the image holds two copies, 3 to 5 GB more than ' +
      'needed, and only the host driver is used from outside. Start from a plain Python or Ubuntu image (the NVIDIA ' +
      'Container Toolkit mounts the driver), or keep the CUDA image and take PyTorch from it (`pytorch/pytorch`, NGC). ' +
      'The `devel` images are not reported: compiling CUDA extensions needs their compiler.',
    bad: 'FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\nRUN pip install --no-cache-dir torch==2.5.1',
    good: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch==2.5.1',
  },
  messages: {
    twice:
      '`{requirement}` brings its own CUDA libraries (cuBLAS, cuDNN, NCCL) and ignores those of `{image}`, so the image ' +
      'carries both; start from a Python or Ubuntu image, or from a PyTorch image.',
  },
  check(ctx) {
    const { model } = ctx;
    for (const stage of model.shippedStages) {
      const base = stageBase(stage);
      if (!base || base.info.family !== 'cuda' || base.info.variant !== 'runtime') continue;
      for (const instr of stage.instructions) {
        for (const install of installCommands(instr)) {
          if (!isPythonInstall(install)) continue;
          const torch = install.packages.find((w) => TORCH.has(packageName(install, w)));
          if (!torch) continue;
          // A CPU or ROCm build brings no CUDA: another rule's concern.
          if (wheelTags(model.text, install.args).some((t) => t.family === 'torch' && t.cuda === undefined)) continue;
          ctx.report({ messageId: 'twice', data: { requirement: torch.value, image: base.stage.baseText }, range: model.lines.range(torch.start, torch.end) });
          break;
        }
      }
    }
  },
};
