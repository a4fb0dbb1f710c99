// apt's package lists, tens of megabytes, stay in the shipped image unless the RUN that installs deletes them.
import { installCommands } from '../../dockerfile/commands';
import { appendOffset, aptVerb, continuation, hasScratchMount, joinText, readsAptLists } from '../../dockerfile/layers';
import type { DockerfileModel, Instr, Stage } from '../../dockerfile/model';
import { commandName, ShellCommand } from '../../dockerfile/shell';
import { insertAt } from '../edits';
import type { DockerfileRule, FileEdit } from '../types';

const CLEANUP = 'rm -rf /var/lib/apt/lists/*';

/** Removing Docker's `docker-clean` apt setting, which otherwise deletes downloaded packages after each install. */
const KEEPS_DEBS = /\brm\b[^\n]*\/etc\/apt\/apt\.conf\.d\/docker-clean/;

/** Paths whose removal deletes the lists: `/var/lib/apt/lists/*`, `/var/lib/apt`, `/var/lib/{apt,dpkg}/`. */
const LISTS = /^\/var\/lib\/(apt(\/lists)?\/?\*?|\{[^}]*\bapt\b[^}]*\}\/?\*?)$/;

export const rule: DockerfileRule = {
  id: 'apt-lists-not-cleaned',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { hadolint: ['DL3009'] },
  fixable: true,
  docs: {
    summary: '`apt-get install` in the shipped image without deleting `/var/lib/apt/lists` in the same RUN.',
    rationale:
      '`apt-get update` downloads the package lists of every configured repository, often 20 to 50 MB, and they stay in ' +
      'the layer of the RUN that installs. Deleting them in a later RUN hides them but does not shrink the image. ' +
      'Remove them at the end of the same RUN, or keep them in a `--mount=type=cache` so they never reach a layer. When a ' +
      'later RUN (in the stage or in one built on it) installs from these lists without an `apt-get update` of its own, ' +
      'deleting them would break that install: the finding then names that RUN and offers no fix. A RUN without an ' +
      '`apt-get update` of its own adds no lists and is not reported when the RUN that updated installs as well (that ' +
      'one is reported). When a Dockerfile ' +
      'removes `docker-clean` to keep downloaded packages, a cache mount on `/var/lib/apt` alone leaves the `.deb` ' +
      'files in `/var/cache/apt` in the layer, which is reported too.',
    bad: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN apt-get update && apt-get install -y --no-install-recommends python3-pip',
    good:
      'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\n' +
      'RUN apt-get update && apt-get install -y --no-install-recommends python3-pip \\\n' +
      '    && rm -rf /var/lib/apt/lists/*',
    fixSafety: 'safe',
  },
  messages: {
    debsLeft:
      '`{tool} install` keeps the downloaded .deb files in /var/cache/apt, because docker-clean is removed and only ' +
      '/var/lib/apt is a cache mount; mount a cache on /var/cache/apt as well.',
    missing: '`{tool} install` leaves the apt package lists in the image; end the same RUN with `rm -rf /var/lib/apt/lists/*`.',
    neededLater:
      '`{tool} install` leaves the apt package lists in the image, and the RUN on line {line} installs from them without an ' +
      '`apt-get update` of its own, so deleting them here would break it; run `apt-get update` in that RUN as well, then ' +
      'delete the lists at the end of both.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    const lastUpdates = new Map<Stage, Instr | undefined>();
    for (const stage of ctx.model.shippedStages) {
      // The last RUN so far, in this stage or the stages it is built on, that runs `apt-get update`; kept as the
      // instructions are walked, so that finding it costs nothing per instruction.
      let listsFrom = stage.parent ? lastUpdate(stage.parent, lastUpdates) : undefined;
      for (const instr of stage.instructions) {
        const from = listsFrom;
        const refreshes = instr.keyword === 'RUN' && instr.commands.some(updates);
        if (refreshes) listsFrom = instr;
        const installs = installCommands(instr).filter((i) => i.manager === 'apt');
        if (installs.length === 0) continue;
        // Without an `apt-get update` of its own, the RUN adds no lists: when the RUN that downloaded them also
        // installs, that RUN is reported, not this one.
        if (!refreshes && from?.commands.some((c) => aptVerb(c)?.verb === 'install')) continue;
        if (hasScratchMount(instr, (t) => t === '/var/lib/apt' || t === '/var/lib/apt/lists')) {
          // With docker-clean removed, apt keeps every downloaded .deb in /var/cache/apt: a layer unless mounted too.
          const keepsDebs = KEEPS_DEBS.test(ctx.model.text) && !hasScratchMount(instr, (t) => t === '/var/cache/apt' || t === '/var/cache/apt/archives');
          if (keepsDebs && !instr.commands.some((c) => aptVerb(c)?.verb === 'clean')) {
            const install = installs[0];
            ctx.report({ messageId: 'debsLeft', data: { tool: install.tool.value }, range: lines.range(install.tool.start, install.verb.end) });
          }
          continue;
        }
        const cleanedAt = lastCleanup(instr.commands);
        const install = installs.find((i) => i.command.end > cleanedAt);
        if (!install) continue;
        const range = lines.range(install.tool.start, install.verb.end);
        // A later install that relies on these lists would fail once they are deleted: no fix then.
        const reader = laterReader(ctx.model, stage, instr);
        if (reader) {
          ctx.report({ messageId: 'neededLater', data: { tool: install.tool.value, line: reader.range.start.line + 1 }, range });
          continue;
        }
        const edit = appendCleanup(instr, install.command.end);
        ctx.report({
          messageId: 'missing',
          data: { tool: install.tool.value },
          range,
          fixes: edit ? [{ title: 'Delete the apt lists at the end of the RUN', preferred: true, safe: true, edits: [edit] }] : [],
        });
      }
    }
  },
};

/**
 * The first later RUN, in the stage or in a stage built on it, that reads the package lists `instr` leaves (an apt
 * install or upgrade with no `apt-get update` before it), or undefined when the lists are refreshed or deleted first.
 */
function laterReader(model: DockerfileModel, stage: Stage, instr: Instr): Instr | undefined {
  // 'refreshed' ends the search in every stage built on this one as well: they inherit the new lists.
  const scan = (instrs: Instr[], current: Stage): Instr | 'refreshed' | undefined => {
    for (const other of instrs) {
      if (other.keyword !== 'RUN' || hasScratchMount(other, (t) => t === '/var/lib/apt' || t === '/var/lib/apt/lists')) continue;
      for (const command of other.commands) {
        if (aptVerb(command)?.verb === 'update' || lastCleanup([command]) >= 0) return 'refreshed';
        if (readsAptLists(command)) return other;
      }
    }
    for (const child of model.stages.filter((s) => s.parent === current)) {
      const found = scan(child.instructions, child);
      if (typeof found === 'object') return found;
    }
    return undefined;
  };
  const found = scan(stage.instructions.slice(stage.instructions.indexOf(instr) + 1), stage);
  return found === 'refreshed' ? undefined : found;
}

function updates(command: ShellCommand): boolean {
  return aptVerb(command)?.verb === 'update';
}

/**
 * The last RUN of a stage, or of the stages it is built on, that runs `apt-get update`. Walks the chain of parents
 * without recursion and remembers each answer, so that every stage is looked at once; a cycle of names ends it.
 */
function lastUpdate(stage: Stage, memo: Map<Stage, Instr | undefined>): Instr | undefined {
  const chain = new Set<Stage>();
  let found: Instr | undefined;
  for (let s: Stage | undefined = stage; s && !chain.has(s); s = s.parent) {
    if (memo.has(s)) {
      found = memo.get(s);
      break;
    }
    chain.add(s);
    const runs = s.instructions.filter((i) => i.keyword === 'RUN' && i.commands.some(updates));
    if (runs.length > 0) {
      found = runs[runs.length - 1];
      break;
    }
  }
  for (const s of chain) memo.set(s, found);
  return found;
}

/** The end offset of the last command that deletes the package lists, or -1. */
function lastCleanup(commands: ShellCommand[]): number {
  let at = -1;
  for (const command of commands) {
    const named = commandName(command);
    if (!named) continue;
    const apt = aptVerb(command);
    const deletes =
      ((named.name === 'rm' || named.name === 'find') && named.args.some((w) => LISTS.test(w.value))) ||
      (apt !== undefined && (apt.verb === 'distclean' || apt.verb === 'dist-clean'));
    if (deletes) at = command.end;
  }
  return at;
}

/** Appends the cleanup to the RUN's shell command, or as a new last line of the heredoc script that installs. */
function appendCleanup(instr: Instr, installEnd: number): FileEdit | undefined {
  const { lines } = instr.model;
  if (instr.heredocs.length > 0) {
    const content = instr.heredocs
      .map((h) => h.getContentRange())
      .find((r) => r !== null && lines.offsetAt(r.start) <= installEnd && installEnd <= lines.offsetAt(r.end));
    if (!content) return undefined;
    const lastLine = lines.lineText(content.end.line);
    if (lastLine.trimEnd().endsWith('\\')) return undefined;
    const indent = /^[ \t]*/.exec(lastLine)![0];
    return insertAt(content.end, `${lines.eol}${indent}${CLEANUP}`);
  }
  const at = appendOffset(instr);
  if (at === undefined) return undefined;
  return insertAt(lines.positionAt(at), joinText(instr.model, continuation(instr), CLEANUP));
}
