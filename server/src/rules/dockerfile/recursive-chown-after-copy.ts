// `chown -R`/`chmod -R` over files an earlier COPY added rewrites every one of them into a new layer.
import { commandName, ShellCommand, Word } from '../../dockerfile/shell';
import { within } from '../../dockerfile/split';
import { environmentAt } from '../caches';
import { Copied, resolvePath, stageChain, trackCopies } from '../paths';
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'recursive-chown-after-copy',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: false,
  docs: {
    summary: 'A recursive `chown` or `chmod` in a RUN over files that an earlier COPY or ADD added to the shipped image.',
    rationale:
      'A layer stores every file whose content or metadata changed, whole. Changing the owner or the mode of copied ' +
      'files in a later RUN therefore stores each of them a second time, and the first copy stays in the COPY layer: ' +
      'a project folder with a virtual environment or model files doubles in size. Set the owner and the mode as the ' +
      'files are copied, with `COPY --chown=user:group` and `COPY --chmod=…`, and create the folders the user must ' +
      'write to with the right owner before copying.',
    bad: 'FROM python:3.11-slim\nRUN useradd -m app\nCOPY . /app\nRUN chown -R app:app /app\nUSER app',
    good: 'FROM python:3.11-slim\nRUN useradd -m app\nCOPY --chown=app:app . /app\nUSER app',
  },
  messages: {
    copied:
      '`{tool} -R` rewrites every file the {keyword} on line {line} put in `{path}`, so the image stores them twice; ' +
      'set the owner or mode in the {keyword} with `--chown`/`--chmod` instead.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    for (const stage of ctx.model.shippedStages) {
      // Files copied in the stages this one is built on are in the image as well.
      let workdir: string | undefined;
      const copies: Copied[] = [];
      for (const ancestor of stageChain(stage).slice(0, -1)) {
        for (const instr of ancestor.instructions) workdir = trackCopies(instr, workdir, copies);
      }
      for (const instr of stage.instructions) {
        if (instr.keyword === 'RUN' && copies.length > 0) {
          const env = environmentAt(instr);
          for (const command of instr.commands) {
            const change = recursiveChange(command);
            if (!change) continue;
            const hit = change.targets
              .map((t) => ({ word: t, path: resolvePath(t.value, workdir, env) }))
              .map((t) => ({ ...t, copy: t.path && copies.find((c) => within(c.target, t.path!) || within(t.path!, c.target)) }))
              .find((t) => t.copy);
            if (!hit?.copy) continue;
            // One finding per RUN: a `chown -R` and a `chmod -R` of the same folder rewrite the same files once.
            ctx.report({
              messageId: 'copied',
              data: { tool: change.tool.value, keyword: hit.copy.instr.keyword, line: hit.copy.instr.range.start.line + 1, path: hit.path! },
              range: lines.range(change.tool.start, hit.word.end),
            });
            break;
          }
        }
        workdir = trackCopies(instr, workdir, copies);
      }
    }
  },
};

/** A `chown -R` or `chmod -R` (also `--recursive`, `-Rh`), with the paths it changes. */
function recursiveChange(command: ShellCommand): { tool: Word; targets: Word[] } | undefined {
  const named = commandName(command);
  if (!named || (named.name !== 'chown' && named.name !== 'chmod' && named.name !== 'chgrp')) return undefined;
  const options = named.args.filter((w) => w.value.startsWith('-') && !/^-[0-7]+$/.test(w.value) && !/^-[rwxXst]+$/.test(w.value));
  if (!options.some((w) => w.value === '--recursive' || /^-[A-Za-z]*R/.test(w.value))) return undefined;
  // The first operand is the owner or the mode, unless `--reference` gives it.
  const operands = named.args.filter((w) => !options.includes(w));
  const targets = options.some((w) => w.value.startsWith('--reference')) ? operands : operands.slice(1);
  return { tool: command.words[command.words.length - named.args.length - 1], targets };
}
