// Compilers, headers and test tools installed in the shipped image make it larger and widen its attack surface for nothing at run time.
import { installCommands, isHeaderPackage, isSystemBuildTool, optionValues, packageName, type InstallCommand } from '../../dockerfile/commands';
import { assignments } from '../../dockerfile/layers';
import type { DockerfileModel, Instr } from '../../dockerfile/model';
import { rolesOf } from '../../dockerfile/roles';
import { commandName, type ShellCommand, type Word } from '../../dockerfile/shell';
import { splitStage } from '../../dockerfile/split';
import type { DockerfileRule, Fix } from '../types';

/** Headers that compiling kernels and extensions at run time needs: Python's, CUDA's, and libaio for DeepSpeed. */
const RUNTIME_HEADERS = /^(python3(\.\d+)?-dev|libpython3(\.\d+)?-dev|libaio-dev|libcupti-dev|libnccl-dev|libcudnn\d*-dev|cuda-[a-z0-9-]+-dev(-\d+-\d+)?|libcu[a-z]+-dev(-\d+-\d+)?)$/;
/** `-dev` packages installed for the unversioned shared library they provide, which `LD_PRELOAD` names at run time. */
const PRELOADED_LIBRARIES = new Set(['libjemalloc-dev', 'libgoogle-perftools-dev', 'libtcmalloc-minimal4-dev', 'jemalloc-dev', 'gperftools-dev']);

/** Python packages for testing and linting, which the running application never imports. */
const PYTHON_DEV_TOOLS = new Set(['tox', 'nox', 'mypy', 'ruff', 'black', 'flake8', 'pylint', 'isort', 'pre-commit']);

/** Commands that build during the image build: a later one would use a compiler installed before it. */
const BUILD_COMMANDS = new Set(['gcc', 'g++', 'cc', 'c++', 'clang', 'make', 'cmake', 'ninja', 'nvcc', 'cargo', 'go', 'meson', 'bazel']);
/** Settings that name the compiler that builds use: set in the shipped image, they are for its run time too. */
const COMPILER_SETTINGS = new Set(['CC', 'CXX', 'CUDAHOSTCXX']);

/** Conda packages that are compilers or build systems. */
const CONDA_BUILD_TOOLS = new Set(['gcc', 'gxx', 'compilers', 'c-compiler', 'cxx-compiler', 'cmake', 'make', 'ninja']);

export const rule: DockerfileRule = {
  id: 'build-tools-in-final-stage',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: 'Compilers, `-dev` packages and test tools installed or run in the shipped image.',
    rationale:
      'Build tooling is needed to compile wheels or run tests, not to serve a model: gcc, cmake and header packages add ' +
      'hundreds of megabytes and many CVEs to every deployment. Install them in a builder stage and copy only the result ' +
      'into a slim runtime stage, or remove them in the same RUN that installed them, as the official images do. ' +
      'The offered split (see [split](../split.md)) creates a virtual environment in the builder and copies it whole. ' +
      'Images made to build in are left alone (see [roles](../roles.md)): development, test and CI images (a Dockerfile, ' +
      'folder or final stage named `dev`, `devel`, `test`, `ci`, …), base and builder images, and dev containers. When ' +
      'the image compiles at run time (Triton kernels, DeepSpeed ops, vLLM, flash-attn or bitsandbytes, an entrypoint ' +
      'that calls `nvcc` or `ninja`), compilers and headers may be needed there: the finding becomes information that ' +
      'holds only if nothing compiles at run time. `-dev` packages installed for `LD_PRELOAD` (`libjemalloc-dev`, ' +
      '`libgoogle-perftools-dev`) are not reported, and a package installed in several `if`/`else` branches of one RUN ' +
      'is reported once. Compilers kept on purpose for run time are not reported: in an image that compiles at run time ' +
      'and names its compiler in `CC` or `CXX`, and in a file that compiles in builder stages yet installs compilers ' +
      'alone in the shipped image, with no later step there that installs or builds anything.',
    bad:
      'FROM python:3.11\n' +
      'WORKDIR /app\n' +
      'RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev\n' +
      'COPY requirements.txt .\n' +
      'RUN pip install --no-cache-dir -r requirements.txt\n' +
      'CMD ["python", "serve.py"]',
    good:
      'FROM python:3.11 AS builder\n' +
      'WORKDIR /app\n' +
      'RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev\n' +
      'RUN python -m venv /opt/venv\n' +
      'ENV PATH="/opt/venv/bin:$PATH"\n' +
      'COPY requirements.txt .\n' +
      'RUN pip install --no-cache-dir -r requirements.txt\n' +
      '\n' +
      'FROM python:3.11-slim AS runtime\n' +
      'RUN apt-get update && apt-get install -y --no-install-recommends libpq5\n' +
      'COPY --from=builder /opt/venv /opt/venv\n' +
      'ENV PATH="/opt/venv/bin:$PATH"\n' +
      'WORKDIR /app\n' +
      'COPY --from=builder /app /app\n' +
      'CMD ["python", "serve.py"]',
    fixSafety: 'unsafe',
  },
  messages: {
    buildPackage: '`{package}` is only needed to build, yet it is installed in the shipped image; install it in a builder stage, or remove it in the same RUN.',
    buildPackageRuntime:
      '`{package}` is a build tool in the shipped image, but the image may compile at run time ({reason}); move it to a builder stage only if nothing compiles at run time.',
    devTool: '`{package}` is a test or lint tool installed in the shipped image; install it in a separate test stage.',
    testRun: '`{command}` runs tests in the shipped image, which then carries the test dependencies; run them in a separate test stage.',
  },
  check(ctx) {
    const { model } = ctx;
    const { lines } = model;
    const final = model.finalStage;
    if (!final) return;
    const roles = rolesOf(model, ctx.path, ctx.builders, ctx.root);
    if (roles.image?.has('development', 'test', 'builder', 'base', 'devcontainer')) return;
    // Training images build DeepSpeed ops and fused kernels when a job starts, as run-time compiling images do.
    const training = roles.image?.roles.find((r) => r.kind === 'training');
    const runtime = roles.runtimeCompilation ?? (training && `a training image: ${training.evidence}`);
    if (model.shippedStages.some((stage) => stage.image?.repository === 'buildpack-deps')) return;
    // An image that compiles at run time and names its compiler in CC or CXX keeps the compiler for that on purpose.
    const configured = runtime !== undefined && model.shippedStages.some((s) => s.instructions.some((i) => i.keyword === 'ENV' && assignments(i).some(([name]) => COMPILER_SETTINGS.has(name))));
    // A file that compiles in builder stages and still installs compilers alone in the shipped image, with no later
    // build step to use them, keeps them for run time on purpose (Triton compiles its launcher with the C compiler).
    const buildsElsewhere = model.stages.some((s) => roles.stage(s).neverShips);
    let split: Fix[] | undefined;
    const fixes = (instr: Instr): Fix[] => {
      if (instr.stage !== final) return [];
      if (!split) {
        // The split changes the base image and the installed packages: offered, never applied in bulk.
        const result = splitStage(model, final);
        split = result && 'edits' in result ? [{ title: 'Split into builder and runtime stages', edits: result.edits, safe: false }] : [];
      }
      return split;
    };
    for (const stage of model.shippedStages) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'RUN') continue;
        // One package installed in several `if`/`else` branches of a RUN is one finding.
        const reported = new Set<string>();
        const removed = removedPackages(instr.commands);
        if (buildsElsewhere && onlyCompilers(instr) && !builtAfter(model, instr)) continue;
        for (const install of installCommands(instr)) {
          const gone = removed.byManager.get(install.manager);
          const virtual = install.manager === 'apk' ? optionValues(install.args, ['--virtual', '-t']) : [];
          if (install.manager === 'apt' && removed.aptAutoRemove) continue;
          if (virtual.some((v) => gone?.has(v.value))) continue;
          for (const word of install.packages) {
            if (virtual.some((v) => v.start === word.start)) continue;
            const name = packageName(install, word);
            const messageId = classify(install, name);
            if (!messageId || gone?.has(name) || PRELOADED_LIBRARIES.has(name) || reported.has(name)) continue;
            reported.add(name);
            const range = lines.range(word.start, word.end);
            if (messageId === 'buildPackage' && runtime && ((isSystemBuildTool(name) && !isHeaderPackage(name)) || RUNTIME_HEADERS.test(name))) {
              if (configured) continue;
              ctx.report({ messageId: 'buildPackageRuntime', data: { package: name, reason: runtime }, range, severity: 'info', fixes: fixes(instr) });
            } else {
              ctx.report({ messageId, data: { package: name }, range, fixes: fixes(instr) });
            }
          }
        }
        for (const command of instr.commands) {
          const run = testCommand(command);
          if (run) ctx.report({ messageId: 'testRun', data: { command: run.text }, range: lines.range(run.start, run.end), fixes: fixes(instr) });
        }
      }
    }
  },
};

/** True when a RUN installs system packages and every one of them is a compiler or build system, not a header package. */
function onlyCompilers(instr: Instr): boolean {
  const installs = installCommands(instr);
  return (
    installs.length > 0 &&
    installs.every((install) => (install.manager === 'apt' || install.manager === 'apk') && install.packages.length > 0 && install.packages.every((word) => {
      const name = packageName(install, word);
      return isSystemBuildTool(name) && !isHeaderPackage(name);
    }))
  );
}

/** True when a RUN after `instr` in the shipped stages installs packages or runs a build tool, which may use its compilers. */
function builtAfter(model: DockerfileModel, instr: Instr): boolean {
  const later = model.shippedStages.flatMap((s) => s.instructions).filter((i) => i.keyword === 'RUN' && i.start > instr.start);
  return later.some((i) => installCommands(i).length > 0 || i.commands.some((c) => BUILD_COMMANDS.has(commandName(c)?.name ?? '') || /\bsetup\.py\b/.test(c.words.map((w) => w.value).join(' '))));
}

function classify(install: InstallCommand, name: string): 'buildPackage' | 'devTool' | undefined {
  switch (install.manager) {
    case 'apt':
    case 'apk':
      return isSystemBuildTool(name) ? 'buildPackage' : undefined;
    case 'pip':
    case 'uv':
      return PYTHON_DEV_TOOLS.has(name) || /^pytest([-_].+)?$/.test(name) ? 'devTool' : undefined;
    case 'conda':
      if (CONDA_BUILD_TOOLS.has(name)) return 'buildPackage';
      return PYTHON_DEV_TOOLS.has(name) || /^pytest([-_].+)?$/.test(name) ? 'devTool' : undefined;
    default:
      return undefined;
  }
}

/**
 * What one RUN removes again, by package manager: `apt-get purge gcc`, `apk del .build-deps`,
 * `pip uninstall pytest`, and the official images' `apt-mark auto '.*'` followed by
 * `apt-get purge --auto-remove`, which removes every package the RUN installed.
 */
function removedPackages(commands: ShellCommand[]): { byManager: Map<string, Set<string>>; aptAutoRemove: boolean } {
  const byManager = new Map<string, Set<string>>();
  const add = (manager: string, words: Word[]) => {
    const set = byManager.get(manager) ?? new Set<string>();
    for (const w of words) if (!w.value.startsWith('-')) set.add(w.value.split(/[=:]/)[0]);
    byManager.set(manager, set);
  };
  let markedAuto = false;
  let autoRemove = false;
  for (const command of commands) {
    const words = command.words;
    const markIndex = words.findIndex((w) => w.value === 'apt-mark');
    if (markIndex >= 0 && words[markIndex + 1]?.value === 'auto') markedAuto = true;
    const named = commandName(command);
    if (!named) continue;
    const verbIndex = named.args.findIndex((w) => !w.value.startsWith('-'));
    const verb = named.args[verbIndex]?.value;
    const rest = named.args.slice(verbIndex + 1);
    if ((named.name === 'apt-get' || named.name === 'apt') && (verb === 'purge' || verb === 'remove' || verb === 'autoremove')) {
      if (verb === 'autoremove' || named.args.some((w) => w.value === '--auto-remove' || w.value === '--autoremove')) autoRemove = true;
      add('apt', rest.filter((_, i) => rest[i - 1]?.value !== '-o'));
    } else if (named.name === 'apk' && verb === 'del') {
      add('apk', rest);
    } else if (/^pip[0-9.]*$/.test(named.name) && verb === 'uninstall') {
      add('pip', rest);
    }
  }
  return { byManager, aptAutoRemove: markedAuto && autoRemove };
}

/** `pytest`, `python -m pytest`, `tox`, `nox`, `make test`: the words to report and how to name them. */
function testCommand(command: ShellCommand): { text: string; start: number; end: number } | undefined {
  const named = commandName(command);
  if (!named) return undefined;
  const first = command.words[command.words.length - named.args.length - 1];
  if (named.name === 'pytest' || named.name === 'tox' || named.name === 'nox') {
    const start = /^python[0-9.]*$/.test(command.words[0]?.value.split('/').pop() ?? '') ? command.words[0].start : first.start;
    return { text: named.name, start, end: first.end };
  }
  if (named.name === 'make') {
    const target = named.args.find((w) => w.value === 'test' || w.value === 'check');
    if (target) return { text: `make ${target.value}`, start: first.start, end: target.end };
  }
  return undefined;
}
