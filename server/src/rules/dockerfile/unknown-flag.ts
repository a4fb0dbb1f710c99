// A flag an instruction does not take (`COPY --chwon=app`): Docker stops with "unknown flag".
import { FLAGS, INSTRUCTIONS } from '../../dockerfile/buildkit';
import { closest } from '../../text';
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'unknown-flag',
  kind: 'dockerfile',
  severity: 'error',
  validity: true,
  fixable: true,
  docs: {
    summary: 'A flag that the instruction does not take, usually a typo (`COPY --chwon`, `RUN --mnt`).',
    rationale:
      'Each instruction accepts a fixed set of flags (`COPY --from --chown --chmod --link --parents --exclude`, ' +
      '`RUN --mount --network --security`, …); Docker refuses any other before building anything.',
    bad: 'FROM python:3.11-slim\nCOPY --chwon=app:app . /app',
    good: 'FROM python:3.11-slim\nCOPY --chown=app:app . /app',
    fixSafety: 'unsafe',
  },
  messages: {
    unknown: 'Unknown flag `--{flag}` for {keyword}; it takes {allowed}.',
    none: '{keyword} takes no flags, so Docker rejects `--{flag}`.',
    didYouMean: 'Unknown flag `--{flag}` for {keyword} (did you mean `--{suggestion}`?).',
  },
  check(ctx) {
    const known: readonly string[] = INSTRUCTIONS;
    for (const instr of ctx.model.instructions) {
      // Flags come first, each starting with `--`; the flags of an instruction that starts otherwise are not parsed at all.
      if (!known.includes(instr.keyword) || !startsWithFlag(ctx.model.text, instr.start + instr.keyword.length, instr.end)) continue;
      const allowed = FLAGS[instr.keyword] ?? [];
      for (const flag of instr.flags) {
        const name = flag.getName();
        if (allowed.includes(name.toLowerCase())) continue;
        const suggestion = closest(name, allowed);
        const range = flag.getNameRange();
        const messageId = suggestion ? 'didYouMean' : allowed.length > 0 ? 'unknown' : 'none';
        ctx.report({
          messageId,
          data: { flag: name, keyword: instr.keyword, suggestion: suggestion ?? '', allowed: allowed.map((f) => `--${f}`).join(', ') },
          range,
          // The file did not build; the flag meant is a guess, so the fix is unsafe.
          fixes: suggestion ? [{ title: `Change to --${suggestion}`, preferred: true, safe: false, edits: [{ range, newText: suggestion }] }] : [],
        });
      }
    }
  },
};

/** True when the first word after the keyword (blanks and line continuations skipped) starts with `--`. */
function startsWithFlag(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && /[\s\\`]/.test(text[i])) i++;
  return text.startsWith('--', i);
}
