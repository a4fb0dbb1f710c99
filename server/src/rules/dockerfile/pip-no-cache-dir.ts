// pip keeps every wheel it downloads in ~/.cache/pip, which ends up in the shipped image unless disabled.
import { installCommands } from '../../dockerfile/commands';
import { assignments, hasScratchMount } from '../../dockerfile/layers';
import type { Instr, Stage } from '../../dockerfile/model';
import { commandName, ShellCommand } from '../../dockerfile/shell';
import { insertAt } from '../edits';
import type { DockerfileRule, Fix } from '../types';

export const rule: DockerfileRule = {
  id: 'pip-no-cache-dir',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { hadolint: ['DL3042'] },
  fixable: true,
  docs: {
    summary: '`pip install` in the shipped image without `--no-cache-dir`, `PIP_NO_CACHE_DIR` or a cache mount.',
    rationale:
      'pip stores every wheel it downloads in its cache. For ML packages that is gigabytes: a CUDA build of torch alone ' +
      'is over 2 GB, and the image then carries it twice, installed and cached. The cache is useless in an image, ' +
      'because rebuilding the layer starts from an empty one. Pass `--no-cache-dir`, set `ENV PIP_NO_CACHE_DIR=1`, ' +
      'or mount a build cache on `/root/.cache/pip` to keep the speed-up without the size. pip run inside a conda ' +
      'environment (`conda run -n app pip install …`) counts too.',
    bad: 'FROM python:3.11-slim\nRUN pip install torch torchvision',
    good: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch torchvision',
    fixSafety: {
      sometimes:
        "adding `--no-cache-dir` is safe; the alternative, a build cache mount on pip's cache, is unsafe, as the legacy builder rejects `RUN --mount`.",
    },
  },
  messages: {
    missing: '`{tool} install` keeps its download cache in the image; add `--no-cache-dir`.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    const settings = new Map<Stage, CacheSettings>();
    for (const stage of ctx.model.shippedStages) {
      let root = startsAsRoot(stage);
      let state = inheritedSettings(stage, settings);
      for (const instr of stage.instructions) {
        if (instr.keyword === 'USER') root = isRoot(ctx.model.expand(instr.args[0]?.value ?? ''));
        const installs = installCommands(instr).filter((i) => i.manager === 'pip');
        const disabled = installs.length > 0 && cacheDisabled(instr, state);
        state = afterInstruction(state, instr);
        if (installs.length === 0 || disabled) continue;
        const purge = lastCachePurge(instr.commands);
        for (const install of installs) {
          if (install.args.length === 0) continue;
          const words = install.command.words;
          if (words.some((w) => w.value.startsWith('--no-cache') || /^PIP_NO_CACHE_DIR=./.test(w.value))) continue;
          if (purge !== undefined && purge.words[0].start >= install.command.end) continue;
          const at = lines.positionAt(install.verb.end);
          const flag = instr.isJsonForm ? ', "--no-cache-dir"' : ' --no-cache-dir';
          const fixes: Fix[] = [{ title: 'Add --no-cache-dir', preferred: true, safe: true, edits: [insertAt(at, flag)] }];
          // A cache mount needs BuildKit: the legacy builder rejects the RUN.
          if (root) fixes.push({ title: "Mount a build cache on pip's cache", safe: false, edits: [mountEdit(instr)] });
          ctx.report({ messageId: 'missing', data: { tool: install.tool.value }, range: lines.range(install.tool.start, install.verb.end), fixes });
        }
      }
    }
  },
};

const CACHE_TARGET = /(^|\/)\.cache(\/pip)?$/;

/** What earlier ENV, ARG and RUN instructions said about pip's cache, carried along a stage in one pass. */
interface CacheSettings {
  /** `PIP_NO_CACHE_DIR` is set, or pip's config turns the cache off. */
  noCache: boolean;
  /** The latest `PIP_CACHE_DIR`, if any. */
  cacheDir?: string;
}

/** The settings a stage starts with: those its parent stage ends with (computed once per stage), or none. */
function inheritedSettings(stage: Stage, memo: Map<Stage, CacheSettings>): CacheSettings {
  if (!stage.parent) return { noCache: false };
  const known = memo.get(stage.parent);
  if (known) return known;
  let state = inheritedSettings(stage.parent, memo);
  for (const instr of stage.parent.instructions) state = afterInstruction(state, instr);
  memo.set(stage.parent, state);
  return state;
}

function afterInstruction(state: CacheSettings, instr: Instr): CacheSettings {
  if (instr.keyword === 'ENV' || instr.keyword === 'ARG') {
    let next = state;
    for (const [name, value] of assignments(instr)) {
      if (name === 'PIP_NO_CACHE_DIR' && value !== '') next = { ...next, noCache: true };
      if (name === 'PIP_CACHE_DIR') next = { ...next, cacheDir: value };
    }
    return next;
  }
  if (instr.keyword === 'RUN' && instr.commands.some(configuresNoCache)) return { ...state, noCache: true };
  return state;
}

/** True when the whole RUN cannot leave pip's cache in the layer: the cache is mounted, or disabled by ENV, ARG or pip config. */
function cacheDisabled(instr: Instr, state: CacheSettings): boolean {
  if (state.noCache || hasScratchMount(instr, (t) => CACHE_TARGET.test(t))) return true;
  for (const command of instr.commands) {
    if (command.words.some((w) => /^PIP_NO_CACHE_DIR=./.test(w.value)) && commandName(command)?.name === 'export') return true;
  }
  const cacheDir = state.cacheDir;
  return cacheDir !== undefined && hasScratchMount(instr, (t) => t === cacheDir.replace(/\/+$/, ''));
}

/** `pip config set global.no-cache-dir …`, or writing `no-cache-dir` into a pip.conf. */
function configuresNoCache(command: ShellCommand): boolean {
  const named = commandName(command);
  if (!named || !command.words.some((w) => w.value.includes('no-cache-dir'))) return false;
  return (/^pip[0-9.]*$/.test(named.name) && named.args[0]?.value === 'config') || named.name === 'echo' || named.name === 'printf';
}

/** The last command of a RUN that deletes pip's cache (`pip cache purge`, `rm -rf /root/.cache`): installs before it keep none. */
function lastCachePurge(commands: ShellCommand[]): ShellCommand | undefined {
  // Found once per RUN, from the end: asking for each install whether a later command purges was quadratic.
  for (let i = commands.length - 1; i >= 0; i--) {
    const named = commandName(commands[i]);
    if (!named) continue;
    if (/^pip[0-9.]*$/.test(named.name) && named.args[0]?.value === 'cache' && named.args[1]?.value === 'purge') return commands[i];
    if (named.name === 'rm' && named.args.some((w) => CACHE_TARGET.test(w.value.replace(/\/\*?$/, '').replace(/^(~|\$HOME|\$\{HOME\})/, '/root')))) return commands[i];
  }
  return undefined;
}

/** Inserts a cache mount on pip's cache right after the RUN keyword. */
function mountEdit(instr: Instr) {
  const { lines, text } = instr.model;
  const after = instr.start + instr.keyword.length;
  const spaced = text[after] === ' ' || text[after] === '\t';
  return insertAt(lines.positionAt(spaced ? after + 1 : after), `${spaced ? '' : ' '}--mount=type=cache,target=/root/.cache/pip${spaced ? ' ' : ''}`);
}

function startsAsRoot(stage: Stage): boolean {
  if (stage.parent) return isRoot(stage.parent.user ?? '');
  return !stage.imageInfo?.nonRoot;
}

function isRoot(user: string): boolean {
  return user === '' || /^(root|0)(:.*)?$/.test(user);
}
