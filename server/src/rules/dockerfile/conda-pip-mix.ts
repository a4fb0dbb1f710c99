// conda and pip installing into the same environment can leave conda's view of it silently wrong.
import { installCommands } from '../../dockerfile/commands';
import { assignments } from '../../dockerfile/layers';
import type { Instr, Stage } from '../../dockerfile/model';
import { commandName, ShellCommand, Word } from '../../dockerfile/shell';
import type { DockerfileRule } from '../types';

const CONDA_TOOLS = new Set(['conda', 'mamba', 'micromamba']);

/** pip options that install somewhere else than the environment, or without touching its dependencies. */
const PIP_ELSEWHERE = new Set(['--no-deps', '--target', '-t', '--prefix', '--root', '--user']);

/** What a stage knows about the active environment when a command runs: a conda env name, or a non-conda `venv:` path. */
type Env = string;

export const rule: DockerfileRule = {
  id: 'conda-pip-mix',
  kind: 'dockerfile',
  severity: 'info',
  fixable: false,
  docs: {
    summary: 'conda installing after pip into the same conda environment, or pip replacing a package conda installed.',
    rationale:
      'conda does not know what pip installed. A conda install after pip can overwrite or break what pip installed, ' +
      'and pip that reinstalls a package conda put there (numpy, torch) swaps in a build linked against other ' +
      'libraries behind conda\'s back, without an error. conda\'s documentation recommends installing with conda first ' +
      'and pip after, so pip adding packages conda did not install is not reported. Install everything with one tool, ' +
      'or let conda run pip through the `pip:` section of `environment.yml`, so that conda resolves the whole ' +
      'environment at once. Conda that installs only the interpreter (`conda create -n app python=3.11 pip`) and ' +
      'leaves every package to pip is no mix.',
    bad: 'FROM continuumio/miniconda3\nRUN conda install -y -c conda-forge numpy scipy\nRUN pip install --no-cache-dir torch "numpy<2"',
    good: 'FROM continuumio/miniconda3\nCOPY environment.yml /tmp/\nRUN conda env update -n base -f /tmp/environment.yml && conda clean -afy',
  },
  messages: {
    pipAfterConda:
      '`{pip}` reinstalls `{package}` over the one `{conda}` put into the conda environment `{env}`, and conda does not see ' +
      "the replacement; install it with one tool, or list pip's packages in the `pip:` section of environment.yml.",
    condaAfterPip:
      '`{conda}` changes the conda environment `{env}` after `{pip}` installed into it, and conda does not see what pip installed; ' +
      "install everything with one tool, or list pip's packages in the `pip:` section of environment.yml.",
  },
  check(ctx) {
    // Every finding needs a conda, mamba or micromamba command, so most Dockerfiles are done with here.
    if (!/conda|mamba/.test(ctx.text)) return;
    const { lines, text } = ctx.model;
    const endEnv = new Map<Stage, Env>();
    const written = (from: Word, to: Word) => text.slice(from.start, to.end);
    for (const stage of ctx.model.stages) {
      let env: Env = (stage.parent && endEnv.get(stage.parent)) ?? 'base';
      // The first conda install into each environment, the packages conda installed there, and the first pip install.
      const byConda = new Map<Env, string>();
      const condaPackages = new Map<Env, Map<string, string>>();
      const byPip = new Map<Env, string>();
      const reported = new Set<Env>();
      const pipInstall = (target: Env, install: string, packages: Word[], start: number, end: number) => {
        if (!byPip.has(target)) byPip.set(target, install);
        const installed = condaPackages.get(target);
        const replaced = installed && packages.map((p) => requirementName(p.value)).find((name) => installed.has(name));
        if (!replaced || reported.has(target)) return;
        reported.add(target);
        ctx.report({ messageId: 'pipAfterConda', data: { env: target, pip: install, conda: installed.get(replaced)!, package: replaced }, range: lines.range(start, end) });
      };
      const condaInstall = (target: Env, install: string, packages: Word[], start: number, end: number) => {
        if (!byConda.has(target)) byConda.set(target, install);
        const installed = condaPackages.get(target) ?? new Map<string, string>();
        for (const p of packages) {
          const name = requirementName(p.value);
          if (name && !INTERPRETER_PACKAGE.test(name) && !installed.has(name)) installed.set(name, install);
        }
        condaPackages.set(target, installed);
        if (!byPip.has(target) || reported.has(target)) return;
        reported.add(target);
        ctx.report({ messageId: 'condaAfterPip', data: { env: target, pip: byPip.get(target)!, conda: install }, range: lines.range(start, end) });
      };
      for (const instr of stage.instructions) {
        if (instr.keyword === 'ENV' || instr.keyword === 'SHELL') env = environmentAfter(instr, env);
        if (instr.keyword !== 'RUN') continue;
        let runEnv = env;
        // By command, not installs.find() for each command: that was quadratic on a RUN of thousands of commands.
        const installs = new Map(installCommands(instr).map((i) => [i.command, i]));
        for (const command of instr.commands) {
          runEnv = activated(command) ?? runEnv;
          const condaRun = condaRunPip(command);
          const install = installs.get(command);
          if (condaRun) {
            // The install recognised inside `conda run` is the one whose pip word is this command's.
            const packages = installCommands(instr).find((i) => i.tool.start === condaRun.start)?.packages ?? [];
            pipInstall(condaRun.env, condaRun.text, packages, condaRun.start, condaRun.end);
          } else if (install?.manager === 'pip' && !install.args.some((w) => PIP_ELSEWHERE.has(w.value.split('=')[0]))) {
            const target = pipTarget(command, install.tool, runEnv);
            if (target !== undefined) pipInstall(target, written(install.tool, install.verb), install.packages, install.tool.start, install.verb.end);
          } else if (install?.manager === 'conda' && !onlyInterpreter(install.packages)) {
            const target = condaTarget(install.verb, install.args, runEnv);
            if (target !== undefined) condaInstall(target, written(install.tool, install.verb), install.packages, install.tool.start, install.verb.end);
          }
        }
      }
      endEnv.set(stage, env);
    }
  },
};

/** The environment after `ENV PATH=/opt/conda/envs/x/bin:$PATH` or `SHELL ["conda", "run", "-n", "x", …]`. */
function environmentAfter(instr: Instr, env: Env): Env {
  const words = instr.commands[0]?.words ?? [];
  if (instr.keyword === 'SHELL') {
    const shell: ShellCommand = { words, end: words[words.length - 1]?.end ?? 0 };
    return condaRunEnv(shell)?.env ?? env;
  }
  for (const [name, value] of assignments(instr)) {
    if (name === 'CONDA_DEFAULT_ENV' && value) env = value;
    if (name !== 'PATH') continue;
    const found = value.split(':').map(envOfPath).find((e) => e !== undefined);
    if (found !== undefined) env = found;
  }
  return env;
}

/** The environment a `bin` folder belongs to: `base`, a conda env name, `venv:<path>`, or undefined when unknown. */
function envOfPath(path: string): Env | undefined {
  const dir = path.replace(/\/(pip[0-9.]*|python[0-9.]*)$/, '').replace(/\/+$/, '');
  const named = /\/envs\/([^/]+)\/bin$/.exec(dir);
  if (named) return named[1];
  if (/(conda|mamba|forge)[^/]*\/bin$/i.test(dir)) return 'base';
  if (/\/bin$/.test(dir) && /venv|virtualenv/i.test(dir)) return `venv:${dir}`;
  return undefined;
}

/** The environment that `conda activate x`, `source activate x` or `. venv/bin/activate` switches to. */
function activated(command: ShellCommand): Env | undefined {
  const named = commandName(command);
  if (!named) return undefined;
  const args = named.args.map((w) => w.value);
  if (CONDA_TOOLS.has(named.name) && args[0] === 'activate') return args[1] ?? 'base';
  if (CONDA_TOOLS.has(named.name) && args[0] === 'deactivate') return 'base';
  if ((named.name === 'source' || named.name === '.') && args[0] === 'activate') return args[1] ?? 'base';
  if ((named.name === 'source' || named.name === '.') && /\/bin\/activate$/.test(args[0] ?? '')) return `venv:${args[0].replace(/\/activate$/, '')}`;
  return undefined;
}

/** `conda run -n x …`: the environment it runs in, and the words of the command it runs. */
function condaRunEnv(command: ShellCommand): { env: Env; rest: Word[] } | undefined {
  const named = commandName(command);
  if (!named || !CONDA_TOOLS.has(named.name.split('/').pop() ?? '') || named.args[0]?.value !== 'run') return undefined;
  let env: Env = 'base';
  const args = named.args.slice(1);
  let i = 0;
  for (; i < args.length && args[i].value.startsWith('-'); i++) {
    const value = args[i].value;
    if (['-n', '--name', '-p', '--prefix'].includes(value)) env = normalizePrefix(args[++i]?.value ?? '', value);
    else if (/^--(name|prefix)=/.test(value)) env = normalizePrefix(value.slice(value.indexOf('=') + 1), value);
  }
  return { env, rest: args.slice(i) };
}

/** `conda run -n x pip install …` as a pip install into x. */
function condaRunPip(command: ShellCommand): { env: Env; text: string; start: number; end: number } | undefined {
  const run = condaRunEnv(command);
  if (!run || run.rest.length === 0) return undefined;
  const inner = commandName({ words: run.rest, end: command.end });
  if (!inner || !/^pip[0-9.]*$/.test(inner.name) || inner.args[0]?.value !== 'install') return undefined;
  if (inner.args.some((w) => PIP_ELSEWHERE.has(w.value.split('=')[0]))) return undefined;
  const tool = run.rest[run.rest.length - inner.args.length - 1];
  return { env: run.env, text: `${tool.value} install`, start: tool.start, end: inner.args[0].end };
}

/** The environment a pip install writes to, from the pip (or python) path, else the active one; undefined when not conda's. */
function pipTarget(command: ShellCommand, tool: Word, active: Env): Env | undefined {
  const index = command.words.indexOf(tool);
  const executable = command.words[index - 1]?.value === '-m' ? command.words[index - 2] : tool;
  const env = executable.value.includes('/') ? envOfPath(executable.value) : active;
  return env === undefined || env.startsWith('venv:') ? undefined : env;
}

/** The environment a conda install, create or `env create/update` writes to; undefined when it cannot be told. */
function condaTarget(verb: Word, args: Word[], active: Env): Env | undefined {
  let rest = args;
  if (verb.value === 'env') {
    if (!['create', 'update'].includes(args[0]?.value ?? '')) return undefined;
    rest = args.slice(1);
  }
  for (let i = 0; i < rest.length; i++) {
    const value = rest[i].value;
    if (['-n', '--name', '-p', '--prefix'].includes(value)) return normalizePrefix(rest[i + 1]?.value ?? '', value);
    if (/^--(name|prefix)=/.test(value)) return normalizePrefix(value.slice(value.indexOf('=') + 1), value);
  }
  // Without a name, `create` needs one from a file we do not read, and `env create -f` names the env in the file.
  if (verb.value === 'create' || (verb.value === 'env' && args[0]?.value === 'create')) return undefined;
  return active;
}

/** `-p /opt/conda` is the base environment and `-p /opt/conda/envs/x` is x; other prefixes stand for themselves. */
function normalizePrefix(value: string, option: string): Env {
  if (!option.startsWith('-p') && !option.startsWith('--prefix')) return value;
  const trimmed = value.replace(/\/+$/, '');
  return /\/envs\/([^/]+)$/.exec(trimmed)?.[1] ?? (/(conda|mamba|forge)[^/]*$/i.test(trimmed) ? 'base' : trimmed);
}

/**
 * The package a pip requirement or conda spec names, as both tools compare names: without quotes, channel, extras or
 * version, lower case, with `_` and `.` as `-` (`"conda-forge::NumPy>=1.26"` is `numpy`). Empty for URLs and paths.
 */
function requirementName(spec: string): string {
  const bare = spec.replace(/^["']|["']$/g, '').replace(/^[\w.-]+::/, '');
  if (/^[./~$]|:\/\//.test(bare)) return '';
  return (/^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(bare)?.[0] ?? '').toLowerCase().replace(/[_.]+/g, '-');
}

/** The interpreter and pip's own tools: conda that installs only these leaves the packages to pip. */
const INTERPRETER_PACKAGE = /^(python|pip|setuptools|wheel)([=<>!~ ].*)?$/;

/** True when a conda install or create brings only the interpreter (`conda create -n app python=3.11 pip`). */
function onlyInterpreter(packages: Word[]): boolean {
  return packages.every((p) => INTERPRETER_PACKAGE.test(p.value.replace(/^["']|["']$/g, '')));
}
