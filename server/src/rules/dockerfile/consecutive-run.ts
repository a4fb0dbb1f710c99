// Each RUN adds a layer; RUN instructions that follow each other directly can usually be one.
import { installCommands } from '../../dockerfile/commands';
import { appendOffset, Continuation, continuation, joinText, onlyOperators, operatorGaps } from '../../dockerfile/layers';
import type { Instr, Stage } from '../../dockerfile/model';
import { rolesOf } from '../../dockerfile/roles';
import { commandName } from '../../dockerfile/shell';
import { replace } from '../edits';
import type { DockerfileRule, Fix } from '../types';

/** Commands whose effect on the shell would carry over into the commands merged after them. */
const STATEFUL = new Set(['cd', 'export', 'set', 'source', '.', 'umask', 'pushd', 'popd', 'shopt', 'unset', 'alias', 'ulimit', 'trap']);

/**
 * Words that can end the shell before its last command, or leave the list early: after a merge they would skip
 * the commands joined after them (`test -f /x || exit 0` followed by `&& next` never runs `next` without /x).
 * `exec` replaces the shell, so nothing after it runs either.
 */
const ENDS_SHELL = new Set(['exit', 'exec', 'return', 'break', 'continue', 'logout', 'kill']);

const DEFAULT_LAYOUT: Continuation = { indent: '    ', leading: false };

/** A package from a version-control URL: `git+https://…`, `git+ssh://…`, `git://…`, or a `.git` repository URL. */
const VCS_SOURCE = /^["']?(?:(?:git|hg|svn|bzr)\+[a-z]+:\/\/|git:\/\/|https?:\/\/\S+\.git(?:[@#]|["']?$))/i;
/** A commit hash or a version tag after `@` in a VCS URL: a fixed point rather than a branch that moves. */
const FIXED_REF = /@(?:[0-9a-f]{7,40}|v?\d+(?:\.\d+)+[\w.+-]*)(?:#|["']?$)/i;

export const rule: DockerfileRule = {
  id: 'consecutive-run',
  kind: 'dockerfile',
  severity: 'info',
  aliases: { hadolint: ['DL3059'] },
  fixable: true,
  docs: {
    summary: 'RUN instructions that directly follow each other and could be one layer.',
    rationale:
      'Every RUN creates a layer. Files that one RUN creates and a later one deletes stay in the image, and each layer ' +
      'adds a little to pulls and to the layer limit. Consecutive RUNs with the same mounts can be joined with `&&` ' +
      'into one. RUNs that already chain more than two commands are taken as deliberate layer boundaries; keep other ' +
      'RUNs apart on purpose by putting a comment between them, for example to cache a slow download. A RUN that installs ' +
      'a package from a branch of a repository (`pip install "git+https://…/project.git@main"`) right after another ' +
      'install is left apart from it: it is the layer rebuilt to pick up new commits, and merged it would redo the heavy ' +
      'install before it on every such rebuild. Stages that never ' +
      'ship (only copied from, see [roles](../roles.md)) are left alone: their layers are never pulled. No merge is offered ' +
      'after a RUN that can end its shell early (`test -f /done || exit 0`, `exec`), as the joined RUN would then skip the ' +
      'next command.',
    bad: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch\nRUN pip install --no-cache-dir transformers',
    good: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch && \\\n    pip install --no-cache-dir transformers',
    fixSafety: 'safe',
  },
  messages: {
    consecutive: 'This RUN directly follows another one; merge them into one RUN to save a layer.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    const roles = rolesOf(ctx.model, ctx.path, ctx.builders, ctx.root);
    for (const stage of ctx.model.stages) {
      // In a stage that never ships, separate RUNs cost nothing that is pulled and are often deliberate cache boundaries.
      if (roles.stage(stage).neverShips) continue;
      const shellChange = nonPosixShellStart(stage);
      const groups: Instr[][] = [];
      let previous: Instr | undefined;
      for (const instr of stage.instructions) {
        if (previous && mergeable(previous, instr)) groups[groups.length - 1].push(instr);
        else groups.push([instr]);
        previous = instr;
      }
      for (const group of groups) {
        if (group.length < 2) continue;
        const layout = group.map(continuation).find((c) => c !== undefined) ?? DEFAULT_LAYOUT;
        for (let j = 1; j < group.length; j++) {
          const [prev, instr] = [group[j - 1], group[j]];
          const at = instr.start < shellChange && safeToJoin(prev, instr) ? appendOffset(prev) : undefined;
          const argsStart = instr.argsRange?.start;
          const fixes: Fix[] = [];
          // The previous RUN must end where the join goes: a trailing comment would swallow it.
          if (at !== undefined && argsStart && ctx.text.slice(at, prev.end).trim() === '') {
            const join = replace({ start: lines.positionAt(at), end: argsStart }, joinText(ctx.model, layout, ''));
            fixes.push({ title: 'Merge into the previous RUN', preferred: true, safe: true, edits: [join] });
          }
          ctx.report({ messageId: 'consecutive', range: lines.range(instr.start, instr.start + instr.keyword.length), fixes });
        }
      }
    }
  },
};

/** True when two short RUNs in shell form follow each other with only blank lines between, and have the same flags. */
function mergeable(prev: Instr, instr: Instr): boolean {
  if (prev.keyword !== 'RUN' || instr.keyword !== 'RUN') return false;
  // A RUN that already chains several commands marks a layer boundary its author chose, as hadolint's DL3059 assumes.
  if (prev.commands.length === 0 || instr.commands.length === 0 || prev.commands.length > 2 || instr.commands.length > 2) return false;
  if (prev.isJsonForm || instr.isJsonForm || prev.heredocs.length > 0 || instr.heredocs.length > 0) return false;
  if (instr.model.text.slice(prev.end, instr.start).trim() !== '') return false;
  if (installsFromMovingSource(instr) && installCommands(prev).length > 0) return false;
  return flagKey(prev) === flagKey(instr);
}

/**
 * True when a RUN installs a package from a branch of a repository (`git+https://…/diffusers.git@main`): the layer
 * that is rebuilt to pick up new commits. Kept apart from the install before it, a rebuild redoes only this layer and
 * pulls ship only it, rather than the multi-gigabyte install it would otherwise be merged with.
 */
function installsFromMovingSource(instr: Instr): boolean {
  return installCommands(instr).some((install) => install.packages.some((word) => VCS_SOURCE.test(word.value) && !FIXED_REF.test(word.value)));
}

function flagKey(instr: Instr): string {
  return instr.flags.map((f) => `${f.getName().toLowerCase()}=${f.getValue() ?? ''}`).sort().join(' ');
}

/**
 * The offset from which a non-POSIX SHELL is in effect in a stage (inherited through `FROM <stage>`), or
 * Infinity when the shell stays POSIX: computed once per stage, as joining with `&&` needs a POSIX shell.
 */
function nonPosixShellStart(stage: Stage): number {
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    const shell = s.instructions.find((other) => other.keyword === 'SHELL' && !/^\[\s*"(\/bin\/|\/usr\/bin\/)?(ba|da|z|k)?sh"/.test(other.argsText));
    if (shell) return s === stage ? shell.start : -Infinity;
  }
  return Infinity;
}

/**
 * True when `prev && instr` behaves as the two RUNs did: `prev` leaves no shell state behind and cannot end the
 * shell early (no word of it may be `exit`, `exec` and the like, wherever it stands, in an `if` or after `||`),
 * and `instr` joins its commands with `&&` or pipes only (so that a failure of `prev` cannot be masked). The
 * operators inside `prev` need no check: `a || b && next`, `a; b && next` and `a | b && next` run `next` exactly
 * when the RUN `a || b` (or `a; b`, `a | b`) would have succeeded, as `&&` and `||` bind equally from the left;
 * a trailing `;` or `&` leaves no place to append (see `appendOffset`).
 */
function safeToJoin(prev: Instr, instr: Instr): boolean {
  for (const command of prev.commands) {
    const name = commandName(command)?.name;
    if (name === undefined || STATEFUL.has(name)) return false;
    if (command.words.some((word) => ENDS_SHELL.has(word.value))) return false;
  }
  if (operatorGaps(prev).some((gap) => gap.some((t) => t.op === '?'))) return false;
  return onlyOperators(instr, ['&&', '|']);
}
