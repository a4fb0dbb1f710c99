// `apk add` without `--no-cache` leaves Alpine's package index in /var/cache/apk, in the shipped image.
import { installCommands } from '../../dockerfile/commands';
import { hasScratchMount } from '../../dockerfile/layers';
import { commandName, ShellCommand } from '../../dockerfile/shell';
import { appendCommand, environmentAt, hasWord, insertOption, lastClearing, removedPaths } from '../caches';
import type { DockerfileRule } from '../types';

/** Where apk keeps the index and, when configured, the packages. */
const CACHE = /^(\/var\/cache\/apk|\/etc\/apk\/cache)$/;

export const rule: DockerfileRule = {
  id: 'apk-no-cache',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  aliases: { hadolint: ['DL3019'] },
  docs: {
    summary: '`apk add` in the shipped image without `--no-cache`, a cleanup of `/var/cache/apk` or a cache mount.',
    rationale:
      'Without `--no-cache`, `apk add` downloads the index of every repository into `/var/cache/apk`, where it stays in ' +
      'the layer. `--no-cache` fetches the index into memory for this command only, so the install works the same ' +
      'and the layer carries only the packages. Deleting the folder in a later RUN does not shrink the image.',
    bad: 'FROM python:3.12-alpine\nRUN apk add build-base',
    good: 'FROM python:3.12-alpine\nRUN apk add --no-cache build-base',
    fixSafety: 'safe',
  },
  messages: {
    missing: '`apk add` keeps the package index in `/var/cache/apk`; add `--no-cache`.',
    updated:
      '`apk update` keeps the package index in `/var/cache/apk`, whatever `apk add` does after it; drop `apk update` and use ' +
      '`apk add --no-cache`, or end the same RUN with `rm -rf /var/cache/apk/*`.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    for (const stage of ctx.model.shippedStages) {
      for (const instr of stage.instructions) {
        const installs = installCommands(instr).filter((i) => i.manager === 'apk');
        if (installs.length === 0 || hasScratchMount(instr, (t) => CACHE.test(t))) continue;
        const env = environmentAt(instr);
        const clears = (command: ShellCommand) => {
          const named = commandName(command);
          if (named?.name === 'apk' && named.args.some((w) => w.value === 'cache') && named.args.some((w) => w.value === 'clean' || w.value === 'purge')) return true;
          return removedPaths(command, env).some((p) => CACHE.test(p));
        };
        // An index fetched by `apk update` (or `apk add --update` without `--no-cache`) stays whatever later adds do.
        const cleared = lastClearing(instr, clears);
        const update = instr.commands.find((c) => isUpdate(c) && c.end > cleared);
        if (update) {
          const edit = appendCommand(instr, 'rm -rf /var/cache/apk/*');
          const named = update.words.slice(update.words.findIndex((w) => w.value.split('/').pop() === 'apk'));
          ctx.report({
            messageId: 'updated',
            range: lines.range(named[0].start, named.find((w) => w.value === 'update')?.end ?? named[0].end),
            fixes: edit ? [{ title: 'Delete the apk index at the end of the RUN', preferred: true, safe: true, edits: [edit] }] : [],
          });
          continue;
        }
        for (const install of installs) {
          if (hasWord(install.command.words, ['--no-cache'])) continue;
          if (install.command.end <= cleared) continue;
          ctx.report({
            messageId: 'missing',
            range: lines.range(install.tool.start, install.verb.end),
            fixes: [{ title: 'Add --no-cache', preferred: true, safe: true, edits: [insertOption(instr, install.verb, '--no-cache')] }],
          });
        }
      }
    }
  },
};

/** `apk update`: it fetches the index into `/var/cache/apk` for later commands. */
function isUpdate(command: ShellCommand): boolean {
  const named = commandName(command);
  return named?.name === 'apk' && named.args.find((w) => !w.value.startsWith('-'))?.value === 'update';
}
