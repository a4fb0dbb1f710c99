// An `apt-get update` in a RUN that installs nothing is cached apart from the install, which then reads stale lists.
import { aptVerb, onlyOperators, operatorGaps, readsAptLists } from '../../dockerfile/layers';
import type { Instr } from '../../dockerfile/model';
import { commandName, ShellCommand } from '../../dockerfile/shell';
import { deleteInstruction, insertAt, replace } from '../edits';
import type { DockerfileRule, FileEdit } from '../types';

/** apt subcommands that neither read nor need the package lists. */
const APT_HOUSEKEEPING = new Set(['update', 'clean', 'autoclean', 'autoremove', 'distclean', 'dist-clean']);

/** Commands known not to install through apt; any other command might (a script, `xargs apt-get`, a pipe into `sh`). */
const NOT_APT = new Set([
  'rm', 'echo', 'printf', 'mkdir', 'ln', 'chmod', 'chown', 'cp', 'mv', 'touch', 'true', 'set', 'export', 'cd', 'sed',
  'cat', 'ls', 'tee', 'grep', 'pip', 'npm', 'yarn', 'pnpm', 'uv', 'poetry', 'conda', 'mamba', 'curl', 'wget', 'git',
  'tar', 'unzip', 'gpg', 'apt-key', 'add-apt-repository', 'useradd', 'groupadd', 'locale-gen', 'update-ca-certificates',
  'ldconfig', 'find', 'which', 'test', '[', 'python', 'python3',
]);

export const rule: DockerfileRule = {
  id: 'apt-update-alone',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: '`apt-get update` in a RUN that installs nothing after it.',
    rationale:
      'Docker caches each RUN on its text. A RUN that only updates the package lists is cached once and reused for ' +
      'months, while a later RUN that installs is rebuilt whenever its package list changes: it then asks for versions ' +
      'that the stale lists no longer match, and fails with 404 errors or installs outdated packages. Update and ' +
      'install in the same RUN so that they are always cached together.',
    bad: 'FROM ubuntu:22.04\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*',
    good: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*',
    fixSafety: {
      sometimes:
        "moving the update is safe, except when a RUN, COPY or ADD between the two could change apt's sources (the update would then read other repositories), where it is unsafe.",
    },
  },
  messages: {
    alone:
      '`{command}` installs nothing after it in this RUN, so its package lists are cached in their own layer and go stale; ' +
      'run it in the same RUN as `apt-get install`.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    const prefixed = new Set<Instr>();
    for (const stage of ctx.model.stages) {
      stage.instructions.forEach((instr, index) => {
        if (instr.keyword !== 'RUN') return;
        const commands = instr.commands;
        commands.forEach((command, k) => {
          const apt = aptVerb(command);
          if (apt?.verb !== 'update' || !commands.slice(k + 1).every(ignoresLists)) return;
          const move = moveUpdate(instr, k, stage.instructions.slice(index + 1), prefixed);
          ctx.report({
            messageId: 'alone',
            data: { command: ctx.text.slice(apt.tool.start, apt.end) },
            range: lines.range(apt.tool.start, apt.end),
            fixes: move ? [{ title: 'Run apt-get update in the RUN that installs', preferred: true, ...move }] : [],
          });
        });
      });
    }
  },
};

/** True for a command that certainly does not read apt's package lists. */
function ignoresLists(command: ShellCommand): boolean {
  const apt = aptVerb(command);
  if (apt) return APT_HOUSEKEEPING.has(apt.verb);
  const name = commandName(command)?.name;
  return name === undefined || NOT_APT.has(name);
}

/**
 * Removes update command `k` of `instr` and puts it before the next RUN of the stage that installs, or returns
 * undefined when either edit is not certain to keep the build working. The move is safe unless a RUN, COPY or
 * ADD between the two could change apt's sources, so that the later update would read other repositories.
 */
function moveUpdate(instr: Instr, k: number, later: Instr[], prefixed: Set<Instr>): { edits: FileEdit[]; safe: boolean } | undefined {
  const target = later.find((other) => other.keyword === 'RUN' && other.commands.some(readsAptLists));
  if (!target) return undefined;
  const between = later.slice(0, later.indexOf(target));
  for (const other of between) {
    if (other.keyword === 'RUN' && !other.commands.every(ignoresLists)) return undefined;
  }
  const removal = removeCommand(instr, k);
  if (!removal) return undefined;
  const firstReader = target.commands.findIndex(readsAptLists);
  const updatedAlready = target.commands.slice(0, firstReader).some((c) => aptVerb(c)?.verb === 'update');
  // The install updates for itself already: the update removed here fed nothing.
  if (updatedAlready || prefixed.has(target)) return { edits: [removal], safe: true };
  const prefix = prefixUpdate(instr.commands[k], target, firstReader);
  if (!prefix) return undefined;
  prefixed.add(target);
  return { edits: [removal, prefix], safe: !between.some((other) => ['RUN', 'COPY', 'ADD'].includes(other.keyword)) };
}

/** Deletes command `k` of a RUN with one of the operators around it, or the whole RUN when it is its only command. */
function removeCommand(instr: Instr, k: number): FileEdit | undefined {
  const { lines, text } = instr.model;
  const commands = instr.commands;
  if (commands.length === 1) return deleteInstruction(lines, instr);
  const command = commands[k];
  if (instr.isJsonForm) return undefined;
  if (instr.heredocs.length > 0) {
    const line = lines.positionAt(command.words[0].start).line;
    if (lines.lineText(line).trim() !== text.slice(command.words[0].start, command.end)) return undefined;
    return replace({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, '');
  }
  const gaps = operatorGaps(instr);
  const ops = (gap: { op: string }[]) => gap.filter((t) => t.op !== '#').map((t) => t.op).join(' ');
  const before = ops(gaps[k]);
  const after = ops(gaps[k + 1]);
  const simple = (op: string) => op === '&&' || op === ';';
  const dropAfter = () => replace(lines.range(command.words[0].start, commands[k + 1].words[0].start), '');
  const dropBefore = () => replace(lines.range(commands[k - 1].end, command.end), '');
  if (k === 0) return before === '' && simple(after) ? dropAfter() : undefined;
  if (k === commands.length - 1) return simple(before) && after === '' ? dropBefore() : undefined;
  if (!simple(before) || !simple(after)) return undefined;
  // Whichever of the two operators is `;` survives, so that `a; update && b` and `a && update; b` both become `a; b`.
  return after === '&&' ? dropAfter() : dropBefore();
}

/** Puts the update in front of the install: at the start of a shell-form RUN, or on the install's line of a heredoc. */
function prefixUpdate(update: ShellCommand, target: Instr, reader: number): FileEdit | undefined {
  const { lines, text } = target.model;
  const written = text.slice(update.words[0].start, update.end);
  const prefix = `${/[\r\n]/.test(written) ? 'apt-get update' : written} && `;
  if (target.isJsonForm) return undefined;
  if (target.heredocs.length > 0) {
    const start = target.commands[reader].words[0].start;
    const line = lines.positionAt(start).line;
    if (text.slice(lines.lineStart(line), start).trim() !== '') return undefined;
    return insertAt(lines.positionAt(start), prefix);
  }
  const range = target.argsRange;
  if (!range || !onlyOperators(target, ['&&', '|'])) return undefined;
  return insertAt(range.start, prefix);
}
