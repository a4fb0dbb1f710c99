// uv keeps every wheel it downloads or builds in ~/.cache/uv, which ends up in the shipped image unless disabled.
import { installCommands } from '../../dockerfile/commands';
import { hasScratchMount } from '../../dockerfile/layers';
import { commandName, ShellCommand, Word } from '../../dockerfile/shell';
import { environmentAt, lastClearing, hasWord, insertOption, normalisePath, removedPaths, runVariable, switchedOn } from '../caches';
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'uv-no-cache',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: '`uv pip install`, `uv sync` or `uv add` in the shipped image without `--no-cache`, `UV_NO_CACHE` or a cache mount.',
    rationale:
      "uv keeps every wheel it downloads or builds, unpacked, in its cache (`~/.cache/uv`, or `UV_CACHE_DIR`), with its " +
      'HTTP responses and the checkouts of git dependencies. With `UV_LINK_MODE=copy`, which Dockerfiles set to silence ' +
      "uv's warning about cache mounts, the cache is the size of the environment again: gigabytes for torch and its CUDA " +
      'libraries. With the default hard links the installed files share their bytes with the cache, so only the rest ' +
      'is wasted, and the finding is milder (information). Nothing reads the cache after the build. Pass `--no-cache`, ' +
      'set `ENV UV_NO_CACHE=1`, or mount a build cache on the cache folder, which also keeps rebuilds fast. Builder ' +
      'stages whose files are copied out are not reported, nor installs in `UV_LINK_MODE=symlink`, which need the cache.',
    bad: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /bin/uv\nRUN uv pip install --system torch',
    good: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /bin/uv\nRUN uv pip install --system --no-cache torch',
    fixSafety: 'safe',
  },
  messages: {
    copied:
      '`uv {verb}` copies every installed file out of its cache (`UV_LINK_MODE=copy`) and leaves the cache in the image, so the ' +
      'packages are stored twice; add `--no-cache`, set `UV_NO_CACHE=1` or mount a build cache on it.',
    linked:
      '`uv {verb}` leaves its cache (HTTP responses, built wheels, git checkouts) in the image; the installed files are hard ' +
      'links into it, so the waste is what they do not share. Add `--no-cache` or mount a build cache on it.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    for (const stage of ctx.model.shippedStages) {
      for (const instr of stage.instructions) {
        const installs = installCommands(instr).filter((i) => i.manager === 'uv');
        if (installs.length === 0) continue;
        const env = environmentAt(instr);
        if (switchedOn(env.get('UV_NO_CACHE'))) continue;
        const stageMode = env.get('UV_LINK_MODE');
        const dirs = cacheDirs(env);
        if (hasScratchMount(instr, (t) => dirs.includes(normalisePath(t, env)))) continue;
        const clears = (command: ShellCommand) => {
          const named = commandName(command);
          if (named?.name === 'uv' && named.args[0]?.value === 'cache' && named.args[1]?.value === 'clean') return true;
          return removedPaths(command, env).some((p) => dirs.includes(p));
        };
        const cleared = lastClearing(instr, clears);
        const noCacheIn = runVariable(instr, 'UV_NO_CACHE');
        const linkModeIn = runVariable(instr, 'UV_LINK_MODE');
        for (const install of installs) {
          if (install.args.length === 0 && install.verb.value !== 'sync') continue;
          if (hasWord(install.command.words, ['--no-cache', '--no-cache-dir', '-n'])) continue;
          if (switchedOn(noCacheIn(install.command))) continue;
          if (install.command.end <= cleared) continue;
          const mode = linkMode(install.command.words) ?? linkModeIn(install.command) ?? stageMode ?? 'hardlink';
          // Installed files that are symbolic links into the cache need it: without it they would dangle.
          if (mode === 'symlink') continue;
          const verb = install.command.words.slice(install.command.words.indexOf(install.tool) + 1, install.command.words.indexOf(install.verb) + 1);
          ctx.report({
            messageId: mode === 'copy' || mode === 'clone' ? 'copied' : 'linked',
            severity: mode === 'copy' || mode === 'clone' ? undefined : 'info',
            data: { verb: verb.filter((w) => !w.value.startsWith('-')).map((w) => w.value).join(' ') },
            range: lines.range(install.tool.start, install.verb.end),
            fixes: [{ title: 'Add --no-cache', preferred: true, safe: true, edits: [insertOption(instr, install.verb, '--no-cache')] }],
          });
        }
      }
    }
  },
};

/** The `--link-mode` given on the command line, if any. */
function linkMode(words: Word[]): string | undefined {
  const at = words.findIndex((w) => w.value === '--link-mode' || w.value.startsWith('--link-mode='));
  if (at < 0) return undefined;
  return words[at].value.includes('=') ? words[at].value.slice('--link-mode='.length) : words[at + 1]?.value;
}

/** The folders whose removal or mounting takes uv's cache out of the layer: its own, and the folders holding it. */
function cacheDirs(env: ReadonlyMap<string, string>): string[] {
  const home = normalisePath('~', env);
  const xdg = env.has('XDG_CACHE_HOME') ? normalisePath(env.get('XDG_CACHE_HOME')!, env) : `${home}/.cache`;
  const own = env.has('UV_CACHE_DIR') ? normalisePath(env.get('UV_CACHE_DIR')!, env) : `${xdg}/uv`;
  return env.has('UV_CACHE_DIR') ? [own] : [own, xdg];
}
