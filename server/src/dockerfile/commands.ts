// Recognises package-manager invocations inside RUN instructions (apt-get, apk, pip, uv, poetry, conda,
// npm, yarn, pnpm), which most ML image rules are about.
import { memoized, memoKey } from '../support/memo';
import type { Instr } from './model';
import { commandName, ShellCommand, Word } from './shell';

export type PackageManager = 'apt' | 'apk' | 'pip' | 'uv' | 'poetry' | 'conda' | 'npm' | 'yarn' | 'pnpm';

export interface InstallCommand {
  instr: Instr;
  command: ShellCommand;
  manager: PackageManager;
  /** The executable word as written (`apt-get`, `pip3`, `uv`). */
  tool: Word;
  /** The subcommand word (`install`, `add`, `sync`, `ci`); for a bare `yarn`, the tool word. */
  verb: Word;
  /** Every word after the verb. */
  args: Word[];
  /** The words after the verb that are not options: packages, or `-r` files' values excluded. */
  packages: Word[];
}

const VERBS: Record<string, { manager: PackageManager; verbs: string[] }> = {
  'apt-get': { manager: 'apt', verbs: ['install'] },
  apt: { manager: 'apt', verbs: ['install'] },
  aptitude: { manager: 'apt', verbs: ['install'] },
  apk: { manager: 'apk', verbs: ['add'] },
  pip: { manager: 'pip', verbs: ['install'] },
  poetry: { manager: 'poetry', verbs: ['install'] },
  conda: { manager: 'conda', verbs: ['install', 'create', 'env'] },
  mamba: { manager: 'conda', verbs: ['install', 'create', 'env'] },
  micromamba: { manager: 'conda', verbs: ['install', 'create', 'env'] },
  npm: { manager: 'npm', verbs: ['install', 'i', 'ci'] },
  yarn: { manager: 'yarn', verbs: ['install', 'add'] },
  pnpm: { manager: 'pnpm', verbs: ['install', 'i', 'add'] },
  uv: { manager: 'uv', verbs: ['sync', 'add'] },
};

/** Options whose value is the next word, so that the value is not taken for a package. */
const OPTIONS_WITH_VALUE = new Set([
  '-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '--trusted-host', '--platform', '--python-version', '--only-binary',
  '--no-binary', '-e', '--editable', '-n', '--name', '-p', '--prefix', '--channel', '-o', '--option', '--file',
]);

/** `installCommands` results, kept on each instruction: most Dockerfile rules ask for them, for every RUN. */
const INSTALLS = memoKey<InstallCommand[]>('installs');

/** Every package install that a RUN performs, in order. The list is shared between callers: do not change it. */
export function installCommands(instr: Instr): InstallCommand[] {
  if (instr.keyword !== 'RUN') return [];
  return memoized(instr, INSTALLS, () => {
    const found: InstallCommand[] = [];
    for (const command of instr.commands) {
      const install = recognise(instr, command);
      if (install) found.push(install);
    }
    return found;
  });
}

/** Options of `conda run` that take a value: the environment's name or prefix, the working directory. */
const CONDA_RUN_WITH_VALUE = new Set(['-n', '--name', '-p', '--prefix', '--cwd']);

function recognise(instr: Instr, command: ShellCommand): InstallCommand | undefined {
  const named = commandName(command);
  if (!named) return undefined;
  // `conda run -n env pip install …` installs with the command it runs.
  if (/^(conda|mamba|micromamba)$/.test(named.name) && named.args[0]?.value === 'run') {
    let i = 1;
    while (i < named.args.length && named.args[i].value.startsWith('-')) i += CONDA_RUN_WITH_VALUE.has(named.args[i].value) ? 2 : 1;
    return i < named.args.length ? recognise(instr, { ...command, words: named.args.slice(i) }) : undefined;
  }
  let name = named.name;
  let args = named.args;
  const tool = command.words[command.words.length - named.args.length - 1];
  if (/^pip[0-9.]*$/.test(name)) name = 'pip';
  if (name === 'uv' && args[0]?.value === 'pip') {
    name = 'pip';
    args = args.slice(1);
  }
  const known = VERBS[name];
  if (!known) return undefined;
  const manager = name === 'pip' && named.name === 'uv' ? 'uv' : known.manager;
  // Global options may stand before the verb: `apt-get -y install`, `conda -q install`.
  const verbIndex = args.findIndex((w) => !w.value.startsWith('-'));
  const verb = verbIndex >= 0 ? args[verbIndex] : undefined;
  if (name === 'yarn' && (verb === undefined || verb.value.startsWith('-'))) {
    return { instr, command, manager, tool, verb: tool, args, packages: [] };
  }
  if (!verb || !known.verbs.includes(verb.value)) return undefined;
  const rest = args.slice(verbIndex + 1);
  return { instr, command, manager, tool, verb, args: rest, packages: positional(rest) };
}

function positional(args: Word[]): Word[] {
  const packages: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.has(value)) i++;
      continue;
    }
    packages.push(args[i]);
  }
  return packages;
}

/** The value given to an option (`-r req.txt`, `--index-url=URL`), with its word. */
export function optionValues(args: Word[], names: string[]): Word[] {
  const values: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    for (const name of names) {
      if (value === name && args[i + 1]) values.push(args[i + 1]);
      else if (name.startsWith('--') && value.startsWith(`${name}=`)) {
        const offset = name.length + 1;
        values.push({ value: value.slice(offset), start: args[i].end - (value.length - offset), end: args[i].end });
      } else if (!name.startsWith('--') && value.startsWith(name) && value.length > name.length) {
        values.push({ value: value.slice(name.length), start: args[i].start + name.length, end: args[i].end });
      }
    }
  }
  return values;
}

export function hasFlag(args: Word[], ...names: string[]): boolean {
  return args.some((w) => names.includes(w.value) || names.some((n) => n.startsWith('--') && w.value.startsWith(`${n}=`)));
}

/** System packages that only building needs; `*-dev` and `*-devel` header packages are matched apart. */
const SYSTEM_BUILD_TOOLS = new Set([
  'build-essential', 'build-base', 'gcc', 'g++', 'clang', 'make', 'cmake', 'ninja-build', 'autoconf', 'automake', 'libtool',
  'cargo', 'rustc', 'golang', 'golang-go', 'linux-headers',
]);
const VERSIONED_COMPILER = /^(gcc|g\+\+|clang|cpp)-\d+(\.\d+)*$/;
const HEADER_PACKAGE = /.-dev(el)?$/;

/** True when an apt or apk package is a compiler, a build system or a header package, which only building needs. */
export function isSystemBuildTool(name: string): boolean {
  return SYSTEM_BUILD_TOOLS.has(name) || VERSIONED_COMPILER.test(name) || isHeaderPackage(name);
}

/** True when an apt or apk package holds headers (`libpq-dev`, `openssl-devel`), whose run-time library has another name. */
export function isHeaderPackage(name: string): boolean {
  return HEADER_PACKAGE.test(name);
}

/** The package name without version pin, architecture or extras: `gcc=4:12.2` → `gcc`, `black[jupyter]==24` → `black`. */
export function packageName(install: InstallCommand, word: Word): string {
  if (install.manager === 'apt' || install.manager === 'apk') return word.value.split(/[=:<>~]/)[0];
  return (/^[A-Za-z0-9._-]+/.exec(word.value)?.[0] ?? '').toLowerCase();
}
