// The "split into builder and runtime stages" refactor: the final stage keeps its build steps under a
// builder name, and a new runtime stage on a slimmer base receives what the built application needs to
// start: the Python environment, whole, the system packages that are not build tools, and the app.
import * as path from 'node:path';
import type { Property } from 'dockerfile-ast';
import { looksSecret } from '../rules/dockerfile/secret-in-env-or-arg';
import type { FileEdit } from '../rules/types';
import { hasFlag, installCommands, isHeaderPackage, isSystemBuildTool, optionValues, packageName, type InstallCommand } from './commands';
import type { DockerfileModel, Instr, Stage } from './model';
import { commandName, type Word } from './shell';

/** Instructions that describe the running container: the runtime stage takes them over from the builder. */
const RUNTIME_METADATA = new Set(['EXPOSE', 'USER', 'HEALTHCHECK', 'LABEL', 'VOLUME', 'STOPSIGNAL', 'CMD', 'ENTRYPOINT']);

/** Instructions that both stages need: the builder's steps depend on them, and so does the running container. */
const SHARED_SETUP = new Set(['ENV', 'WORKDIR', 'SHELL']);

/** Python packaging tools and headers installed from apt: the builder needs them to fill the environment, the runtime stage does not. */
const PYTHON_PACKAGING = /^(pip|python3(\.\d+)?-(pip|venv|setuptools|wheel|dev)|py3-(pip|setuptools|wheel))$/;

/** Where the virtual environment that the refactor creates lives. */
const VENV = '/opt/venv';

/** Base images that keep a conda installation, with the folder it lives in. */
const CONDA_BASE = /(^|\/)(miniconda\d*|anaconda\d*|miniforge\d*|mambaforge|micromamba)$/;

/** Commands that create users and prepare their folders, and nothing else. */
const USER_SETUP_COMMANDS = new Set(['useradd', 'groupadd', 'adduser', 'addgroup', 'usermod', 'mkdir', 'chown', 'chmod']);
const USER_CREATION_COMMANDS = new Set(['useradd', 'groupadd', 'adduser', 'addgroup']);

/** Writes generated keywords in the case the user writes them: a Dockerfile in lower case stays so. */
export function keywordCaser(model: DockerfileModel, stage: Stage): (keyword: string) => string {
  const written = model.text.slice(stage.from.start, stage.from.start + 4);
  const lower = written === written.toLowerCase();
  return (keyword) => (lower ? keyword.toLowerCase() : keyword.toUpperCase());
}

/** The destination argument of a COPY or ADD, as written. */
export function copyDestination(instr: Instr): string | undefined {
  const words = copyWords(instr);
  return words.length > 1 ? words[words.length - 1].value : undefined;
}

/**
 * The absolute path a COPY or ADD writes to: the destination against `workdir`, the WORKDIR in force
 * (undefined for `/`), and for a single source that looks like a file (`serve.py`, `model.pt`) copied
 * into a folder, the file itself.
 */
export function copyTarget(instr: Instr, workdir: string | undefined): string | undefined {
  const destination = copyDestination(instr);
  if (!destination) return undefined;
  let target = destination.startsWith('/') || destination.startsWith('$') ? destination : path.posix.join(workdir ?? '/', destination);
  const sources = copySources(instr);
  const file = sources.length === 1 ? path.posix.basename(sources[0].value) : '';
  if (target.endsWith('/') && /.\../.test(file) && !/[*?[$]/.test(file)) target = path.posix.join(target, file);
  return trimSlash(target);
}

/** The source arguments of a COPY or ADD, without heredoc markers and bodies or the destination. */
export function copySources(instr: Instr): { value: string; start: number; end: number }[] {
  return copyWords(instr).slice(0, -1);
}

/** The sources and the destination of a COPY or ADD, without heredoc markers and bodies. */
function copyWords(instr: Instr): { value: string; start: number; end: number }[] {
  if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') return [];
  if (instr.isJsonForm) return instr.commands[0]?.words ?? [];
  const lines = instr.model.lines;
  const heredocStart = instr.heredocs[0]?.getStartRange().start.line;
  return instr.args
    .filter((a) => !a.value.startsWith('<<') && (heredocStart === undefined || a.range.start.line <= heredocStart))
    .map((a) => ({ value: a.value, start: lines.offsetAt(a.range.start), end: lines.offsetAt(a.range.end) }));
}

/**
 * The first line of the comment block written directly above an instruction (no blank line between),
 * so that a moved instruction takes its explanation (or its `# dockml-ignore`) along.
 */
export function commentBlockStart(model: DockerfileModel, instr: Instr): number {
  let line = instr.range.start.line;
  while (line > 0 && /^\s*#/.test(model.lines.lineText(line - 1)) && model.instructionAt(line - 1) === undefined) line--;
  return line;
}

/** What the refactor produces: the edits, or why it does not apply to this stage. */
export type SplitResult = { edits: FileEdit[] } | { declined: string };

/**
 * Splits the final stage into a builder stage, which keeps every build step, and a runtime stage on the
 * slim (or runtime) variant of the same base. The builder installs Python packages into a virtual
 * environment (created before the first install, unless one exists), which the runtime stage copies
 * whole, as it copies a conda installation or a `--prefix`/`--target` folder; the runtime stage installs
 * again the system packages that are not build tools, copies the WORKDIR and what was copied outside
 * it, repeats ENV (secrets excepted), WORKDIR and user creation, and takes over the runtime metadata
 * (EXPOSE, USER, HEALTHCHECK, LABEL, VOLUME, STOPSIGNAL, CMD, ENTRYPOINT). The runtime stage is named
 * `runtime`, or keeps the name the stage had, so that `docker build --target` and a Compose
 * `build.target` still build the shipped image; the builder is then named `builder`.
 * Returns undefined when the stage is not the final stage or is built on another stage.
 */
export function splitStage(model: DockerfileModel, stage: Stage): SplitResult | undefined {
  if (stage !== model.finalStage || stage.parent || stage.baseText === '') return undefined;
  const python = pythonPlan(stage);
  if ('declined' in python) return python;
  const { lines, text } = model;
  const eol = lines.eol;
  const kw = keywordCaser(model, stage);
  const builder = uniqueName(model, 'builder');
  const runtimeName = stage.nameRange ? text.slice(lines.offsetAt(stage.nameRange.start), lines.offsetAt(stage.nameRange.end)) : uniqueName(model, 'runtime');
  const edits: RawEdit[] = [...python.edits];
  if (stage.nameRange) {
    edits.push({ start: lines.offsetAt(stage.nameRange.start), end: lines.offsetAt(stage.nameRange.end), newText: builder });
  } else {
    const at = lines.offsetAt(stage.baseRange.end);
    edits.push({ start: at, end: at, newText: ` ${kw('AS')} ${builder}` });
  }
  if (python.create) {
    const at = lines.lineStart(commentBlockStart(model, python.create.before));
    edits.push({ start: at, end: at, newText: `${kw('RUN')} ${python.create.python} -m venv ${VENV}${eol}${kw('ENV')} ${VENV_ENV}${eol}` });
  }

  // A USER that later build steps run as stays in the builder too; the other metadata moves.
  const moved = new Set(stage.instructions.filter((instr, i) => RUNTIME_METADATA.has(instr.keyword) && !(instr.keyword === 'USER' && buildStepFollows(stage, i))));
  const runtimeMetadata = stage.instructions.filter((instr) => RUNTIME_METADATA.has(instr.keyword));
  const kept = stage.instructions.filter((instr) => !moved.has(instr));
  const lastKept = kept.length > 0 ? kept[kept.length - 1] : stage.from;

  // Moved instructions above the builder's last kept one are deleted where they stand, with their comments.
  for (const instr of moved) {
    if (instr.start > lastKept.start) continue;
    const start = lines.lineStart(commentBlockStart(model, instr));
    const endLine = instr.range.end.line;
    const end = endLine + 1 < lines.lineCount ? lines.lineStart(endLine + 1) : text.length;
    edits.push({ start, end, newText: '' });
  }

  // Below it, the text is rebuilt: comments that belong to no moved instruction stay in the builder.
  const movedLines = new Set<number>();
  for (const instr of moved) {
    for (let line = commentBlockStart(model, instr); line <= instr.range.end.line; line++) movedLines.add(line);
  }
  let tail = '';
  for (let line = lastKept.range.end.line + 1; line < lines.lineCount; line++) {
    if (!movedLines.has(line) && /^\s*#/.test(lines.lineText(line)) && model.instructionAt(line) === undefined) tail += eol + lines.lineText(line);
  }
  const runtime = runtimeStage(model, stage, { builder, name: runtimeName, python, metadata: runtimeMetadata, kw });
  const endsWithBreak = text.endsWith('\n') || text.endsWith('\r');
  tail += eol + eol + runtime.join(eol) + (endsWithBreak ? eol : '');
  edits.push({ start: lastKept.end, end: text.length, newText: tail });

  return { edits: edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText })) };
}

type RawEdit = { start: number; end: number; newText: string };

/** The ENV that puts the created virtual environment first on the PATH, in both stages. */
const VENV_ENV = `VIRTUAL_ENV=${VENV} PATH="${VENV}/bin:$PATH"`;

/** How the Python packages the builder installs reach the runtime stage. */
interface PythonPlan {
  /** Folders copied whole from the builder, as [source, destination]. */
  copies: [string, string][];
  /** The virtual environment the builder creates before the first install, with the interpreter that creates it. */
  create?: { before: Instr; python: string };
  /** Further edits of the builder: the venv package next to an apt-installed `python3`. */
  edits: RawEdit[];
  /** apt packages the runtime stage needs for the environment to run: the interpreter it links to. */
  runtimePackages?: string[];
}

/**
 * Decides where the builder's Python packages live: an existing virtual environment or conda
 * installation, a `--user`, `--prefix` or `--target` folder, or a virtual environment that the refactor
 * creates. Declines, with the reason, when the image's Python is unknown.
 */
function pythonPlan(stage: Stage): PythonPlan | { declined: string } {
  const copies: [string, string][] = [];
  const add = (from: string, to = from) => {
    if (!copies.some(([source]) => within(from, source))) copies.push([from, to]);
  };
  const installs = stage.instructions.flatMap(installCommands);
  const conda = condaRoot(stage);
  if (conda) add(conda);
  for (const install of installs) {
    if (install.manager !== 'conda') continue;
    const prefix = optionValues(install.args, ['-p', '--prefix'])[0]?.value;
    if (prefix?.startsWith('/') && !prefix.includes('$')) add(trimSlash(prefix));
    else if (!conda) return { declined: 'DockML does not know where this image keeps its conda environments: create them with `conda create -p /opt/env`, then split.' };
  }
  const venvs = virtualEnvironments(stage);
  for (const venv of venvs) add(venv);
  const pip = installs.filter(isPythonInstall);
  const plain: InstallCommand[] = [];
  for (const install of pip) {
    const prefix = optionValues(install.args, ['--prefix'])[0]?.value;
    const target = optionValues(install.args, ['-t', '--target'])[0]?.value;
    if (hasFlag(install.args, '--user')) add(`${homeOf(stage, install.instr)}/.local`);
    else if (target?.startsWith('/')) add(trimSlash(target));
    else if (prefix?.startsWith('/') && stage.imageInfo?.family === 'python') add(trimSlash(prefix), '/usr/local');
    else if (prefix) return { declined: `DockML does not know where this image's Python looks for packages installed with \`--prefix ${prefix}\`: install them into a virtual environment, then split.` };
    else plain.push(install);
  }
  if (plain.length === 0 || conda || venvs.length > 0) return { copies, edits: [] };
  if (pip.some((install) => hasFlag(install.args, '--user'))) {
    return { declined: 'Some pip installs use `--user` and others do not: install every package the same way, then split.' };
  }

  // Packages installed into the system Python: a virtual environment keeps them together.
  const before = plain[0].instr;
  add(VENV);
  if (stage.imageInfo?.family === 'python') return { copies, edits: [], create: { before, python: 'python' } };
  // Alpine's python3 package has the venv module; Debian's and Ubuntu's need python3-venv beside it.
  if (installs.some((i) => i.manager === 'apk' && i.packages.some((w) => w.value === 'python3'))) return { copies, edits: [], create: { before, python: 'python3' } };
  const aptWords = installs.flatMap((i) => (i.manager === 'apt' ? i.packages : []));
  const aptPython = aptWords.map((word) => ({ word, python: /^(python3(?:\.\d+)?)(?:-dev|-pip|-full)?$/.exec(word.value)?.[1] }))
    .find((found): found is { word: Word; python: string } => found.python !== undefined);
  if (!aptPython) {
    return { declined: 'DockML does not know which Python this image runs: create a virtual environment (`python3 -m venv /opt/venv`) before the pip installs, then split.' };
  }
  const { word, python } = aptPython;
  const edits: RawEdit[] = [];
  if (!aptWords.some((w) => w.value === `${python}-venv`)) edits.push({ start: word.end, end: word.end, newText: ` ${python}-venv` });
  // The environment's interpreter is the system one, which the runtime stage must install too.
  return { copies, edits, create: { before, python }, runtimePackages: [python] };
}

/** pip, `uv pip` and Poetry installs, which go into the active environment. */
function isPythonInstall(install: InstallCommand): boolean {
  return install.manager === 'pip' || install.manager === 'poetry' || (install.manager === 'uv' && install.verb.value === 'install');
}

/**
 * The folder of the conda installation the stage uses: the one its base image keeps (`/opt/conda` in the
 * PyTorch, Miniconda and Miniforge images), or one that an ENV puts on the PATH (`/opt/conda/bin`).
 */
function condaRoot(stage: Stage): string | undefined {
  const repository = stage.image?.repository ?? '';
  if (stage.imageInfo?.family === 'pytorch' || CONDA_BASE.test(repository)) return '/opt/conda';
  for (const instr of stage.instructions) {
    if (instr.keyword !== 'ENV') continue;
    for (const property of properties(instr)) {
      const value = property.getValue() ?? '';
      const found = property.getName() === 'PATH' ? /(?:^|:)(\/[\w./-]*(?:conda|mamba|miniforge)[\w.-]*)\/bin(?::|$)/.exec(value)?.[1] : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** The home folder of the user a RUN runs as: `/root`, or `/home/<user>`. */
function homeOf(stage: Stage, instr: Instr): string {
  let user = 'root';
  for (const other of stage.instructions) {
    if (other === instr) break;
    if (other.keyword === 'USER' && other.args[0]) user = other.args[0].value.split(':')[0];
  }
  return user === 'root' || user === '0' ? '/root' : `/home/${user}`;
}

interface RuntimeOptions {
  builder: string;
  name: string;
  python: PythonPlan;
  metadata: Instr[];
  kw: (keyword: string) => string;
}

/** The lines of the runtime stage. */
function runtimeStage(model: DockerfileModel, stage: Stage, options: RuntimeOptions): string[] {
  const { builder, name, python, metadata, kw } = options;
  const source = (instr: Instr) => model.text.slice(instr.start, instr.end);
  const withComments = (instr: Instr) => model.text.slice(model.lines.lineStart(commentBlockStart(model, instr)), instr.end);
  const setup = stage.instructions
    .filter((instr) => SHARED_SETUP.has(instr.keyword) || isUserSetup(instr))
    .map((instr) => (instr.keyword === 'ENV' ? withoutSecrets(model, instr) : source(instr)))
    .filter((line): line is string => line !== undefined);

  const workdir = finalWorkdir(stage);
  // An environment inside the WORKDIR (`pip install --user` as a user at home) comes along with it.
  const copied = python.copies.filter(([from, to]) => !(from === to && workdir && within(from, workdir)));
  const environmentCount = copied.length;
  const covered = (target: string) => copied.some(([from]) => within(target, from)) || (workdir !== undefined && within(target, workdir));
  // What the builder copied outside the WORKDIR and the environments goes along, except into /tmp, which serves the build.
  let cwd: string | undefined;
  for (const instr of stage.instructions) {
    const target = copyTarget(instr, cwd);
    if (target && target !== '/' && !within(target, '/tmp') && !covered(target)) copied.push([target, target]);
    cwd = workdirAfter(cwd, instr);
  }
  if (workdir && !copied.some(([from]) => within(workdir, from))) copied.push([workdir, workdir]);
  const copy = ([from, to]: [string, string]) => `${kw('COPY')} --from=${builder} ${from} ${to}`;
  const environments = copied.slice(0, environmentCount).map(copy);
  const app = copied.slice(environmentCount).map(copy);
  const packages = systemPackages(stage, kw, python.runtimePackages ?? []);

  const carried = [...setup, ...app, ...metadata.map(source)].join('\n');
  const args = stage.instructions.filter((instr) => {
    if (instr.keyword !== 'ARG') return false;
    const names = instr.args.map((a) => a.value.split('=')[0]);
    return names.some((n) => mentions(carried, n)) && !names.some(looksSecret);
  });

  const out: string[] = [`${kw('FROM')} ${platformFlag(stage)}${runtimeBase(model, stage)} ${kw('AS')} ${name}`];
  for (const line of [...args.map(source), ...setup, ...packages, ...environments]) out.push(line);
  if (python.create) out.push(`${kw('ENV')} ${VENV_ENV}`);
  for (const line of app) out.push(line);
  if (!workdir) out.push('# Copy any other build outputs from the builder stage here.');
  for (const instr of metadata) out.push(withComments(instr));
  return out;
}

/**
 * The RUNs that install again, on the runtime base, the system packages the builder installed that are
 * not build tools (`libgomp1`, `ffmpeg`), and a reminder for the libraries behind header packages.
 */
function systemPackages(stage: Stage, kw: (keyword: string) => string, interpreter: string[]): string[] {
  const wanted = new Map<'apt' | 'apk', string[]>();
  if (interpreter.length > 0) wanted.set('apt', [...interpreter]);
  const headers: string[] = [];
  for (const install of stage.instructions.flatMap(installCommands)) {
    if (install.manager !== 'apt' && install.manager !== 'apk') continue;
    const list = wanted.get(install.manager) ?? [];
    for (const word of install.packages) {
      const name = packageName(install, word);
      if (PYTHON_PACKAGING.test(name)) continue;
      if (isHeaderPackage(name)) headers.push(name);
      else if (!isSystemBuildTool(name) && !list.includes(word.value)) list.push(word.value);
    }
    wanted.set(install.manager, list);
  }
  const out: string[] = [];
  const apt = wanted.get('apt') ?? [];
  const apk = wanted.get('apk') ?? [];
  if (apt.length > 0) out.push(`${kw('RUN')} apt-get update && apt-get install -y --no-install-recommends ${apt.join(' ')} && rm -rf /var/lib/apt/lists/*`);
  if (apk.length > 0) out.push(`${kw('RUN')} apk add --no-cache ${apk.join(' ')}`);
  if (headers.length > 0) out.push(`# The builder installed the headers ${headers.map((h) => `\`${h}\``).join(', ')}: install here the run-time libraries behind them, if the application loads them.`);
  return out;
}

/** An ENV without the variables whose names look secret, or undefined when nothing is left. */
function withoutSecrets(model: DockerfileModel, instr: Instr): string | undefined {
  const all = properties(instr);
  const kept = all.filter((p) => !looksSecret(p.getName()));
  if (kept.length === all.length) return model.text.slice(instr.start, instr.end);
  if (kept.length === 0) return undefined;
  const keyword = model.text.slice(instr.start, instr.start + instr.keyword.length);
  const text = (p: Property) => model.text.slice(model.lines.offsetAt(p.getRange().start), model.lines.offsetAt(p.getRange().end));
  return `${keyword} ${kept.map(text).join(' ')}`;
}

function properties(instr: Instr): Property[] {
  const node = instr.node as typeof instr.node & { getProperties?: () => Property[] };
  return node.getProperties?.() ?? [];
}

/** The base of the runtime stage: the slim or runtime variant of the builder's base, else the same base as written. */
function runtimeBase(model: DockerfileModel, stage: Stage): string {
  const info = stage.imageInfo;
  const alternative = info?.slimAlternative ?? info?.runtimeAlternative;
  if (alternative) return alternative;
  return model.text.slice(model.lines.offsetAt(stage.baseRange.start), model.lines.offsetAt(stage.baseRange.end));
}

/** The builder's `--platform` flag, unless it names the build platform, which is for cross-building only. */
function platformFlag(stage: Stage): string {
  const value = stage.from.flag('platform')?.getValue();
  return value && !value.includes('BUILDPLATFORM') ? `--platform=${value} ` : '';
}

/** A stage name that no other stage uses: `base`, else `base2`, `base3`, … */
function uniqueName(model: DockerfileModel, base: string): string {
  const taken = new Set(model.stages.map((s) => s.name));
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
  return name;
}

/** True when a RUN, COPY or ADD follows the instruction at `index`: then a USER there still matters to the build. */
function buildStepFollows(stage: Stage, index: number): boolean {
  return stage.instructions.slice(index + 1).some((instr) => instr.keyword === 'RUN' || instr.keyword === 'COPY' || instr.keyword === 'ADD');
}

/** A RUN that only creates users and their folders, which the runtime stage needs as well. */
function isUserSetup(instr: Instr): boolean {
  if (instr.keyword !== 'RUN') return false;
  const names = instr.commands.map((c) => commandName(c)?.name ?? '');
  return names.length > 0 && names.every((n) => USER_SETUP_COMMANDS.has(n)) && names.some((n) => USER_CREATION_COMMANDS.has(n));
}

/** The working directory the stage ends in, when it sets one other than `/`. */
function finalWorkdir(stage: Stage): string | undefined {
  return stage.instructions.reduce(workdirAfter, undefined as string | undefined);
}

/** The working directory after `instr`, given the one before it (undefined for `/`). */
export function workdirAfter(current: string | undefined, instr: Instr): string | undefined {
  const value = instr.keyword === 'WORKDIR' ? instr.args[0]?.value : undefined;
  if (!value) return current;
  const next = trimSlash(value.startsWith('/') || value.startsWith('$') ? value : path.posix.join(current ?? '/', value));
  return next === '/' ? undefined : next;
}

/**
 * Absolute paths of the virtual environments the stage creates (`python -m venv /opt/venv`,
 * `uv venv /opt/venv`, `virtualenv $VIRTUAL_ENV`) or declares (`ENV VIRTUAL_ENV=/opt/venv`).
 */
function virtualEnvironments(stage: Stage): string[] {
  const found: string[] = [];
  let declared: string | undefined;
  const add = (target: string | undefined) => {
    const value = target && declared ? target.replace(/^\$\{?VIRTUAL_ENV\}?(?=\/|$)/, declared) : target;
    if (value && value.startsWith('/') && !value.includes('$') && !found.includes(trimSlash(value))) found.push(trimSlash(value));
  };
  for (const instr of stage.instructions) {
    if (instr.keyword === 'ENV') {
      const property = properties(instr).find((p) => p.getName() === 'VIRTUAL_ENV');
      const value = property?.getValue() ?? undefined;
      if (value && value.startsWith('/')) {
        declared = value;
        add(value);
      }
    }
    if (instr.keyword !== 'RUN') continue;
    for (const command of instr.commands) {
      const named = commandName(command);
      if (!named) continue;
      let args = named.args;
      // `python$PYTHON_VERSION -m venv /home/venv`: an interpreter named through a build argument.
      if (/^python\$/.test(named.name) && args[0]?.value === '-m' && args[1]?.value === 'venv') args = args.slice(2);
      else if (named.name === 'uv' && args[0]?.value === 'venv') args = args.slice(1);
      else if (named.name !== 'venv' && named.name !== 'virtualenv') continue;
      add(args.find((w) => !w.value.startsWith('-'))?.value);
    }
  }
  return found;
}

function trimSlash(value: string): string {
  return value.length > 1 ? value.replace(/\/+$/, '') || '/' : value;
}

/** True when the path `child` is `parent` or lies below it. */
export function within(child: string, parent: string): boolean {
  return parent === '/' || child === parent || child.startsWith(`${parent}/`);
}

/** True when `text` refers to the variable `name`: `$NAME` or `${NAME…}`. */
function mentions(text: string, name: string): boolean {
  if (name === '') return false;
  if (text.includes(`\${${name}}`) || text.includes(`\${${name}:`)) return true;
  for (let at = text.indexOf(`$${name}`); at >= 0; at = text.indexOf(`$${name}`, at + 1)) {
    if (!/[A-Za-z0-9_]/.test(text.charAt(at + name.length + 1))) return true;
  }
  return false;
}
