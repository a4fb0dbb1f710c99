// A service that reserves NVIDIA GPUs but runs a CPU-only image (python:*-slim, debian, alpine…) has no CUDA libraries to use them with.
import * as path from 'node:path';
import { isMap, type Node } from '../../compose/yamlNodes';
import { installCommands, optionValues } from '../../dockerfile/commands';
import { type DockerfileModel, type Stage, stageDependencies } from '../../dockerfile/model';
import { commandName, type ShellCommand } from '../../dockerfile/shell';
import { parseImageRef } from '../../images/imageRef';
import { describeImage } from '../../images/knowledge';
import { gpuRequests, serviceEntries } from '../../compose/gpu';
import type { ComposeModel, ComposeService } from '../../compose/model';
import { entries, items, resolve, text, valueAt } from '../../compose/yaml';
import type { BuildTarget, ComposeContext, ComposeRule, FileHost } from '../types';

/** Text in a RUN that installs or fetches CUDA libraries some way DockML does not model (a .run installer, a tarball). */
const CUDA_TEXT = /cuda|cudnn|cublas|nccl|tensorrt|nvidia/i;

/**
 * Python requirements that bring CUDA libraries with them: PyTorch and what depends on it (its PyPI wheels for Linux
 * bundle CUDA), and the CUDA builds of other frameworks.
 */
const CUDA_REQUIREMENT = new RegExp(
  '^(?:[\\w.-]*torch[\\w.-]*|tensorflow\\[and-cuda\\]|tensorflow-gpu|jax(?:lib)?\\[cuda|cupy|nvidia-|onnxruntime-gpu|paddlepaddle-gpu|mxnet-cu|' +
    'vllm|sglang|xformers|flash[-_]attn|bitsandbytes|deepspeed|triton|tensorrt|accelerate|sentence-transformers|ultralytics|timm|' +
    'lightning|peft|trl|unsloth|openai-whisper|faster-whisper|ctranslate2|auto-gptq|autoawq|optimum|diffusers|spacy\\[cuda|cudf|cuml)',
  'i',
);

/** An index or a local version that selects PyTorch's CPU build. */
const CPU_BUILD = /download\.pytorch\.org\/whl\/cpu|\+cpu\b/;

/** apt packages of CUDA libraries. */
const CUDA_APT = /^(?:cuda|libcu|libnv|libnccl|nvidia|tensorrt)/;

/** Package managers whose installs DockML does not read. */
const OTHER_INSTALLERS = /\b(?:pipenv|pdm|hatch|pixi|spack|nix(?:-env|-build)?)\b/;

/** Commands that install packages or probe the GPU at run time, so the image alone does not tell. */
const RUNTIME_SETUP = /\b(?:pip3?|uv|conda|mamba)\s+(?:install|sync|add)\b|nvidia-smi/;

export const rule: ComposeRule = {
  id: 'gpu-service-without-cuda-image',
  kind: 'compose',
  severity: 'warning',
  fixable: false,
  docs: {
    summary: 'A service that reserves NVIDIA GPUs but runs, or builds on, an image without CUDA libraries.',
    rationale:
      'The NVIDIA Container Toolkit mounts the driver into the container, not the CUDA runtime, cuDNN or cuBLAS: those ' +
      'come from the image. On `python:3.11-slim`, `debian`, `alpine` or `node`, a framework finds no CUDA and silently ' +
      'runs on the CPU while the reserved GPUs sit idle. Use a CUDA image (`nvidia/cuda:*-runtime`, `pytorch/pytorch`, ' +
      'an NGC container), or install a CUDA build of the framework: the PyTorch wheels on PyPI bundle their CUDA ' +
      'libraries, so a Dockerfile that pip-installs `torch` (or a package that depends on it) is not reported. Images ' +
      'DockML does not know, and Dockerfiles whose installs it cannot see into (a script or `make` run at build time), ' +
      'are not reported either.',
    bad:
      'services:\n  embedder:\n    image: python:3.11-slim\n    command: python serve.py\n    deploy:\n      resources:\n        reservations:\n' +
      '          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n',
    good:
      'services:\n  embedder:\n    image: nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\n    command: python3 serve.py\n    deploy:\n      resources:\n' +
      '        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n',
  },
  messages: {
    image: '`{image}` has no CUDA libraries, so `{service}` cannot use the GPUs it reserves; run a CUDA image such as `nvidia/cuda` or `pytorch/pytorch`.',
    build: '`{service}` reserves GPUs but builds on `{image}`, which has no CUDA libraries, and installs none; start from a CUDA base image or install a CUDA build of the framework.',
  },
  check(ctx) {
    const { model } = ctx;
    for (const service of model.services) {
      const requests = gpuRequests(model, service).filter((r) => r.vendor !== 'amd' && r.count !== 0);
      if (requests.length === 0 || setsUpAtRunTime(model, service)) continue;
      const own = serviceEntries(model, service);
      const build = own.get('build');
      if (build) {
        const target = ctx.build(service);
        const image = target && cpuOnlyBuild(ctx, target, buildArgs(model, build.value));
        if (image) {
          ctx.report({ messageId: 'build', data: { service: service.name, image }, range: model.rangeOf(build.merged ? service.keyNode : build.keyNode)! });
        }
        continue;
      }
      const image = own.get('image');
      const value = resolve(model.doc, image?.value);
      const name = text(model.doc, value);
      if (!image || !value || name === undefined || name.includes('$')) continue;
      const ref = parseImageRef(name);
      if (!ref || describeImage(ref)?.cuda !== false) continue;
      ctx.report({ messageId: 'image', data: { image: name, service: service.name }, range: model.rangeOf(image.merged ? service.keyNode : value)! });
    }
  },
};

/** True when the service's command installs packages or runs `nvidia-smi`, which the image alone does not show. */
function setsUpAtRunTime(model: ComposeModel, service: ComposeService): boolean {
  return ['command', 'entrypoint'].some((key) => {
    const node = resolve(model.doc, serviceEntries(model, service).get(key)?.value);
    const words = items(model.doc, node).map((i) => text(model.doc, i) ?? '');
    return RUNTIME_SETUP.test(words.length > 0 ? words.join(' ') : (text(model.doc, node) ?? ''));
  });
}

/** The names of the build arguments a service's `build.args` sets, in mapping or list form. */
function buildArgs(model: ComposeModel, build: Node | null): string[] {
  const args = resolve(model.doc, valueAt(model.doc, build, 'args'));
  if (isMap(args)) return entries(model.doc, args).map((e) => e.name);
  return items(model.doc, args).map((i) => (text(model.doc, i) ?? '').split('=')[0]);
}

/**
 * The CPU-only base image of the stage a build produces, when nothing in the build can bring CUDA libraries. A base
 * image chosen by a build argument that the service sets (`FROM ${BASE_IMAGE}`) is not known.
 */
function cpuOnlyBuild(ctx: ComposeContext, build: BuildTarget, args: string[]): string | undefined {
  const dockerfile = build.dockerfile;
  if (!dockerfile) return undefined;
  const stage = build.target ? dockerfile.stageRef(build.target.name) : dockerfile.finalStage;
  if (!stage) return undefined;
  let base: Stage = stage;
  const chain = new Set<Stage>([stage]);
  while (base.parent && !chain.has(base.parent)) {
    base = base.parent;
    chain.add(base);
  }
  if (base.imageInfo?.cuda !== false) return undefined;
  const lines = dockerfile.lines;
  const from = dockerfile.text.slice(lines.offsetAt(base.baseRange.start), lines.offsetAt(base.baseRange.end));
  if (args.some((name) => /^\w+$/.test(name) && new RegExp(`\\$\\{?${name}\\b`).test(from))) return undefined;
  for (const contributing of contributingStages(dockerfile, stage)) {
    // A stage copied from may hold anything when its image is unknown (a Nix or Spack builder, a vendor image).
    const unknown = !contributing.parent && !contributing.imageInfo;
    if (unknown || contributing.imageInfo?.cuda || mayInstallCuda(ctx.files, build.contextDir, contributing)) return undefined;
  }
  return base.baseText;
}

/** The stage, the stages it is built on, and the stages it copies or mounts files from, recursively. */
function contributingStages(dockerfile: DockerfileModel, stage: Stage): Stage[] {
  const found: Stage[] = [];
  const pending = [stage];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (found.includes(current)) continue;
    found.push(current);
    if (current.parent) pending.push(current.parent);
    for (const instr of current.instructions) {
      for (const ref of stageDependencies(instr)) {
        const from = dockerfile.stageRef(dockerfile.expand(ref), current.index);
        if (from) pending.push(from);
      }
    }
  }
  return found;
}

/**
 * True when a stage may put CUDA libraries into the image: a RUN that mentions CUDA or NVIDIA, a pip or uv install of
 * a package that brings them, an install whose packages DockML cannot read (conda, a project, an unreadable
 * requirements file), an apt install of CUDA packages, or a COPY from a CUDA image.
 */
function mayInstallCuda(files: FileHost, contextDir: string | undefined, stage: Stage): boolean {
  const dockerfile = stage.from.model;
  const cpuIndex = stage.instructions.some((i) => i.keyword === 'ENV' && /(?:PIP|UV)_(?:EXTRA_)?INDEX_URL/.test(i.argsText) && CPU_BUILD.test(i.argsText));
  for (const instr of stage.instructions) {
    if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && instr.flag('from')) {
      const ref = parseImageRef(dockerfile.expand(instr.flag('from')!.getValue() ?? ''));
      if (ref && !dockerfile.stageRef(ref.raw, stage.index) && describeImage(ref)?.cuda) return true;
    }
    if (instr.keyword !== 'RUN') continue;
    if (CUDA_TEXT.test(dockerfile.text.slice(instr.start, instr.end)) || OTHER_INSTALLERS.test(instr.argsText)) return true;
    // A script or a Makefile run at build time may install anything, and DockML does not read it.
    if (instr.commands.some(runsScript)) return true;
    for (const install of installCommands(instr)) {
      const packages = install.packages.map((p) => p.value);
      if (install.manager === 'apt') {
        if (packages.some((p) => CUDA_APT.test(p))) return true;
      } else if (install.manager === 'pip' || install.manager === 'uv' || install.manager === 'poetry') {
        const cpu = cpuIndex || install.args.some((a) => CPU_BUILD.test(a.value));
        const editable = optionValues(install.args, ['-e', '--editable']).map((w) => w.value);
        for (const requirement of [...packages, ...editable]) {
          if (/^\.(?:\[.*\])?\/?$/.test(requirement)) {
            if (projectMayInstallCuda(files, contextDir, cpu)) return true;
          } else if (requirement.includes('$') || /^(?:\.{0,2}\/|git\+|https?:|file:)/.test(requirement)) {
            return true;
          } else if (!cpu && CUDA_REQUIREMENT.test(requirement) && !CPU_BUILD.test(requirement)) {
            return true;
          }
        }
        // `uv sync`, `uv add` and `poetry install` install the project's dependencies.
        if (install.verb.value !== 'install' || install.manager === 'poetry') {
          if (projectMayInstallCuda(files, contextDir, cpu)) return true;
        }
        for (const file of optionValues(install.args, ['-r', '--requirement'])) {
          if (requirementsMayInstallCuda(files, contextDir, file.value, cpu)) return true;
        }
      } else if (install.manager === 'conda') {
        return true;
      }
    }
  }
  return false;
}

/** True unless the requirements file can be read from the build context and names nothing that brings CUDA. */
function requirementsMayInstallCuda(files: FileHost, contextDir: string | undefined, file: string, cpu: boolean): boolean {
  if (!contextDir || file.includes('$')) return true;
  const content = files.readFile(path.resolve(contextDir, file.replace(/^\/+/, ''))) ?? files.readFile(path.join(contextDir, path.basename(file)));
  if (content === undefined) return true;
  const cpuFile = cpu || CPU_BUILD.test(content);
  return content.split(/\r?\n/).some((raw) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    return /^(?:-r|--requirement|-c|--constraint|-e|--editable)\b/.test(line) || (!cpuFile && CUDA_REQUIREMENT.test(line));
  });
}

/** True unless the project's `pyproject.toml` can be read from the build context and names nothing that brings CUDA. */
function projectMayInstallCuda(files: FileHost, contextDir: string | undefined, cpu: boolean): boolean {
  const content = contextDir === undefined ? undefined : files.readFile(path.join(contextDir, 'pyproject.toml'));
  if (content === undefined) return true;
  if (cpu || CPU_BUILD.test(content)) return false;
  // Dependencies are written as quoted requirements (PEP 621) or as keys of a table (Poetry).
  const quoted = [...content.matchAll(/["']([^"'\n]+)["']/g)].map((m) => m[1]);
  return [...quoted, ...content.split(/\r?\n/).map((line) => line.trim())].some((value) => CUDA_REQUIREMENT.test(value));
}

/** Interpreters that run a script file given as their first argument. */
const SCRIPT_RUNNER = /^(?:ba|z|da)?sh$|^source$|^\.$|^python[0-9.]*$/;

/** True when a command runs a script or a Makefile: `./install.sh`, `bash setup.sh`, `python install_deps.py`, `make`. */
function runsScript(command: ShellCommand): boolean {
  const named = commandName(command);
  if (!named) return false;
  if (/\.(?:sh|bash|py)$/.test(named.name) || named.name === 'make') return true;
  return SCRIPT_RUNNER.test(named.name) && /\.(?:sh|bash|py)$/.test(named.args.find((w) => !w.value.startsWith('-'))?.value ?? '');
}
