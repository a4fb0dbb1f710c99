// A stage built on a CUDA image should not install the CPU-only PyTorch build, which cannot use the GPU.
import { bestTorchTag, parseCudaVersion, stageBase, stageWheelTags } from '../../images/wheels';
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'torch-cpu-wheel-on-cuda-base',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: 'The CPU-only PyTorch build (`/whl/cpu`, `+cpu`) is installed on a CUDA base image.',
    rationale:
      'The CPU-only PyTorch build has no CUDA kernels, so `torch.cuda.is_available()` is false even on a GPU host, while ' +
      'the image still carries the CUDA libraries of its base. Install the build made for the base image\'s CUDA version ' +
      '(for CUDA 12.1: `https://download.pytorch.org/whl/cu121`), or start from a CPU-only base image if no GPU is meant ' +
      'to be used.',
    bad: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install --no-cache-dir torch --index-url https://download.pytorch.org/whl/cpu',
    good: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install --no-cache-dir torch --index-url https://download.pytorch.org/whl/cu121',
    fixSafety: 'unsafe',
  },
  messages: {
    cpuBuild: 'This installs the CPU-only PyTorch build on the CUDA base image `{image}`; use the `{best}` build.',
    cpuBuildUnknownCuda: 'This installs the CPU-only PyTorch build on the CUDA base image `{image}`; install the build for its CUDA version.',
  },
  check(ctx) {
    const { model } = ctx;
    for (const stage of model.stages) {
      const base = stageBase(stage);
      if (!base?.info.cuda) continue;
      const baseCuda = parseCudaVersion(base.info.cudaVersion);
      for (const { tags, release } of stageWheelTags(stage)) {
        const cpuTags = tags.filter((tag) => tag.family === 'torch' && tag.tag === 'cpu');
        if (cpuTags.length === 0) continue;
        const best = baseCuda ? bestTorchTag(baseCuda, release) : undefined;
        // A CPU file URL cannot be rewritten, and rewriting only the rest of the command would leave it inconsistent.
        const fixable = best !== undefined && cpuTags.every((tag) => tag.source !== 'file');
        for (const tag of cpuTags) {
          const range = model.lines.range(tag.start, tag.end);
          ctx.report({
            messageId: best ? 'cpuBuild' : 'cpuBuildUnknownCuda',
            data: { image: base.stage.baseText, best: best ?? '' },
            range,
            fixes: best && tag.source !== 'file' ? [{ title: `Use the ${best} build`, preferred: fixable, safe: false, edits: [{ range, newText: best }] }] : [],
          });
        }
      }
    }
  },
};
