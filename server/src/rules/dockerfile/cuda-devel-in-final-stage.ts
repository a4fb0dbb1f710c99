// The shipped image should start from a CUDA `runtime` image, not the `devel` one with compilers and headers.
import { installCommands } from '../../dockerfile/commands';
import type { Instr, Stage } from '../../dockerfile/model';
import { rolesOf } from '../../dockerfile/roles';
import { commandName } from '../../dockerfile/shell';
import { rewriteFromImage } from '../../dockerfile/fromImage';
import type { DockerfileRule } from '../types';

/** Commands that compile native or CUDA code. */
const BUILD_COMMANDS = new Set(['nvcc', 'cmake', 'make', 'ninja', 'bazel']);

/** `setup.py` commands that build a package's extensions. */
const SETUP_BUILDS = new Set(['build_ext', 'build', 'install', 'develop', 'bdist_wheel']);

/** Python packages that compile CUDA kernels when installed (or, for DeepSpeed, when first used). */
const CUDA_SOURCE_PACKAGES = /^(?:flash[-_]attn|mamba[-_]ssm|causal[-_]conv1d|deepspeed|mmcv(?:-full)?|pytorch3d|detectron2|nvdiffrast|tinycudann|gsplat)\b/i;

/** Repositories of CUDA extensions, when a package is installed from git or from a source checkout. */
const CUDA_SOURCE_REPOSITORIES = /flash-attention|apex|xformers|mamba|causal-conv1d|deepspeed|pytorch3d|detectron2|nvdiffrast|tiny-cuda-nn|gsplat|vllm|bitsandbytes|gaussian-rasterization/i;

/** Requirements that name source code rather than a published wheel: a git URL, a GitHub archive, a local path. */
const SOURCE_REQUIREMENT = /^(?:git\+|https?:\/\/github\.com\/|\.|\/)/;

/** Settings that only matter when CUDA code is compiled (also as CMake `-D` options, hence no leading word boundary). */
const CUDA_BUILD_SETTINGS = /\b(?:TORCH_CUDA_ARCH_LIST|FORCE_CUDA|DS_BUILD_OPS|CUDACXX)\b|CUDA_ARCHITECTURES|GGML_CUDA|LLAMA_CUBLAS/;

export const rule: DockerfileRule = {
  id: 'cuda-devel-in-final-stage',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: 'The shipped image is based on a CUDA `devel` image, which has a `runtime` variant.',
    rationale:
      'CUDA `devel` images add the compiler (nvcc), headers and static libraries to the `runtime` image: several gigabytes ' +
      'that a model server never uses. Ship the `runtime` variant of the same CUDA version. When the image compiles CUDA ' +
      'code (nvcc, `TORCH_CUDA_ARCH_LIST`, flash-attn or apex from source, `make`), build it in a `devel` stage and copy ' +
      'the results into a `runtime` stage; the fix that only switches the tag is then offered but not applied ' +
      'automatically. Training images, base and development images and dev containers are left alone, and an image ' +
      'that compiles at run time (Triton kernels, DeepSpeed ops, vLLM, an entrypoint that calls `nvcc`) gets information ' +
      'that holds only if nothing compiles at run time (see [roles](../roles.md)).',
    bad: 'FROM nvidia/cuda:12.1.1-cudnn8-devel-ubuntu22.04\nRUN pip install --no-cache-dir torch==2.3.1\nCMD ["python3", "serve.py"]',
    good: 'FROM nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04\nRUN pip install --no-cache-dir torch==2.3.1\nCMD ["python3", "serve.py"]',
    fixSafety: 'unsafe',
  },
  messages: {
    devel: '`{image}` is a CUDA devel image with compilers and headers; ship `{runtime}` instead.',
    runtimeCompile:
      '`{image}` is a CUDA devel image, which the shipped image may need because it compiles at run time ({reason}); ship `{runtime}` only if nothing compiles at run time.',
    compiles:
      'The shipped image compiles CUDA code on `{image}`; build it in a devel stage and ship a stage based on `{runtime}` that copies the result.',
  },
  check(ctx) {
    const { model } = ctx;
    const shipped = model.shippedStages;
    const root = shipped[shipped.length - 1];
    const info = root?.imageInfo;
    if (!root || !info || info.variant !== 'devel' || !info.runtimeAlternative) return;
    const roles = rolesOf(model, ctx.path, ctx.builders, ctx.root);
    // Training images compile (DeepSpeed ops, apex, fused kernels) and are not served; the others are built on or built in.
    if (roles.image?.has('training', 'base', 'builder', 'development', 'test', 'devcontainer')) return;
    const runtime = info.runtimeAlternative;
    const reason = roles.runtimeCompilation;
    const compiles = reason !== undefined || shipped.some(compilesCuda);
    const edit = root.image?.digest === undefined ? rewriteFromImage(model, root, runtime) : undefined;
    ctx.report({
      messageId: reason ? 'runtimeCompile' : compiles ? 'compiles' : 'devel',
      data: { image: root.baseText, runtime, reason: reason ?? '' },
      range: root.baseRange,
      severity: reason ? 'info' : undefined,
      fixes: edit ? [{ title: `Use ${runtime}`, preferred: !compiles, safe: false, edits: [{ range: model.lines.range(edit.start, edit.end), newText: edit.newText }] }] : [],
    });
  },
};

/** True when a stage compiles CUDA or native code, so that it needs the devel image's toolchain. */
function compilesCuda(stage: Stage): boolean {
  return stage.instructions.some((instr) => {
    if ((instr.keyword === 'ENV' || instr.keyword === 'ARG' || instr.keyword === 'RUN') && CUDA_BUILD_SETTINGS.test(instr.argsText)) return true;
    return instr.keyword === 'RUN' && runCompiles(instr);
  });
}

/** True when a RUN calls a compiler or build tool, runs `setup.py build`, or pip-installs a CUDA extension from source. */
function runCompiles(instr: Instr): boolean {
  for (const command of instr.commands) {
    const named = commandName(command);
    if (!named) continue;
    if (BUILD_COMMANDS.has(named.name)) return true;
    const script = named.args[0]?.value ?? '';
    if (/^python[0-9.]*$/.test(named.name) && (script === 'setup.py' || script.endsWith('/setup.py')) && named.args.some((a) => SETUP_BUILDS.has(a.value))) return true;
  }
  for (const install of installCommands(instr)) {
    if (install.manager !== 'pip' && install.manager !== 'uv') continue;
    if (install.args.some((a) => a.value === '--no-build-isolation')) return true;
    for (const p of install.packages) {
      if (CUDA_SOURCE_PACKAGES.test(p.value)) return true;
      if (SOURCE_REQUIREMENT.test(p.value) && CUDA_SOURCE_REPOSITORIES.test(p.value)) return true;
    }
  }
  return false;
}
