// `dnf`, `yum` or `microdnf install` without `clean all` in the same RUN leaves the repository metadata in the image.
import { hasScratchMount } from '../../dockerfile/layers';
import { commandName, ShellCommand, Word } from '../../dockerfile/shell';
import { appendCommand, environmentAt, lastClearing, removedPaths } from '../caches';
import type { DockerfileRule } from '../types';

const TOOLS = new Set(['dnf', 'dnf5', 'yum', 'microdnf', 'tdnf']);
/** Subcommands that download metadata and packages. */
const DOWNLOADING = new Set(['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade', 'module']);
/** Options whose value is the next word, so that the value is not taken for the subcommand. */
const WITH_VALUE = new Set(['--setopt', '--installroot', '--releasever', '--enablerepo', '--disablerepo', '-c', '--config', '--repo']);
/** The folders these tools keep their caches in, or one of their parents. */
const CACHE = /^\/var\/cache(\/(dnf|yum|libdnf5|tdnf)|\/\{[^}]*\b(dnf|yum)\b[^}]*\})?$/;

export const rule: DockerfileRule = {
  id: 'dnf-cache-not-cleaned',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  aliases: { hadolint: ['DL3032', 'DL3040'] },
  docs: {
    summary: '`dnf`, `yum` or `microdnf install` in the shipped image without `clean all` in the same RUN.',
    rationale:
      'dnf and yum download the metadata of every enabled repository into `/var/cache/dnf` or `/var/cache/yum`, tens to ' +
      'hundreds of megabytes, and it stays in the layer of the RUN that installs. Cleaning in a later RUN hides the ' +
      'files without shrinking the image. End the same RUN with `dnf clean all` (or `yum`/`microdnf clean all`), or ' +
      'keep the cache in a `--mount=type=cache`. A later install fetches the metadata again by itself.',
    bad: 'FROM rockylinux:9\nRUN dnf install -y python3.11',
    good: 'FROM rockylinux:9\nRUN dnf install -y python3.11 && dnf clean all',
    fixSafety: 'safe',
  },
  messages: {
    missing: '`{tool} {verb}` leaves the repository metadata in the image; end the same RUN with `{tool} clean all`.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    for (const stage of ctx.model.shippedStages) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'RUN' || hasScratchMount(instr, (t) => CACHE.test(t))) continue;
        const env = environmentAt(instr);
        const clears = (command: ShellCommand) => {
          const named = commandName(command);
          if (named && TOOLS.has(named.name) && subcommand(named.args)?.value === 'clean') return named.args.some((w) => w.value === 'all');
          return removedPaths(command, env).some((p) => CACHE.test(p));
        };
        const cleared = lastClearing(instr, clears);
        for (const command of instr.commands) {
          const found = downloads(command);
          if (!found || command.end <= cleared) continue;
          const tool = found.tool.value.split('/').pop()!;
          const edit = appendCommand(instr, `${found.tool.value} clean all`);
          ctx.report({
            messageId: 'missing',
            data: { tool, verb: found.verb.value },
            range: lines.range(found.tool.start, found.verb.end),
            fixes: edit ? [{ title: `End the RUN with ${tool} clean all`, preferred: true, safe: true, edits: [edit] }] : [],
          });
          break;
        }
      }
    }
  },
};

/** The tool and subcommand words of a dnf/yum command that downloads, else undefined. */
function downloads(command: ShellCommand): { tool: Word; verb: Word } | undefined {
  const named = commandName(command);
  if (!named || !TOOLS.has(named.name)) return undefined;
  const verb = subcommand(named.args);
  if (!verb || !DOWNLOADING.has(verb.value)) return undefined;
  return { tool: command.words[command.words.length - named.args.length - 1], verb };
}

function subcommand(args: Word[]): Word | undefined {
  for (let i = 0; i < args.length; i++) {
    if (WITH_VALUE.has(args[i].value)) i++;
    else if (!args[i].value.startsWith('-')) return args[i];
  }
  return undefined;
}
