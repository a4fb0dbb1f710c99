// On a CPU-only base image, PyTorch should come from the CPU wheel index, not PyPI's build with bundled CUDA.
import { hasFlag, InstallCommand, installCommands, optionValues } from '../../dockerfile/commands';
import type { Instr, Stage } from '../../dockerfile/model';
import type { Word } from '../../dockerfile/shell';
import { isTorchPackage, isPythonInstall, stageBase } from '../../images/wheels';
import type { DockerfileContext, DockerfileRule } from '../types';

const CPU_INDEX = 'https://download.pytorch.org/whl/cpu';

/** Settings that choose a package index for the whole stage, or say the image is meant for NVIDIA GPUs. */
const INDEX_OR_GPU_SETTINGS = /\b(?:PIP_INDEX_URL|PIP_EXTRA_INDEX_URL|PIP_FIND_LINKS|UV_INDEX_URL|UV_EXTRA_INDEX_URL|UV_INDEX|UV_DEFAULT_INDEX|UV_TORCH_BACKEND|NVIDIA_VISIBLE_DEVICES|NVIDIA_DRIVER_CAPABILITIES)\b|download\.pytorch\.org/;

/** Requirements that only make sense with an NVIDIA GPU: the stage means to use the CUDA build of torch. */
const GPU_PACKAGES = /^(?:nvidia-[\w-]*cu\d+|cupy-cuda|onnxruntime-gpu|tensorflow\[and-cuda\]|jax\[cuda|vllm|flash[-_]attn|xformers|bitsandbytes|tensorrt|auto-gptq|deepspeed)/i;

export const rule: DockerfileRule = {
  id: 'torch-cuda-wheel-on-cpu-base',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: 'PyTorch is installed from PyPI on a CPU-only base image, which pulls its CUDA build.',
    rationale:
      'On Linux, `pip install torch` from PyPI installs the CUDA build, which brings about 2.5 GB of NVIDIA libraries ' +
      '(cuBLAS, cuDNN, NCCL, …) as dependencies. An image built on `python`, `debian` or `ubuntu` for CPU inference never ' +
      'uses them. The CPU build from `https://download.pytorch.org/whl/cpu` is a few hundred megabytes. This rule is ' +
      'for CPU images: when a CPU base image is meant to run on GPU hosts with the CUDA libraries from PyPI, disable it. ' +
      'It stays silent when the stage sets `NVIDIA_VISIBLE_DEVICES`, configures a package index, or installs GPU-only ' +
      'packages such as `vllm` or `onnxruntime-gpu`, and when a Compose service that builds the image requests a GPU. ' +
      'The fix changes which build of torch is installed, so it is offered but never applied in bulk.',
    bad: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch torchvision',
    good: 'FROM python:3.11-slim\nRUN pip install --index-url https://download.pytorch.org/whl/cpu --no-cache-dir torch torchvision',
    fixSafety: 'unsafe',
  },
  messages: {
    cudaBuild: '`{package}` from PyPI is the CUDA build, with ~2.5 GB of CUDA libraries that the CPU-only base `{image}` cannot use; install it from the CPU index.',
    requirements: '`{file}` installs `{package}` from PyPI, the CUDA build with ~2.5 GB of CUDA libraries that the CPU-only base `{image}` cannot use; add the CPU index.',
  },
  check(ctx) {
    const { model } = ctx;
    // A Compose service runs the image on a GPU, where PyPI's torch with its bundled CUDA libraries is the right one.
    if (ctx.builders.some((b) => b.gpu)) return;
    const globallyConfigured = model.instructions.some((i) => i.stage === undefined && INDEX_OR_GPU_SETTINGS.test(i.argsText));
    if (globallyConfigured) return;
    for (const stage of model.stages) {
      const base = stageBase(stage);
      if (!base || base.info.cuda !== false || base.info.family === 'scratch' || base.info.family === 'distroless') continue;
      if (/arm64|aarch64/.test(base.stage.from.flag('platform')?.getValue() ?? '')) continue;
      if (meantForGpu(stage)) continue;
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'RUN') continue;
        for (const install of installCommands(instr)) {
          if (isPythonInstall(install)) checkInstall(ctx, install, base.stage.baseText);
        }
      }
    }
  },
};

/** Reports one pip or uv install that takes torch from PyPI, directly or through a requirements file. */
function checkInstall(ctx: DockerfileContext, install: InstallCommand, image: string): void {
  const { args } = install;
  if (install.packages.some((p) => GPU_PACKAGES.test(p.value))) return;
  if (hasFlag(args, '-i', '--index-url', '--default-index', '--index', '--no-index', '--torch-backend')) return;
  if (args.some((a) => a.value.startsWith('-i') || a.value.includes('download.pytorch.org'))) return;
  if (optionValues(args, ['--extra-index-url', '-f', '--find-links']).some((v) => v.value.includes('$'))) return;
  const torch = install.packages.find((p) => isTorchPackage(p.value) && !p.value.includes('+'));
  const requirementFiles = optionValues(args, ['-r', '--requirement']);
  const onlyTorch = install.packages.every((p) => isTorchPackage(p.value)) && requirementFiles.length === 0 && !hasFlag(args, '-e', '--editable');
  const { lines } = ctx.model;
  const at = lines.positionAt(install.verb.end);
  const fix = (option: string) => [{
    title: `Install PyTorch from ${CPU_INDEX}`,
    preferred: true,
    // The CPU build is a different package set: an image that turns out to run on a GPU would lose CUDA.
    safe: false,
    edits: [{ range: { start: at, end: at }, newText: ` ${option} ${CPU_INDEX}` }],
  }];
  if (torch) {
    ctx.report({
      messageId: 'cudaBuild',
      data: { package: torch.value, image },
      range: lines.range(torch.start, torch.end),
      fixes: fix(onlyTorch ? '--index-url' : '--extra-index-url'),
    });
    return;
  }
  for (const file of requirementFiles) {
    const found = torchInRequirements(ctx, file);
    if (!found) continue;
    ctx.report({
      messageId: 'requirements',
      data: { file: file.value, package: found, image },
      range: lines.range(file.start, file.end),
      fixes: fix('--extra-index-url'),
    });
    return;
  }
}

/** True when the stage, or one it is built on, says that it is meant for NVIDIA GPUs or picks its own index. */
function meantForGpu(stage: Stage): boolean {
  const seen = new Set<Stage>();
  for (let s: Stage | undefined = stage; s && !seen.has(s); s = s.parent) {
    seen.add(s);
    if (s.instructions.some((instr) => INDEX_OR_GPU_SETTINGS.test(instr.argsText) || installsGpuPackages(instr))) return true;
  }
  return false;
}

function installsGpuPackages(instr: Instr): boolean {
  return installCommands(instr).some((install) => isPythonInstall(install) && install.packages.some((p) => GPU_PACKAGES.test(p.value)));
}

/**
 * The torch requirement of a requirements file next to the Dockerfile that installs it from PyPI, if any. Files that
 * choose an index, pin a local version or ask for GPU packages are left alone.
 */
function torchInRequirements(ctx: DockerfileContext, file: Word): string | undefined {
  if (ctx.path === undefined || file.value.includes('$') || file.value.startsWith('/')) return undefined;
  const slash = Math.max(ctx.path.lastIndexOf('/'), ctx.path.lastIndexOf('\\'));
  if (slash < 0) return undefined;
  const separator = ctx.path[slash];
  const parts = ctx.path.slice(0, slash).split(separator);
  for (const part of file.value.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  const text = ctx.files.readFile(parts.join(separator));
  if (text === undefined || /download\.pytorch\.org|^\s*(?:-i|--index-url|--extra-index-url|-f|--find-links)\b/m.test(text)) return undefined;
  let torch: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (GPU_PACKAGES.test(line)) return undefined;
    if (torch === undefined && isTorchPackage(line) && !line.includes('+')) torch = line;
  }
  return torch;
}
