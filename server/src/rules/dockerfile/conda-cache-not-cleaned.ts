// conda, mamba and micromamba keep every package tarball and its unpacked copy in `pkgs/`, which ships unless cleaned.
import { installCommands, InstallCommand } from '../../dockerfile/commands';
import { hasScratchMount } from '../../dockerfile/layers';
import { commandName, ShellCommand } from '../../dockerfile/shell';
import { appendCommand, environmentAt, lastClearing, normalisePath, removedPaths } from '../caches';
import type { DockerfileRule } from '../types';

const TOOLS = new Set(['conda', 'mamba', 'micromamba']);

export const rule: DockerfileRule = {
  id: 'conda-cache-not-cleaned',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: '`conda`, `mamba` or `micromamba` installs in the shipped image without `clean --all` in the same RUN.',
    rationale:
      'conda downloads each package as a tarball into its package cache (`/opt/conda/pkgs`), unpacks it there, and links ' +
      'the environment to the unpacked copy. The tarballs and the index cache stay in the layer: for a CUDA build of ' +
      'PyTorch, several gigabytes. `conda clean --all --yes` at the end of the same RUN deletes the tarballs, the index ' +
      'cache and the packages no environment uses; a later RUN cannot take the bytes back out of the image. A cache ' +
      'mount on the package folder keeps the files out of the layer too.',
    bad: 'FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y -c conda-forge numpy scipy',
    good: 'FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y -c conda-forge numpy scipy && conda clean --all --yes',
    fixSafety: 'safe',
  },
  messages: {
    missing: '`{tool} {verb}` leaves the package tarballs and index cache in the image; end the same RUN with `{tool} clean --all --yes`.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    for (const stage of ctx.model.shippedStages) {
      for (const instr of stage.instructions) {
        const installs = installCommands(instr).filter(downloads);
        if (installs.length === 0) continue;
        const env = environmentAt(instr);
        const pkgs = (path: string) => /\/pkgs$/.test(path) || (env.has('CONDA_PKGS_DIRS') && path === normalisePath(env.get('CONDA_PKGS_DIRS')!, env));
        if (hasScratchMount(instr, (t) => pkgs(normalisePath(t, env)))) continue;
        const clears = (command: ShellCommand) => cleansAll(command) || removedPaths(command, env).some(pkgs);
        const cleared = lastClearing(instr, clears);
        const install = installs.find((i) => i.command.end > cleared);
        if (!install) continue;
        const tool = install.tool.value.split('/').pop()!;
        const edit = appendCommand(instr, `${install.tool.value} clean --all --yes`);
        ctx.report({
          messageId: 'missing',
          data: { tool, verb: install.verb.value },
          range: lines.range(install.tool.start, install.verb.end),
          fixes: edit ? [{ title: `End the RUN with ${tool} clean --all --yes`, preferred: true, safe: true, edits: [edit] }] : [],
        });
      }
    }
  },
};

/** True for a conda command that downloads packages: `install`, `create`, `env create`, `env update`. */
function downloads(install: InstallCommand): boolean {
  if (install.manager !== 'conda') return false;
  if (install.verb.value !== 'env') return true;
  const sub = install.args.find((w) => !w.value.startsWith('-'))?.value;
  return sub === 'create' || sub === 'update';
}

/** `conda clean` with `--all` or `-a` (alone or among short options, as in `-afy`), or with both tarballs and packages. */
function cleansAll(command: ShellCommand): boolean {
  const named = commandName(command);
  if (!named || !TOOLS.has(named.name) || !named.args.some((w) => w.value === 'clean')) return false;
  const short = named.args.filter((w) => /^-[a-z]+$/.test(w.value)).map((w) => w.value.slice(1)).join('');
  const long = new Set(named.args.map((w) => w.value));
  if (long.has('--all') || short.includes('a')) return true;
  return (long.has('--tarballs') || short.includes('t')) && (long.has('--packages') || short.includes('p'));
}
