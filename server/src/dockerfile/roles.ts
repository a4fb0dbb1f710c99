// What each stage of a Dockerfile is for (a service that is run, an artefact to export, a base or builder that
// other images start from, a dev container, a CI or test image, a training image), each role with the evidence
// for it, which stages ever ship, and whether the shipped image compiles code at run time. Pure, and computed once
// per model, path and set of Compose builders, so that every rule that consults it pays for it once.
import type { ComposeBuilder } from '../rules/types';
import { memoized, memoKey } from '../support/memo';
import { installCommands } from './commands';
import { DockerfileModel, Instr, Stage, stageReferences } from './model';
import { commandName } from './shell';

export type RoleKind = 'service' | 'artefact' | 'base' | 'builder' | 'devcontainer' | 'test' | 'development' | 'training';

/** One role of a stage and why DockML believes it, in words a hover can show. */
export interface Role {
  kind: RoleKind;
  evidence: string;
  /** The name the role is read from, when it is read from a name: the stage's, the file's or a folder's. */
  named?: 'stage' | 'file' | 'folder';
}

export interface StageRoles {
  readonly stage: Stage;
  /** The stage's roles in the order found (Compose, commands, packages, other stages, names); empty when nothing says. */
  readonly roles: readonly Role[];
  /** True when the stage's image is never run or pushed: it is only copied from, or only built on by such stages. */
  readonly neverShips: boolean;
  /**
   * Why the stage is an image of its own even though the final stage may not need it: its own CMD or
   * ENTRYPOINT, a `FROM scratch` export, or a Compose `build.target`.
   */
  readonly target?: string;
  has(...kinds: RoleKind[]): boolean;
}

export interface Roles {
  stage(stage: Stage): StageRoles;
  /** The roles of the image `docker build` produces by default, the final stage's; undefined without stages. */
  readonly image: StageRoles | undefined;
  /** Why the shipped image compiles code at run time (Triton, DeepSpeed ops, an entrypoint calling nvcc), if it does. */
  readonly runtimeCompilation: string | undefined;
}

/** Words in file, folder and stage names of development images, which exist to carry build tools. */
const DEVELOPMENT_NAME = /(^|[._-])(dev|devel|develop|development|dev-envs|sdk)([._-]|$)/i;
/** Words in file and stage names (not folders, where `docs/` holds examples) of images that build documentation. */
const DOCS_NAME = /(^|[._-])(doc|docs)([._-]|$)/i;
/** Words in file, folder and stage names of test and CI images. */
export const TEST_NAME = /(^|[._-])(test|tests|testing|ci|qa|e2e)([._-]|$)/i;
const BUILDER_NAME = /(^|[._-])(build|builder|compile|compiler)([._-]|$)/i;
const BASE_NAME = /(^|[._-])base([._-]|$)/i;
const TRAINING_NAME = /(^|[._-])(train|training|trainer|finetune|fine-tune|finetuning|pretrain|pretraining|trainers)([._-]|$)/i;
/** Commands that launch training: `torchrun`, `accelerate launch`, the DeepSpeed launcher, `python train.py`. */
const TRAINING_COMMAND = /\b(torchrun|horovodrun|deepspeed|accelerate\s+launch|python[0-9.]*\s+-m\s+torch\.distributed)\b|\b(train|finetune|pretrain)\w*\.py\b/;

/** A CMD that only starts a shell or an interpreter with no program, as base and development images do. */
const SHELL_COMMAND = /^\s*(\[\s*")?(\/bin\/|\/usr\/bin\/|\/usr\/local\/bin\/)?((ba|z|fi)?sh|python[0-9.]*|ipython[0-9]*|node|R|julia)"?\s*\]?\s*$/;
/** Jupyter's notebook images (`quay.io/jupyter/scipy-notebook`, the older `jupyter/…` on Docker Hub). */
const JUPYTER_IMAGE = /^(?:(?:quay\.io|docker\.io)\/)?jupyter\/[\w.-]+-notebook(?:[:@]|$)/;
/**
 * Python packages that compile kernels or extensions at run time: Triton JIT, DeepSpeed ops, vLLM, bitsandbytes,
 * `ninja` for `torch.utils.cpp_extension`. (flash-attn compiles when installed, which is build time.)
 */
const RUNTIME_COMPILING_PACKAGES = /^(deepspeed|vllm|triton|sglang|bitsandbytes|ninja|apex|unsloth|liger[-_]kernel|torch[-_]tensorrt|tensorrt[-_]llm)\b/i;
/** Settings that configure compilation at run time: extension and kernel caches, `torch.compile`. */
const RUNTIME_COMPILING_SETTINGS = /\b(TORCH_EXTENSIONS_DIR|TRITON_CACHE_DIR|TRITON_PTXAS_PATH|TORCHINDUCTOR_\w+|TORCH_COMPILE\w*|DS_BUILD_OPS=0)\b/;
/** Packages of distributed training frameworks. */
const TRAINING_PACKAGES = /^(horovod|megatron[-_]core|nemo[-_]toolkit)\b/i;
/** OpenMPI, which with an SSH server makes a multi-node training worker (the MPI Operator's pattern). */
const MPI_PACKAGES = /^(libopenmpi-dev|openmpi-bin|libopenmpi\d*)$/;
/** A compiler or build tool called as a command: at the start, after an operator, a quote, a comma or a path. */
const COMPILER_CALL = /(?:^|[\s;&|"'[,/])(nvcc|ninja|gcc|g\+\+|make|cmake)(?=[\s"',\]]|$)/;

/** The roles last worked out for a model, with the path, builders and root they were worked out for. */
const ROLES = memoKey<{ key: string; roles?: Roles }>('roles');

/**
 * The roles of every stage of a model, cached for the same path, builders and project root. `root` is the folder the
 * project starts at (see `DockerfileContext.root`): the test folders between it and the file count, however deep.
 */
export function rolesOf(model: DockerfileModel, path: string | undefined, builders: readonly ComposeBuilder[], root?: string): Roles {
  const key = JSON.stringify([path ?? '', builders, root ?? '']);
  const slot = memoized(model, ROLES, () => ({ key }));
  if (slot.roles && slot.key === key) return slot.roles;
  slot.key = key;
  slot.roles = computeRoles(model, path, builders, root);
  return slot.roles;
}

function computeRoles(model: DockerfileModel, path: string | undefined, builders: readonly ComposeBuilder[], root: string | undefined): Roles {
  const segments = (path ?? '').split(/[\\/]/).filter(Boolean);
  const fileName = segments[segments.length - 1] ?? '';
  const folders = segments.slice(0, -1);
  const projectFolders = foldersWithin(folders, root);
  const final = model.finalStage;
  const usedBy = dependents(model);
  const byStage = new Map<Stage, StageRoles>();

  for (const stage of model.stages) {
    const roles: Role[] = [];
    const add = (kind: RoleKind, evidence: string, named?: Role['named']) => roles.push(named ? { kind, evidence, named } : { kind, evidence });
    const label = stage.name ? `\`${stage.name}\`` : `${stage.index}`;
    const isFinal = stage === final;

    for (const builder of builders) {
      const targeted = builder.target !== undefined ? builder.target.toLowerCase() === stage.name : isFinal;
      if (targeted) add('service', `built by Compose service \`${builder.service}\` in ${baseName(builder.composeFile)}${builder.target ? ` (target \`${builder.target}\`)` : ''}`);
    }
    for (const s of chain(stage)) {
      for (const instr of s.instructions) {
        if (instr.keyword === 'CMD' || instr.keyword === 'ENTRYPOINT') {
          const text = instr.argsText.trim();
          add(TRAINING_COMMAND.test(text) ? 'training' : 'service', `runs \`${shorten(text)}\` (${instr.keyword} line ${instr.range.start.line + 1})`);
        } else if (instr.keyword === 'EXPOSE' || instr.keyword === 'HEALTHCHECK') {
          add('service', `${instr.keyword === 'EXPOSE' ? `exposes \`${shorten(instr.argsText.trim())}\`` : 'declares a HEALTHCHECK'} (line ${instr.range.start.line + 1})`);
        }
      }
    }
    const installs = chain(stage).flatMap((s) => s.instructions).flatMap(installCommands);
    const packages = installs.flatMap((install) => install.packages.map((word) => ({ word, install })));
    const training = packages.find((p) => TRAINING_PACKAGES.test(p.word.value));
    const mpi = packages.find((p) => MPI_PACKAGES.test(p.word.value));
    const pdsh = packages.find((p) => p.word.value === 'pdsh');
    if (training) add('training', `installs \`${training.word.value}\` (line ${training.install.instr.range.start.line + 1})`);
    else if (pdsh) add('training', `installs \`pdsh\`, DeepSpeed's multi-node launcher (line ${pdsh.install.instr.range.start.line + 1})`);
    else if (mpi && packages.some((p) => p.word.value === 'openssh-server')) {
      add('training', `installs OpenMPI and an SSH server for multi-node training (line ${mpi.install.instr.range.start.line + 1})`);
    }
    if (isExport(stage)) add('artefact', '`FROM scratch` with only files copied in and no command');

    const uses = usedBy.get(stage) ?? [];
    const bases = uses.filter((u) => u.how === 'FROM');
    const copies = uses.filter((u) => u.how !== 'FROM');
    if (bases.length > 0) add('base', `stage ${bases.map((u) => u.label).join(', ')} starts from it`);
    if (copies.length > 0) add('builder', `stage ${copies.map((u) => u.label).join(', ')} copies from it`);

    // Names say what a stage is for; the names of the file and of the two folders above it speak for the image the
    // file builds by default (farther folders name the project, not the image).
    // A stage that runs a program (not a shell) is a service whatever it is called: `FROM … AS base_build` then
    // `ENTRYPOINT ["/usr/bin/serve"]` is no base image.
    const runs = chain(stage).some((s) => s.instructions.some((i) => i.keyword === 'ENTRYPOINT' || (i.keyword === 'CMD' && !SHELL_COMMAND.test(i.argsText))));
    // An image whose only command is a shell or an interpreter, and that nothing serves from, is one to build on or
    // to work in (the official language images end with `CMD ["python3"]`), unless Compose runs it.
    const command = chain(stage).flatMap((s) => s.instructions).filter((i) => i.keyword === 'CMD').pop();
    const serves = chain(stage).some((s) => s.instructions.some((i) => i.keyword === 'EXPOSE' || i.keyword === 'HEALTHCHECK'));
    const composed = roles.some((r) => r.evidence.startsWith('built by Compose'));
    if (command && !runs && !serves && !composed) {
      add('base', `its only command opens a shell or an interpreter (\`${shorten(command.argsText.trim())}\`, line ${command.range.start.line + 1})`);
    }
    const first = chain(stage).pop();
    if (first && !first.parent && JUPYTER_IMAGE.test(first.baseText)) add('development', `built on the Jupyter notebook image \`${first.baseText}\``);
    // An image built on a builder image (`FROM yarn-builder`) that runs and serves nothing is itself a build step.
    const builderBase = first && !first.parent && BUILDER_NAME.test(imageRepositoryName(first.baseText)) ? first.baseText : undefined;
    if (builderBase && !runs && !serves && !command && !composed) add('builder', `built on the builder image \`${builderBase}\` and runs nothing of its own`);
    const names: { text: string; what: string; named: NonNullable<Role['named']> }[] = [{ text: stage.name ?? '', what: `stage ${label}`, named: 'stage' }];
    if (isFinal) {
      names.push({ text: fileName, what: `file \`${fileName}\``, named: 'file' }, ...folders.slice(-2).map((f) => ({ text: f, what: `folder \`${f}\``, named: 'folder' as const })));
    }
    for (const { text, what, named } of names) {
      if (!text) continue;
      if (named !== 'folder' && DOCS_NAME.test(text)) add('development', `${what} is named for documentation`, named);
      if (text === '.devcontainer') add('devcontainer', `in \`.devcontainer/\``, named);
      else if (DEVELOPMENT_NAME.test(text)) add('development', `${what} is named for development`, named);
      if (TEST_NAME.test(text)) add('test', `${what} is named for tests or CI`, named);
      if (BUILDER_NAME.test(text) && !runs) add('builder', `${what} is named for building`, named);
      if (BASE_NAME.test(text) && !runs) add('base', `${what} is named \`*base*\``, named);
      if (TRAINING_NAME.test(text)) add('training', `${what} is named for training`, named);
    }
    // Test folders farther up than the two nearest still speak for the file when they are inside the project:
    // `src/test/resources/…/Dockerfile` and `test/docker/mock/Dockerfile` build fixtures, not services.
    const testFolder = isFinal ? projectFolders.slice(0, -2).find((f) => TEST_NAME.test(f)) : undefined;
    if (testFolder) add('test', `folder \`${testFolder}\` is named for tests or CI`, 'folder');
    byStage.set(stage, stageRoles(stage, roles));
  }

  // Every image that may be built: the final stage, stages that Compose targets, and stages nothing else uses
  // (built with `--target`). A stage ships when it is one of these or one of them is built on it.
  const outputs = model.stages.filter((s) => s === final || (usedBy.get(s) ?? []).length === 0 || builders.some((b) => b.target?.toLowerCase() === s.name));
  const shipping = new Set(outputs.flatMap(chain));
  for (const [stage, entry] of byStage) {
    const own = targetEvidence(stage, entry.roles);
    byStage.set(stage, stageRoles(stage, entry.roles, !shipping.has(stage), own));
  }

  return {
    stage: (stage) => byStage.get(stage) ?? stageRoles(stage, []),
    image: final ? byStage.get(final) : undefined,
    runtimeCompilation: final ? runtimeCompilation(withSources(model, chain(final))) : undefined,
  };
}

// Built with every property written out, not spread from an earlier entry: rules read these for every instruction,
// and a spread object's properties are slower to read.
function stageRoles(stage: Stage, roles: readonly Role[], neverShips = false, target?: string): StageRoles {
  return { stage, roles, neverShips, target, has: (...kinds) => roles.some((r) => kinds.includes(r.kind)) };
}

/** The evidence that a stage is built as an image of its own, from what it says itself rather than what it inherits. */
function targetEvidence(stage: Stage, roles: readonly Role[]): string | undefined {
  const own = stage.instructions.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  if (own) return `it has its own ${own.keyword} (line ${own.range.start.line + 1})`;
  return roles.find((r) => r.evidence.startsWith('built by Compose') || r.kind === 'artefact')?.evidence;
}

/** The stage and the stages it is built on through `FROM <stage>`, itself first. */
function chain(stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !stages.includes(s); s = s.parent) stages.push(s);
  return stages;
}

/** For each stage, the later stages that start from it (`FROM x`) or read from it (`--from=x`). */
function dependents(model: DockerfileModel): Map<Stage, { how: 'FROM' | 'copy'; label: string }[]> {
  const map = new Map<Stage, { how: 'FROM' | 'copy'; label: string }[]>();
  const push = (stage: Stage, how: 'FROM' | 'copy', user: Stage, line: number) => {
    const list = map.get(stage) ?? [];
    list.push({ how, label: `${user.name ? `\`${user.name}\`` : user.index} (line ${line + 1})` });
    map.set(stage, list);
  };
  for (const stage of model.stages) {
    if (stage.parent) push(stage.parent, 'FROM', stage, stage.from.range.start.line);
    for (const instr of stage.instructions) {
      for (const ref of stageReferences(instr)) {
        const used = model.stageRef(model.expand(ref.value), stage.index);
        if (used) push(used, 'copy', stage, instr.range.start.line);
      }
    }
  }
  return map;
}

/**
 * Copied folders that hold installed Python packages: a virtual environment (also as `$VIRTUAL_ENV`), site-packages,
 * a conda or Python prefix.
 */
const PACKAGE_FOLDER = /venv|virtual_env|site-packages|dist-packages|conda|mamba|python/i;

/**
 * The stages and, recursively, the stages they copy installed packages from (`COPY --from=build /opt/venv /opt/venv`):
 * a package installed into an environment in a builder stage runs in the image that copies the environment.
 */
function withSources(model: DockerfileModel, stages: Stage[]): Stage[] {
  const found = [...stages];
  for (let i = 0; i < found.length; i++) {
    for (const instr of found[i].instructions) {
      const from = instr.keyword === 'COPY' ? instr.flag('from')?.getValue() : undefined;
      // The sources as written in the shell form, which copies of environments use.
      if (!from || !instr.args.slice(0, -1).some((source) => PACKAGE_FOLDER.test(source.value))) continue;
      const source = model.stageRef(model.expand(from), found[i].index);
      for (const s of source ? chain(source) : []) if (!found.includes(s)) found.push(s);
    }
  }
  return found;
}

/** True for `FROM scratch` stages that only receive files: an export stage, built with `--output`. */
function isExport(stage: Stage): boolean {
  if (stage.baseText.toLowerCase() !== 'scratch') return false;
  return stage.instructions.every((i) => ['COPY', 'ADD', 'ARG', 'LABEL', 'ENV', 'WORKDIR'].includes(i.keyword));
}

/** Why the shipped stages compile code at run time, if they do. */
function runtimeCompilation(stages: Stage[]): string | undefined {
  for (const stage of [...stages].reverse()) {
    for (const instr of stage.instructions) {
      const line = `line ${instr.range.start.line + 1}`;
      if ((instr.keyword === 'ENV' || instr.keyword === 'ARG') && RUNTIME_COMPILING_SETTINGS.test(instr.argsText)) {
        return `it configures compilation at run time (\`${RUNTIME_COMPILING_SETTINGS.exec(instr.argsText)?.[0]}\`, ${line})`;
      }
      if (instr.keyword === 'CMD' || instr.keyword === 'ENTRYPOINT') {
        const compiler = callsCompiler(instr);
        if (compiler) return `its ${instr.keyword} calls \`${compiler}\` (${line})`;
      }
      for (const install of installCommands(instr)) {
        if (install.manager !== 'pip' && install.manager !== 'uv' && install.manager !== 'conda') continue;
        const found = install.packages.find((p) => RUNTIME_COMPILING_PACKAGES.test(p.value) || RUNTIME_COMPILING_PACKAGES.test(repositoryName(p.value)));
        const name = found && (RUNTIME_COMPILING_PACKAGES.exec(found.value) ?? RUNTIME_COMPILING_PACKAGES.exec(repositoryName(found.value)))?.[0];
        if (name) return `it installs \`${name}\`, which compiles kernels at run time (${line})`;
      }
      const cloned = clonedRepositories(instr).find((name) => RUNTIME_COMPILING_PACKAGES.test(name));
      if (cloned) return `it clones \`${cloned}\` to install it, which compiles kernels at run time (${line})`;
    }
  }
  return undefined;
}

/** The repository a version-control or `.git` URL names (`git+https://github.com/vllm-project/vllm.git@main` is `vllm`); empty for other words. */
function repositoryName(word: string): string {
  if (!/^(?:git\+|git:\/\/|https?:\/\/\S+\.git\b)/.test(word)) return '';
  return /\/([\w.-]+?)(?:\.git)?(?:[@#].*)?$/.exec(word)?.[1] ?? '';
}

/** The repositories that the `git clone` commands of a RUN clone, by name. */
function clonedRepositories(instr: Instr): string[] {
  if (instr.keyword !== 'RUN') return [];
  return instr.commands.flatMap((command) => {
    const named = commandName(command);
    if (named?.name !== 'git' || named.args[0]?.value !== 'clone') return [];
    const url = named.args.slice(1).find((w) => /^(?:https?|git|ssh):\/\/|^git@/.test(w.value));
    return url ? [/\/([\w.-]+?)(?:\.git)?\/?$/.exec(url.value)?.[1] ?? ''] : [];
  });
}

/** The compiler a CMD or ENTRYPOINT calls, in either form, also inside `sh -c "…"`. */
function callsCompiler(instr: Instr): string | undefined {
  // The raw text rather than the parsed words: a script inside the JSON form is one word.
  return COMPILER_CALL.exec(instr.argsText)?.[1];
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}

/**
 * The folders of a file's path that lie inside the project root, nearest last; none when the root is unknown or the
 * file is outside it. Folders above the root name the user's machine, not the image.
 */
function foldersWithin(folders: string[], root: string | undefined): string[] {
  if (root === undefined) return [];
  const rootSegments = root.split(/[\\/]/).filter(Boolean);
  if (rootSegments.length > folders.length || rootSegments.some((segment, i) => segment !== folders[i])) return [];
  return folders.slice(rootSegments.length);
}

/** The repository's last path segment of an image reference, without registry, tag or digest: `yarn-builder`. */
function imageRepositoryName(image: string): string {
  return image.split('@')[0].split('/').pop()?.split(':')[0] ?? '';
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** The roles as Markdown lines for a hover: one per role with its evidence. */
export function describeRoles(entry: StageRoles): string[] {
  const lines = entry.roles.map((r) => `- ${ROLE_LABELS[r.kind]}: ${r.evidence}`);
  if (entry.neverShips) lines.push('- Never ships: no image that may be built (the final stage, a `--target` variant, a Compose target) starts from it.');
  return lines;
}

const ROLE_LABELS: Record<RoleKind, string> = {
  service: 'Service',
  artefact: 'Artefact (export) stage',
  base: 'Base image',
  builder: 'Builder',
  devcontainer: 'Dev container',
  test: 'CI or test image',
  development: 'Development image',
  training: 'Training image',
};
