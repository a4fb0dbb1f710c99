// Copying the whole build context before installing dependencies makes every code edit reinstall all of them.
import * as path from 'node:path';
import { hasFlag, InstallCommand, installCommands, optionValues } from '../../dockerfile/commands';
import { aptVerb, mounts } from '../../dockerfile/layers';
import type { DockerfileModel, Instr, Stage } from '../../dockerfile/model';
import { commandName, ShellCommand, Word } from '../../dockerfile/shell';
import { buildContext, BuildContext, describeContext } from '../../project/context';
import { deleteInstruction, insertLinesAfter, insertLinesBefore } from '../edits';
import { memoized, memoKey } from '../../support/memo';
import type { DockerfileContext, DockerfileRule, FileEdit } from '../types';

const posix = path.posix;

/** Stands for the working directory a stage inherits from its base image, which the Dockerfile does not say. */
const UNKNOWN_WORKDIR = '/?workdir';
/** Stands for the directory after `cd "$VAR"` or a bare `cd`, which is inside no copy's destination. */
const UNKNOWN_CD = '/?cd';

/** Instructions that only set metadata or build variables, which never read the copied files. */
const METADATA = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE', 'STOPSIGNAL', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'USER', 'SHELL', 'MAINTAINER']);

/** Commands that create users, which never read the project. */
const USER_SETUP = new Set(['useradd', 'groupadd', 'adduser', 'addgroup', 'usermod']);

/** Commands that only touch the paths they are given; harmless when those are outside the copy's destination. */
const PATH_COMMANDS = new Set(['rm', 'mkdir', 'chown', 'chmod', 'venv', 'virtualenv']);

/** Folders that a build context copied into an unknown working directory does not plausibly reach. */
const SYSTEM_DIRS = /^\/(var|tmp|usr|etc|root\/\.cache)(\/|$)/;

/** Subcommands of package managers that do not read the project's files. */
const HOUSEKEEPING: Record<string, Set<string>> = {
  apt: new Set(['update', 'clean', 'autoclean', 'autoremove', 'upgrade', 'dist-upgrade', 'full-upgrade', 'distclean']),
  apk: new Set(['update', 'upgrade', 'cache']),
  pip: new Set(['cache', 'config']),
  conda: new Set(['clean', 'config', 'update', 'info', 'list']),
  npm: new Set(['cache', 'config']),
  yarn: new Set(['cache', 'config', 'global']),
  pnpm: new Set(['store', 'config']),
  uv: new Set(['cache']),
};

export const rule: DockerfileRule = {
  id: 'copy-all-before-install',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: 'The whole build context is copied before a dependency install in the same stage.',
    rationale:
      'Docker reuses a cached layer only while everything before it is unchanged. After `COPY . .`, any edit to any ' +
      'source file invalidates the cache, so the following `pip install` or `npm ci` runs again from scratch: minutes ' +
      'of downloading torch or CUDA wheels for a one-line change. Copy only the files the install reads ' +
      '(`requirements.txt`, `pyproject.toml` and its lock file, `package.json` and its lock file), install, and copy ' +
      'the rest of the source afterwards. When the same package manager already installed the dependencies from the ' +
      'manifests before the copy (`uv sync --no-install-project`, `pip install -r requirements.txt`), its later install ' +
      'only adds the project and is not reported; neither is an install with `--no-deps`. A folder copied whole ' +
      '(`COPY ./server /app/server`) counts the same way when a later install reads its manifests or installs it, unless ' +
      'files of that folder were copied before it; and a script from the copied context that installs the dependencies ' +
      '(`RUN ./install.sh` running `pip install -r requirements.txt`) counts as the install it runs.',
    bad: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "serve.py"]',
    good:
      'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n' +
      'COPY . .\nCMD ["python", "serve.py"]',
    fixSafety: {
      sometimes:
        'the move is safe when the installs write outside the project (apt, apk, pip, conda); after npm, yarn, pnpm, uv or poetry, which write `node_modules` or `.venv` into the project, the moved copy could overwrite them with the build context\'s own, so it is unsafe.',
    },
  },
  messages: {
    beforeInstall:
      '`{copy}` copies the whole {context} before `{install}` on line {line}, so every code change reinstalls the dependencies; ' +
      'copy only the files the install reads first, and the rest after it.',
    needsSource:
      '`{copy}` copies the whole {context} before `{install}` on line {line}, which installs the project itself, so every code ' +
      'change reinstalls all dependencies; install the dependencies from the manifest first, then copy the source.',
    folderBeforeInstall:
      '`{copy}` copies the whole folder `{folder}` before `{install}` on line {line}, which installs from it, so every change in ' +
      '`{folder}` reinstalls the dependencies; copy its dependency manifests first, and the rest of the folder after the install.',
    scriptInstalls:
      '`{copy}` copies the whole {context} before `{script}` on line {line}, whose script installs the dependencies (`{install}`), ' +
      'so every code change reinstalls them; copy the script and the manifests it reads first, run it, then copy the rest.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    for (const stage of ctx.model.stages) {
      const scan = new StageScan(stage);
      // What the instructions before the current one did: the managers that installed from the manifests, and
      // every folder (and folder above it) that a COPY or ADD took from the build context.
      const preinstalledSoFar = new Set<string>();
      const copiedSoFar = new Set<string>();
      stage.instructions.forEach((instr, index) => {
        const copy = broadCopy(instr) ?? folderCopy(instr, copiedSoFar);
        // Dependencies a manager already installed from the manifests before the copy are not reinstalled by its later,
        // project-only install (`uv sync --no-install-project`, then `COPY . .`, then `uv sync`).
        const preinstalled = copy && new Set(preinstalledSoFar);
        for (const install of installCommands(instr)) if (fromManifest(install)) preinstalledSoFar.add(install.manager);
        recordCopiedFolders(instr, copiedSoFar);
        if (!copy || !preinstalled) return;
        const workdir = scan.workdirs[index];
        const dest = resolve(workdir, copy.dest);
        const reinstalls = (i: InstallCommand) => installsDependencies(i) && !preinstalled.has(i.manager);
        // A folder copy matters only to installs that read from inside it; the whole context, to every install.
        const reading = (copy.prefix ? scan.readersAfter(index, dest) : scan.installsAfter(index, reinstalls))
          .map((at) => ({ instr: stage.instructions[at], wd: scan.workdirs[at] }))
          .filter(({ instr: other, wd }) => (copy.prefix ? installsInside(other, wd, dest) : installCommands(other)).some(reinstalls));
        const runs = reading.map((r) => r.instr);
        const context = () => {
          const found = contextOf(ctx);
          return ctx.path === undefined || !found ? 'build context' : describeContext(ctx.path, found);
        };
        const range = lines.range(copy.source.start, copy.source.end);
        if (runs.length === 0) {
          const script = copy.prefix ? undefined : scan.firstInstallScript(ctx, index, dest);
          if (!script) return;
          const data = { copy: `${instr.keyword} ${copy.source.value}`, script: script.command, install: script.install, line: script.line, context: context() };
          ctx.report({ messageId: 'scriptInstalls', data, range });
          return;
        }
        const plan = planMove(ctx, stage, index, copy, workdir, runs[runs.length - 1]);
        // For a folder, the install named is the first that reads from it, whatever else the planned move ran into.
        const install = copy.prefix ? installsInside(reading[0].instr, reading[0].wd, dest).filter(reinstalls)[0] : (plan.needsSource ?? installCommands(runs[0])[0]);
        ctx.report({
          messageId: copy.prefix ? 'folderBeforeInstall' : plan.needsSource ? 'needsSource' : 'beforeInstall',
          data: {
            copy: `${instr.keyword} ${copy.source.value}`,
            install: ctx.text.slice(install.tool.start, install.verb.end),
            line: lines.positionAt(install.tool.start).line + 1,
            context: context(),
            folder: copy.prefix,
          },
          range,
          fixes: plan.edits
            ? [{ title: 'Copy only the dependency manifests before the install', preferred: true, safe: runs.every((run) => installsOutside(run, resolve(workdir, copy.dest))), edits: plan.edits }]
            : [],
        });
      });
    }
  },
};

/**
 * What the rule asks of a stage for each of its copies, worked out in one pass: the working directory each
 * instruction starts in, the RUNs that install, and which of those read from inside each folder of the image.
 * Asking every later instruction again for each copy was quadratic: 20,000 instructions with a folder copy in
 * every ten took 50 s.
 */
class StageScan {
  /** The working directory each instruction starts in. */
  readonly workdirs: string[] = [];
  /** The indexes of the instructions that install something, in order. */
  private readonly installing: number[] = [];
  /** The last install of each manager and kind (`pip` with or without `--no-deps`), with its instruction's index. */
  private readonly lastInstalls = new Map<string, { at: number; install: InstallCommand }>();
  /** For each folder of the image, the installing instructions that read a file or run a manifest install inside it. */
  private readers?: Map<string, number[]>;
  /** The stage's commands that run an install-like script, in order. */
  private scripts?: ScriptRun[];
  /** For each folder of the image, the scripts run from inside it. */
  private scriptsByFolder?: Map<string, ScriptRun[]>;
  /** For each broad copy's destination asked about, the scripts run from inside it that install the dependencies. */
  private readonly installingScripts = new Map<string, { at: number; found: ScriptInstall }[]>();

  constructor(readonly stage: Stage) {
    let wd = inheritedWorkdir(stage);
    stage.instructions.forEach((instr, index) => {
      this.workdirs.push(wd);
      if (instr.keyword === 'WORKDIR') wd = resolve(wd, instr.args[0]?.value ?? '');
      const installs = installCommands(instr);
      if (installs.length > 0) this.installing.push(index);
      for (const install of installs) this.lastInstalls.set(`${install.manager} ${installsDependencies(install)}`, { at: index, install });
    });
  }

  /**
   * The installing instructions after `index`; none when no install after it passes `wanted`, found without
   * looking at them all (most copies of a long stage come after the last install that would reinstall anything).
   */
  installsAfter(index: number, wanted?: (install: InstallCommand) => boolean): number[] {
    if (wanted && ![...this.lastInstalls.values()].some((install) => install.at > index && wanted(install.install))) return [];
    return this.installing.slice(firstAfter(this.installing, index, (at) => at));
  }

  /** The installing instructions after `index` that may read from inside `dest`; `installsInside` decides. */
  readersAfter(index: number, dest: string): number[] {
    if (dest === '/') return this.installsAfter(index);
    if (!this.readers) {
      this.readers = new Map();
      for (const at of this.installing) {
        for (const { targets } of installReads(this.stage.instructions[at], this.workdirs[at])) for (const target of targets) addToFolders(this.readers, target, at);
      }
    }
    const found = this.readers.get(dest) ?? [];
    return found.slice(firstAfter(found, index, (at) => at));
  }

  /**
   * The first RUN after `index` that runs a script from inside `dest` (`./install.sh`, `bash scripts/install.sh`)
   * whose text, read from the build context, installs the dependencies from the manifests.
   */
  firstInstallScript(ctx: DockerfileContext, index: number, dest: string): ScriptInstall | undefined {
    let found = this.installingScripts.get(dest);
    if (!found) {
      found = [];
      const dir = contextDir(ctx);
      if (dir !== undefined) {
        if (!this.scripts || !this.scriptsByFolder) {
          this.scripts = this.stage.instructions.flatMap((instr, at) => scriptRuns(instr, at, this.workdirs[at]));
          this.scriptsByFolder = new Map();
          for (const run of this.scripts) addToFolders(this.scriptsByFolder, run.target, run);
        }
        for (const run of dest === '/' ? this.scripts : (this.scriptsByFolder.get(dest) ?? [])) {
          const install = scriptInstall(ctx, run, dir, dest);
          if (install) found.push({ at: run.at, found: install });
        }
      }
      this.installingScripts.set(dest, found);
    }
    return found[firstAfter(found, index, (entry) => entry.at)]?.found;
  }
}

/** Adds `value` to the list of `target`'s folder and of every folder above it, once each. */
function addToFolders<T>(byFolder: Map<string, T[]>, target: string, value: T): void {
  for (let folder = target; ; folder = posix.dirname(folder)) {
    const list = byFolder.get(folder) ?? byFolder.set(folder, []).get(folder)!;
    if (list[list.length - 1] !== value) list.push(value);
    if (folder === posix.dirname(folder)) return;
  }
}

/** The position of the first item after instruction `index` in a list ordered by instruction index. */
function firstAfter<T>(list: readonly T[], index: number, at: (item: T) => number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (at(list[mid]) <= index) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * False for an install that pulls in no dependencies (`pip install --no-deps -e .`): after a code change it re-runs
 * alone, so copying the source before it costs nothing worth moving.
 */
function installsDependencies(install: InstallCommand): boolean {
  return !((install.manager === 'pip' || install.manager === 'uv') && hasFlag(install.args, '--no-deps'));
}

/**
 * True for an install that reads the dependency manifests rather than naming packages: `pip install -r`, `uv sync`,
 * `poetry install`, `npm ci`, a bare `yarn install`.
 */
function fromManifest(install: InstallCommand): boolean {
  if (install.manager === 'pip' || (install.manager === 'uv' && install.verb.value !== 'sync')) return hasFlag(install.args, '-r', '--requirement');
  if (install.manager === 'uv' || install.manager === 'poetry') return true;
  if (install.manager === 'npm' || install.manager === 'yarn' || install.manager === 'pnpm') return install.packages.length === 0;
  return false;
}

/** Managers that install into system locations, never into the project folder. */
const SYSTEM_MANAGERS = new Set(['apt', 'apk', 'pip', 'conda']);

/**
 * True when every install of the RUN writes outside `dest`, the broad copy's destination. npm, yarn, pnpm, uv and
 * poetry write `node_modules` or `.venv` next to the manifests, and pip may be pointed anywhere (`--target`,
 * `--prefix`); the broad copy, once moved after them, could overwrite what they wrote with the build context's
 * own copies, so that the image would change.
 */
function installsOutside(instr: Instr, dest: string): boolean {
  return installCommands(instr).every((install) => {
    if (!SYSTEM_MANAGERS.has(install.manager)) return false;
    const targets = optionValues(install.args, ['-t', '--target', '--prefix', '--root']).map((v) => v.value);
    return targets.every((target) => posix.isAbsolute(target) && decidable(target, dest) && !within(target, dest) && !within(dest, target));
  });
}

interface BroadCopy {
  instr: Instr;
  /** The `.` or `./` source, or the folder's. */
  source: Word;
  /** The destination as written. */
  dest: string;
  /** The copied folder relative to the build context (`server`); empty for the whole context. */
  prefix: string;
}

/** A `COPY . <dest>` or `ADD ./ <dest>` from the build context. */
function broadCopy(instr: Instr): BroadCopy | undefined {
  if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flag('from') || instr.heredocs.length > 0) return undefined;
  const words = copyWords(instr);
  if (words.length < 2) return undefined;
  const source = words.slice(0, -1).find((w) => w.value === '.' || w.value === './');
  return source ? { instr, source, dest: words[words.length - 1].value, prefix: '' } : undefined;
}

/**
 * A `COPY ./server /app/server` of one folder of the build context (a name without an extension, or ending in `/`),
 * unless an earlier COPY of the stage already took files from inside that folder (its manifests, copied first):
 * `copied` holds every source an earlier COPY or ADD of the stage named, and each folder above it.
 */
function folderCopy(instr: Instr, copied: ReadonlySet<string>): BroadCopy | undefined {
  if (instr.keyword !== 'COPY' || instr.flag('from') || instr.heredocs.length > 0) return undefined;
  const words = copyWords(instr);
  if (words.length !== 2) return undefined;
  const [source, dest] = words;
  const prefix = posix.normalize(source.value.replace(/^"(.*)"$/, '$1')).replace(/\/+$/, '');
  if (/[*?[$]/.test(prefix) || prefix === '.' || prefix.startsWith('..') || posix.isAbsolute(prefix)) return undefined;
  if (!source.value.endsWith('/') && posix.basename(prefix).includes('.')) return undefined;
  if (copied.has(prefix)) return undefined;
  return { instr, source, dest: dest.value, prefix };
}

/** Adds the sources of a COPY or ADD from the build context to `copied`, each with every folder above it. */
function recordCopiedFolders(instr: Instr, copied: Set<string>): void {
  if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flag('from')) return;
  for (const word of copyWords(instr).slice(0, -1)) {
    const source = posix.normalize(word.value);
    copied.add(source);
    for (let at = source.indexOf('/'); at >= 0; at = source.indexOf('/', at + 1)) copied.add(source.slice(0, at));
  }
}

/**
 * The installs of a RUN that read from inside `dest`: a requirements or conda file there, a local package there, or
 * a manifest-driven install (`uv sync`, `poetry install`, `npm ci`) whose directory, after any `cd`, is inside it.
 */
function installsInside(instr: Instr, wd: string, dest: string): InstallCommand[] {
  return installReads(instr, wd)
    .filter(({ targets }) => targets.some((target) => decidable(target, dest) && within(target, dest)))
    .map(({ install }) => install);
}

/**
 * Each install of a RUN with the paths in the image it reads from: its requirements, constraints and conda files,
 * its local packages, and for a manifest-driven install its directory after any `cd`. Paths written with a
 * variable are left out.
 */
function installReads(instr: Instr, wd: string): { install: InstallCommand; targets: string[] }[] {
  const installs = installCommands(instr);
  const found: { install: InstallCommand; targets: string[] }[] = [];
  let cwd = wd;
  for (const command of instr.commands) {
    const named = commandName(command);
    if (named?.name === 'cd') {
      const target = named.args[0]?.value ?? '';
      cwd = target && !target.includes('$') ? resolve(cwd, target) : UNKNOWN_CD;
      continue;
    }
    const install = installs.find((i) => i.command === command);
    if (!install) continue;
    const files = optionValues(install.args, ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '--file', '-f']).map((w) => w.value);
    const local = install.packages.filter((p) => isLocalPath(p.value) || (p.value.includes('/') && !isUrl(p.value))).map((p) => p.value);
    const manifestDriven = fromManifest(install) && !hasFlag(install.args, '-r', '--requirement');
    const targets = [...files, ...local, ...(manifestDriven ? ['.'] : [])].filter((value) => !value.includes('$')).map((value) => resolve(cwd, value.replace(/\[.*\]$/, '')));
    found.push({ install, targets });
  }
  return found;
}

/** Script names that install dependencies: `install.sh`, `scripts/install_deps.sh`, `setup.sh`. */
const INSTALL_SCRIPT = /(^|\/)(install|setup|bootstrap)[\w.-]*\.sh$/i;
/** Lines of a script that install dependencies from the project's manifests, or the project with its dependencies. */
const SCRIPT_INSTALL = /\b(?:(?:pip[0-9.]*|uv pip|python[0-9.]* -m pip) install\b[^\n#]*?(?:\s(?:-r|--requirement)\s*\S+|\s(?:-e\s+)?\.(?:\[[^\]]*\])?(?=\s|$))|uv sync\b|poetry install\b|npm (?:ci|install)(?=\s*$|\s+-)|yarn(?: install)?(?=\s*$|\s+--)|(?:conda|mamba|micromamba) env (?:create|update)\b)/m;

/** A command of a RUN that runs an install-like script (`./install.sh`, `bash scripts/setup.sh`). */
interface ScriptRun {
  /** The RUN's index in its stage. */
  at: number;
  instr: Instr;
  command: ShellCommand;
  script: Word;
  /** The script's path in the image. */
  target: string;
}

/** A script run whose text, read from the build context, installs the dependencies: the command, the install, its line. */
interface ScriptInstall {
  command: string;
  install: string;
  line: number;
}

/** The commands of a RUN that run an install-like script, in order. */
function scriptRuns(instr: Instr, at: number, wd: string): ScriptRun[] {
  if (instr.keyword !== 'RUN') return [];
  const found: ScriptRun[] = [];
  for (const command of instr.commands) {
    const named = commandName(command);
    if (!named) continue;
    const script = /^(ba|da)?sh$/.test(named.name) ? named.args.find((w) => !w.value.startsWith('-')) : command.words.find((w) => w.value.split('/').pop() === named.name);
    if (!script || !INSTALL_SCRIPT.test(script.value) || script.value.includes('$')) continue;
    found.push({ at, instr, command, script, target: resolve(wd, script.value) });
  }
  return found;
}

/**
 * Whether a script run from inside `dest` installs the dependencies from the manifests, its text read from the build
 * context folder `dir` that the broad copy put at `dest`.
 */
function scriptInstall(ctx: DockerfileContext, run: ScriptRun, dir: string, dest: string): ScriptInstall | undefined {
  if (!decidable(run.target, dest) || !within(run.target, dest)) return undefined;
  const text = ctx.files.readFile(posix.join(dir, posix.relative(dest, run.target)));
  const install = text === undefined ? undefined : SCRIPT_INSTALL.exec(text)?.[0];
  return install ? { command: ctx.text.slice(run.command.words[0].start, run.script.end), install: install.trim(), line: run.instr.range.start.line + 1 } : undefined;
}

/** Each COPY's words, read once per analysis: a stage's copies are looked at again for every copy after them. */
const COPY_WORDS = memoKey<Word[]>('copy words');

/** The sources and destination of a COPY or ADD, in the shell or the JSON form. */
function copyWords(instr: Instr): Word[] {
  return memoized(instr, COPY_WORDS, () => {
    const lines = instr.model.lines;
    return instr.isJsonForm
      ? (instr.commands[0]?.words ?? [])
      : instr.args.map((a) => ({ value: a.value, start: lines.offsetAt(a.range.start), end: lines.offsetAt(a.range.end) }));
  });
}

/**
 * The build context of each analysis, worked out once: it reads every COPY of the file and asks the file system.
 * A WeakMap serves here (see support/memo.ts): the context does not refer back to the analysis.
 */
const contextsOf = new WeakMap<DockerfileContext, BuildContext>();

/** The build context of an analysed Dockerfile, or undefined for an unsaved one. */
function contextOf(ctx: DockerfileContext): BuildContext | undefined {
  if (ctx.path === undefined) return undefined;
  let context = contextsOf.get(ctx);
  if (!context) {
    context = buildContext(ctx.path, ctx.model, ctx.builders, ctx.files);
    contextsOf.set(ctx, context);
  }
  return context;
}

/** The build context folder with forward slashes (the rule resolves image paths with `path.posix`), or undefined for an unsaved Dockerfile. */
function contextDir(ctx: DockerfileContext): string | undefined {
  return contextOf(ctx)?.dir.replace(/\\/g, '/');
}

/** What the checks of one broad copy share: the rule context, the copy's destination and the build context folder. */
interface Scope {
  ctx: DockerfileContext;
  /** The broad copy's destination in the image. */
  dest: string;
  /** The folder of the build context that the copy puts at `dest`, or undefined for an unsaved Dockerfile. */
  dir: string | undefined;
  /** That folder relative to the build context; empty for the whole context. */
  prefix: string;
}

/** What the fix would do: the edits, or none; and the install that needs the whole source, if one does. */
interface Plan {
  edits?: FileEdit[];
  needsSource?: InstallCommand;
}

/** A file an install reads, as a path in the image, and whether the build fails without it. */
interface Manifest {
  path: string;
  required: boolean;
}

/** Why an install stops the fix: it needs the whole source, or something cannot be verified. */
class Unsafe {
  constructor(readonly needsSource?: InstallCommand) {}
}

/**
 * Plans moving the broad copy after the last install RUN, with a COPY of the manifests those installs read put
 * in its place. Everything between must be provably independent of the copied files.
 */
function planMove(ctx: DockerfileContext, stage: Stage, index: number, copy: BroadCopy, workdir: string, lastRun: Instr): Plan {
  const base = contextDir(ctx);
  const scope: Scope = { ctx, dest: resolve(workdir, copy.dest), dir: base !== undefined && copy.prefix ? posix.join(base, copy.prefix) : base, prefix: copy.prefix };
  const { dest } = scope;
  const between = stage.instructions.slice(index + 1, stage.instructions.indexOf(lastRun) + 1);
  const manifests: Manifest[] = [];
  let needsSource: InstallCommand | undefined;
  let safe = !copy.dest.includes('$');
  let wd = workdir;
  for (const instr of between) {
    if (instr.keyword === 'WORKDIR') {
      wd = resolve(wd, instr.args[0]?.value ?? '');
      if (!posix.isAbsolute(copy.dest) || wd.includes('$')) safe = false;
    } else if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
      const target = resolve(wd, copyWords(instr).pop()?.value ?? '');
      if (!decidable(target, dest) || within(target, dest) || within(dest, target)) safe = false;
    } else if (instr.keyword === 'RUN') {
      const result = runManifests(scope, instr, wd);
      if (result instanceof Unsafe) {
        safe = false;
        needsSource ??= result.needsSource;
      } else {
        for (const manifest of result) manifests.push(manifest);
      }
    } else if (!METADATA.has(instr.keyword)) {
      safe = false;
    }
  }
  if (!safe || needsSource) return { needsSource };
  return { edits: moveEdits(scope, stage, index, copy, manifests, lastRun) };
}

/** The manifests the installs of a RUN read from the copied context, or Unsafe when the RUN may read more. */
function runManifests(scope: Scope, instr: Instr, wd: string): Manifest[] | Unsafe {
  const { dest } = scope;
  if (wd.includes('$')) return new Unsafe();
  const installs = installCommands(instr);
  const bound = mounts(instr).filter((m) => m.type === 'bind').map((m) => resolve(wd, m.target));
  const manifests: Manifest[] = [];
  let unsafe: Unsafe | undefined;
  for (const command of instr.commands) {
    const install = installs.find((i) => i.command === command);
    if (!install) {
      if (!harmless(command, wd, dest)) unsafe ??= new Unsafe();
      continue;
    }
    const read = installManifests(scope, install, wd);
    if (read instanceof Unsafe) {
      if (read.needsSource) return read;
      unsafe ??= read;
      continue;
    }
    for (const manifest of read) {
      if (bound.some((b) => within(manifest.path, b))) continue;
      if (!decidable(manifest.path, dest)) unsafe ??= new Unsafe();
      else if (within(manifest.path, dest)) manifests.push(manifest);
    }
  }
  return unsafe ?? manifests;
}

/** Commands that neither read the project nor change where later paths resolve. */
function harmless(command: ShellCommand, wd: string, dest: string): boolean {
  const named = commandName(command);
  if (!named) return false;
  const apt = aptVerb(command);
  if (apt) return HOUSEKEEPING.apt.has(apt.verb);
  const manager = /^pip[0-9.]*$/.test(named.name) ? 'pip' : ['mamba', 'micromamba'].includes(named.name) ? 'conda' : named.name;
  if (HOUSEKEEPING[manager]) return HOUSEKEEPING[manager].has(named.args.find((w) => !w.value.startsWith('-'))?.value ?? '');
  if (named.name === 'set' || named.name === 'true' || USER_SETUP.has(named.name)) return true;
  if (!PATH_COMMANDS.has(named.name)) return false;
  const operands = named.args.filter((w) => !w.value.startsWith('-'));
  // The first operand of chown and chmod is the owner or the mode.
  return operands.slice(named.name === 'chown' || named.name === 'chmod' ? 1 : 0).every((w) => {
    const value = w.value.replace(/^(~|\$HOME|\$\{HOME\})(?=\/|$)/, '/root');
    if (!posix.isAbsolute(value) || value.includes('$')) return false;
    const target = resolve(wd, value);
    if (!decidable(target, dest)) return SYSTEM_DIRS.test(target);
    return !within(target, dest) && !within(dest, target);
  });
}

/** The files an install reads from the project, or Unsafe when it needs the whole source or cannot be told. */
function installManifests(scope: Scope, install: InstallCommand, wd: string): Manifest[] | Unsafe {
  const { manager, args, packages } = install;
  const { dest } = scope;
  const needsSource = new Unsafe(install);
  const localSource = (value: string) => {
    const target = resolve(wd, value.replace(/\[.*\]$/, ''));
    return !decidable(target, dest) || within(target, dest);
  };
  switch (manager) {
    case 'apt':
    case 'apk':
      return packages.some((p) => isLocalPath(p.value) && localSource(p.value)) ? new Unsafe() : [];
    case 'pip':
      return pipManifests(scope, install, wd, localSource);
    case 'uv':
      if (install.verb.value === 'install') return pipManifests(scope, install, wd, localSource);
      if (install.verb.value !== 'sync' || !hasFlag(args, '--no-install-project')) return needsSource;
      return withLock(scope, wd, 'pyproject.toml', ['uv.lock'], ['.python-version'], hasFlag(args, '--locked', '--frozen'));
    case 'poetry':
      if (!hasFlag(args, '--no-root')) return needsSource;
      return withLock(scope, wd, 'pyproject.toml', ['poetry.lock'], ['poetry.toml'], false);
    case 'conda':
      return condaManifests(scope, install, wd, localSource);
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return jsManifests(scope, install, wd, localSource);
  }
}

function pipManifests(scope: Scope, install: InstallCommand, wd: string, localSource: (p: string) => boolean): Manifest[] | Unsafe {
  const { args, packages } = install;
  for (const value of optionValues(args, ['-e', '--editable']).map((w) => w.value)) {
    if (!isUrl(value) && localSource(value)) return new Unsafe(install);
  }
  for (const value of optionValues(args, ['-f', '--find-links']).map((w) => w.value)) {
    if (!isUrl(value) && localSource(value)) return new Unsafe();
  }
  if (packages.some((p) => p.value.startsWith('$'))) return new Unsafe();
  // pip also takes a bare relative folder (`src/pkg`) for a local project.
  if (packages.some((p) => (isLocalPath(p.value) || (p.value.includes('/') && !isUrl(p.value))) && localSource(p.value))) return new Unsafe(install);
  const files = optionValues(args, ['-r', '--requirement', '-c', '--constraint']).map((w) => w.value);
  if (files.some((f) => f.includes('$'))) return new Unsafe();
  const manifests: Manifest[] = [];
  const pending = files.map((f) => resolve(wd, f));
  while (pending.length > 0) {
    const file = pending.shift()!;
    if (manifests.some((m) => m.path === file)) continue;
    manifests.push({ path: file, required: true });
    const text = readFromContext(scope, file);
    if (text === undefined) continue;
    for (const line of text.split(/\r?\n/)) {
      const option = /^\s*(-r|--requirement|-c|--constraint)[\s=]+(\S+)/.exec(line);
      if (option) pending.push(resolve(posix.dirname(file), option[2]));
      else if (/^\s*(-e|--editable)[\s=]+(\S+)/.test(line) || /^\s*(\.|file:)/.test(line)) return new Unsafe(install);
      else if (/^\s*(-f|--find-links)[\s=]+(?!\S*:\/\/)/.test(line)) return new Unsafe();
    }
  }
  return manifests;
}

function condaManifests(scope: Scope, install: InstallCommand, wd: string, localSource: (p: string) => boolean): Manifest[] | Unsafe {
  const isEnv = install.verb.value === 'env';
  const files = optionValues(install.args, isEnv ? ['-f', '--file'] : ['--file']).map((w) => w.value);
  if (files.some((f) => f.includes('$') || isUrl(f))) return new Unsafe();
  const manifests: Manifest[] = [];
  for (const file of files.map((f) => resolve(wd, f))) {
    manifests.push({ path: file, required: true });
    const text = readFromContext(scope, file);
    if (text === undefined) continue;
    for (const line of text.split(/\r?\n/)) {
      const requirement = /^\s*-\s*(?:-r|--requirement)[\s=]+(\S+)/.exec(line);
      if (requirement) manifests.push({ path: resolve(posix.dirname(file), requirement[1]), required: true });
      else if (/^\s*-\s*(?:-e|--editable)[\s=]+\S/.test(line) || /^\s*-\s*(\.|file:)/.test(line)) return new Unsafe(install);
    }
  }
  if (install.packages.some((p) => isLocalPath(p.value) && localSource(p.value))) return new Unsafe(install);
  return manifests;
}

/** Lock files of each JavaScript package manager, and the options that make a missing one an error. */
const JS: Record<string, { locks: string[]; frozen: string[]; config: string[]; workspace?: string }> = {
  npm: { locks: ['package-lock.json', 'npm-shrinkwrap.json'], frozen: [], config: ['.npmrc'] },
  yarn: { locks: ['yarn.lock'], frozen: ['--frozen-lockfile', '--immutable'], config: ['.yarnrc', '.yarnrc.yml', '.npmrc'] },
  pnpm: { locks: ['pnpm-lock.yaml'], frozen: ['--frozen-lockfile'], config: ['.npmrc', '.pnpmfile.cjs'], workspace: 'pnpm-workspace.yaml' },
};

function jsManifests(scope: Scope, install: InstallCommand, wd: string, localSource: (p: string) => boolean): Manifest[] | Unsafe {
  const { manager, args, packages } = install;
  if (hasFlag(args, '-g', '--global')) return packages.length > 0 && !packages.some((p) => isLocalPath(p.value)) ? [] : new Unsafe(install);
  if (packages.some((p) => isLocalPath(p.value) && localSource(p.value.replace(/^file:/, '')))) return new Unsafe(install);
  const spec = JS[manager];
  const frozen = install.verb.value === 'ci' || hasFlag(args, ...spec.frozen);
  const json = readFromContext(scope, resolve(wd, 'package.json'));
  if (json !== undefined) {
    let scripts: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(json) as { workspaces?: unknown; scripts?: Record<string, unknown> };
      if (parsed.workspaces) return new Unsafe();
      scripts = parsed.scripts ?? {};
    } catch {
      return new Unsafe();
    }
    // Lifecycle scripts of the project run during the install and may read any of its files.
    if (!hasFlag(args, '--ignore-scripts') && ['preinstall', 'install', 'postinstall', 'prepare'].some((s) => s in scripts)) return new Unsafe();
  }
  if (spec.workspace && existsInContext(scope, resolve(wd, spec.workspace))) return new Unsafe();
  if (manager === 'yarn' && existsInContext(scope, resolve(wd, '.yarn'))) return new Unsafe();
  return withLock(scope, wd, 'package.json', spec.locks, spec.config, frozen);
}

/** The manifest with whichever of its lock and config files exist in the context; none may be guessed. */
function withLock(scope: Scope, wd: string, manifest: string, locks: string[], extras: string[], lockRequired: boolean): Manifest[] | Unsafe {
  if (scope.dir === undefined) return new Unsafe();
  const existing = (names: string[]) => names.map((n) => resolve(wd, n)).filter((f) => existsInContext(scope, f)).map((f) => ({ path: f, required: false }));
  const lockFiles = existing(locks);
  // A frozen install without its lock fails, so the lock must be one the context has.
  if (lockRequired && lockFiles.length === 0) return new Unsafe();
  return [{ path: resolve(wd, manifest), required: true }, ...lockFiles, ...existing(extras)];
}

/** The context file that the broad copy puts at an image path inside its destination. */
function contextFile(scope: Scope, imagePath: string): string | undefined {
  if (scope.dir === undefined || !within(imagePath, scope.dest)) return undefined;
  return posix.join(scope.dir, posix.relative(scope.dest, imagePath));
}

function readFromContext(scope: Scope, imagePath: string): string | undefined {
  const file = contextFile(scope, imagePath);
  return file === undefined ? undefined : scope.ctx.files.readFile(file);
}

function existsInContext(scope: Scope, imagePath: string): boolean {
  const file = contextFile(scope, imagePath);
  return file !== undefined && scope.ctx.files.exists(file);
}

/**
 * The edits of the fix: a COPY of the manifests where the broad copy stood (one per destination folder), and the
 * broad copy, with the comment lines right above it, after the last install RUN.
 */
function moveEdits(scope: Scope, stage: Stage, index: number, copy: BroadCopy, manifests: Manifest[], lastRun: Instr): FileEdit[] | undefined {
  const { ctx, dest } = scope;
  const { lines } = ctx.model;
  const instr = copy.instr;
  const provided = providedBefore(stage, index, dest, scope.prefix);
  const byFolder = new Map<string, string[]>();
  for (const manifest of manifests) {
    if (provided(manifest.path)) continue;
    const relative = posix.relative(dest, manifest.path);
    const file = contextFile(scope, manifest.path);
    if (file === undefined || /\s/.test(relative)) return undefined;
    if (!ctx.files.exists(file)) {
      if (manifest.required) return undefined;
      continue;
    }
    const folder = posix.dirname(relative);
    const sources = byFolder.get(folder) ?? [];
    const source = posix.join(scope.prefix, relative);
    if (!sources.includes(source)) sources.push(source);
    byFolder.set(folder, sources);
  }
  const firstLine = commentBlockStart(ctx.model, instr);
  const indent = /^[ \t]*/.exec(lines.lineText(instr.range.start.line))![0];
  const written = ctx.text.slice(instr.start, instr.start + instr.keyword.length);
  const keyword = written === written.toLowerCase() ? 'copy' : 'COPY';
  const flags = !instr.argsRange ? '' : ctx.text.slice(instr.start + instr.keyword.length, lines.offsetAt(instr.argsRange.start)).trim();
  const newLines: string[] = [];
  for (const [folder, sources] of byFolder) {
    let target = folder === '.' ? copy.dest : posix.join(copy.dest, folder);
    if (!target.endsWith('/') && (target !== '.' || sources.length > 1)) target += '/';
    newLines.push(`${indent}${keyword} ${flags ? `${flags} ` : ''}${sources.join(' ')} ${target}`);
  }
  const moved = ctx.text.slice(lines.lineStart(firstLine), instr.end);
  const deletion = deleteInstruction(lines, instr);
  deletion.range.start = { line: firstLine, character: 0 };
  const edits: FileEdit[] = [];
  if (newLines.length > 0) edits.push(insertLinesBefore(lines, firstLine, newLines));
  edits.push(deletion, insertLinesAfter(lines, lastRun, moved.split(/\r?\n/)));
  return edits;
}

/**
 * Whether an earlier COPY of the stage already put the same context file at an image path inside the broad copy's
 * destination (by name or glob, into a folder, or under its own name). Copies from other stages do not count: the
 * broad copy overwrote what they put there. `prefix` is the copied folder of the context, empty for the whole context.
 */
function providedBefore(stage: Stage, index: number, dest: string, prefix: string): (imagePath: string) => boolean {
  const entries: { folder: string; source: string; pattern: RegExp }[] = [];
  let wd = inheritedWorkdir(stage);
  for (const instr of stage.instructions.slice(0, index)) {
    if (instr.keyword === 'WORKDIR') wd = resolve(wd, instr.args[0]?.value ?? '');
    if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flag('from') || instr.heredocs.length > 0) continue;
    const words = copyWords(instr);
    const destText = words.pop()?.value ?? '';
    const target = resolve(wd, destText);
    const intoFolder = words.length > 1 || destText.endsWith('/') || destText === '.';
    for (const word of words) {
      const source = posix.normalize(word.value);
      if (intoFolder) entries.push({ folder: target, source: posix.dirname(source), pattern: globPattern(posix.basename(source)) });
      else if (posix.basename(source) === posix.basename(target)) entries.push({ folder: posix.dirname(target), source: posix.dirname(source), pattern: globPattern(posix.basename(source)) });
    }
  }
  return (imagePath) => {
    const source = posix.join(prefix, posix.dirname(posix.relative(dest, imagePath)));
    return entries.some((e) => e.folder === posix.dirname(imagePath) && e.source === source && e.pattern.test(posix.basename(imagePath)));
  };
}

function globPattern(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
}

/** The first line of the comments written right above an instruction (its `# dockml-ignore` too), which move with it. */
function commentBlockStart(model: DockerfileModel, instr: Instr): number {
  let line = instr.range.start.line;
  while (line > 0 && /^\s*#/.test(model.lines.lineText(line - 1)) && model.instructionAt(line - 1) === undefined) line--;
  return line;
}

/** The working directory a stage starts in: the last WORKDIR of the stages it is built on, if any. */
function inheritedWorkdir(stage: Stage): string {
  const chain: Stage[] = [];
  for (let s = stage.parent; s && !chain.includes(s); s = s.parent) chain.unshift(s);
  let wd = UNKNOWN_WORKDIR;
  for (const s of chain) for (const instr of s.instructions) if (instr.keyword === 'WORKDIR') wd = resolve(wd, instr.args[0]?.value ?? '');
  return wd;
}

function resolve(wd: string, value: string): string {
  return posix.resolve(wd, value.replace(/^"(.*)"$/, '$1'));
}

/** True when both paths are known relative to the same root: both under the unknown inherited WORKDIR, or neither. */
function decidable(a: string, b: string): boolean {
  return within(a, UNKNOWN_WORKDIR) === within(b, UNKNOWN_WORKDIR);
}

function within(child: string, parent: string): boolean {
  return parent === '/' || child === parent || child.startsWith(`${parent}/`);
}

function isUrl(value: string): boolean {
  return /^[a-z+]+:\/\//i.test(value) || /^git\+/.test(value);
}

/** A package argument that names a local path or archive rather than a registry package. */
function isLocalPath(value: string): boolean {
  return !isUrl(value) && (/^(\.|\/|~|file:)/.test(value) || /\.(whl|tar\.gz|zip|deb|apk|tgz)$/.test(value));
}
