// A PyTorch or JAX CUDA wheel should be the build made for the CUDA version of the stage's base image.
import { cudaMajorMinor } from '../../images/knowledge';
import { bestTorchTag, jaxCudaExtra, parseCudaVersion, stageBase, stageWheelTags, WheelTag } from '../../images/wheels';
import type { DockerfileRule, Report } from '../types';

export const rule: DockerfileRule = {
  id: 'cuda-wheel-mismatch',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: 'A PyTorch or JAX wheel is built for a different CUDA version than the base image has.',
    rationale:
      'PyTorch publishes one build per CUDA version (`cu118`, `cu121`, `cu124`, …) and JAX one per CUDA major version ' +
      '(`jax[cuda12]`). A build for another CUDA major version than the base image\'s fails at run time or pulls a second ' +
      'copy of the CUDA libraries; an older minor build gives up the base image\'s fixes and kernels for newer GPUs. The ' +
      'right PyTorch build has the base image\'s major version and the highest minor version not above it (for CUDA 12.2: ' +
      '`cu121`), among the builds of the pinned torch release when the command pins one.',
    bad: 'FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\nRUN pip install --no-cache-dir torch --index-url https://download.pytorch.org/whl/cu118',
    good: 'FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\nRUN pip install --no-cache-dir torch --index-url https://download.pytorch.org/whl/cu124',
    fixSafety: 'unsafe',
  },
  messages: {
    mismatch: 'The `{tag}` PyTorch build is for CUDA {wheelCuda}, but the base image `{image}` has CUDA {baseCuda}; use `{best}`.',
    jaxMismatch: '`jax[{tag}]` is for CUDA {wheelCuda}, but the base image `{image}` has CUDA {baseCuda}; use `jax[{best}]`.',
    noBuild: 'The `{tag}` build is for CUDA {wheelCuda}, but the base image `{image}` has CUDA {baseCuda}; install a build for CUDA {baseMajor}.',
  },
  check(ctx) {
    const { model } = ctx;
    for (const stage of model.stages) {
      const base = stageBase(stage);
      const baseCuda = parseCudaVersion(base?.info.cudaVersion);
      if (!base || !baseCuda) continue;
      for (const { tags, release } of stageWheelTags(stage)) {
        const reports: Report[] = [];
        for (const tag of tags) {
          if (!tag.cuda) continue;
          const best = tag.family === 'torch' ? bestTorchTag(baseCuda, release) : jaxCudaExtra(baseCuda.major);
          const sameBuild = tag.family === 'torch' ? tag.tag === best : tag.cuda.major === baseCuda.major;
          if (sameBuild || (best === undefined && tag.cuda.major === baseCuda.major)) continue;
          const newText = best === undefined ? undefined : replacement(tag, best);
          const range = model.lines.range(tag.start, tag.end);
          reports.push({
            messageId: best === undefined ? 'noBuild' : tag.family === 'torch' ? 'mismatch' : 'jaxMismatch',
            data: {
              tag: tag.tag,
              wheelCuda: tag.cuda.minor === undefined ? `${tag.cuda.major}` : `${tag.cuda.major}.${tag.cuda.minor}`,
              image: base.stage.baseText,
              baseCuda: cudaMajorMinor(base.info.cudaVersion ?? ''),
              baseMajor: baseCuda.major,
              best: newText ?? best ?? '',
            },
            range,
            fixes: newText === undefined ? [] : [{ title: `Use the ${newText} build`, preferred: true, safe: false, edits: [{ range, newText }] }],
          });
        }
        // When one tag of a command cannot be rewritten, rewriting the others alone would leave the command inconsistent.
        const partial = reports.some((r) => r.fixes?.length === 0);
        for (const report of reports) {
          if (partial) for (const fix of report.fixes ?? []) fix.preferred = false;
          ctx.report(report);
        }
      }
    }
  },
};

/** The text that replaces a wheel tag with `best`; undefined when the tag's form cannot be rewritten safely. */
function replacement(tag: WheelTag, best: string): string | undefined {
  if (tag.source === 'file') return undefined;
  if (tag.family === 'torch') return best;
  // JAX extras: `cuda12` and `cuda12_pip` become `cuda13`; `cuda12_local` keeps its suffix; older forms stay as they are.
  const extra = /^cuda(\d{1,2})(.*)$/.exec(tag.tag);
  if (!extra) return undefined;
  if (extra[2] === '' || extra[2] === '_pip' || extra[2] === '-pip') return best;
  if (extra[2] === '_local' || extra[2] === '-local') return best + extra[2];
  return undefined;
}
