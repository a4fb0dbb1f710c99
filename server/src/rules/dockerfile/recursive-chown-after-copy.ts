// `chown -R`/`chmod -R` over files an earlier COPY added rewrites every one of them into a new layer.
import type { Instr, Stage } from '../../dockerfile/model';
import { commandName, ShellCommand, Word } from '../../dockerfile/shell';
import * as path from 'node:path';
import { copyDestination, copySources, copyTarget, within, workdirAfter } from '../../dockerfile/split';
import { environmentAt, normalisePath } from '../caches';
import type { DockerfileRule } from '../types';

const posix = path.posix;

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
      const copies: { instr: Instr; target: string }[] = [];
      for (const ancestor of chain(stage).slice(0, -1)) {
        for (const instr of ancestor.instructions) workdir = track(instr, workdir, copies);
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
        workdir = track(instr, workdir, copies);
      }
    }
  },
};

/** Records a COPY or ADD and follows WORKDIR; returns the working directory after the instruction. */
function track(instr: Instr, workdir: string | undefined, copies: { instr: Instr; target: string }[]): string | undefined {
  if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
    const target = copyTarget(instr, workdir);
    const sources = copySources(instr).map((w) => posix.basename(w.value));
    const destination = copyDestination(instr) ?? '';
    // Files copied into a folder (`COPY requirements.txt .`) are what the COPY adds, not the whole folder.
    const files = sources.length > 0 && sources.every((b) => /.\../.test(b) && !/[*?[$]/.test(b));
    const intoFolder = destination.endsWith('/') || destination === '.' || sources.length > 1;
    const targets = target && files && intoFolder ? sources.map((b) => posix.join(target, b)) : target ? [target] : [];
    for (const path of targets) if (path.startsWith('/') && !path.includes('$')) copies.push({ instr, target: path });
  }
  return workdirAfter(workdir, instr);
}

function chain(stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !stages.includes(s); s = s.parent) stages.unshift(s);
  return stages;
}

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

/** A path as the RUN sees it, or undefined when a variable in it has no known value. */
function resolvePath(value: string, workdir: string | undefined, env: ReadonlyMap<string, string>): string | undefined {
  const expanded = normalisePath(value, env);
  if (expanded.includes('$') || /[*?[]/.test(expanded)) return undefined;
  if (expanded.startsWith('/')) return expanded || '/';
  const joined = `${workdir ?? ''}/${expanded}`.split('/').filter((p) => p !== '' && p !== '.');
  return `/${joined.join('/')}`;
}
