// BuildKit's FromAsCasing: `FROM image as name` mixes the casing of the two keywords of one instruction.
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'from-as-casing',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['FromAsCasing'] },
  fixable: true,
  docs: {
    summary: "The `AS` keyword of a `FROM` line in a different case from `FROM` (`FROM x as y`, `from x AS y`).",
    rationale:
      'Docker accepts keywords in any case, but a Dockerfile reads best when each is written one way; BuildKit warns ' +
      'when `as` does not follow the case of its `FROM`. A `FROM` in mixed case is left to consistent-instruction-casing.',
    bad: 'FROM python:3.11 as builder',
    good: 'FROM python:3.11 AS builder',
    fixSafety: 'safe',
  },
  messages: {
    mismatch: "'{as}' and '{from}' keywords' casing do not match; write '{fixed}'.",
  },
  check(ctx) {
    const { model } = ctx;
    for (const stage of model.stages) {
      const args = stage.from.args;
      const as = args.length === 3 ? args[1] : undefined;
      if (!as || as.value.toLowerCase() !== 'as') continue;
      const from = model.text.slice(stage.from.start, stage.from.start + 4);
      const fixed = from === 'FROM' ? 'AS' : from === 'from' ? 'as' : undefined;
      if (fixed === undefined || as.value === fixed) continue;
      ctx.report({
        messageId: 'mismatch',
        data: { as: as.value, from, fixed },
        range: as.range,
        fixes: [{ title: `Write '${fixed}'`, preferred: true, safe: true, edits: [{ range: as.range, newText: fixed }] }],
      });
    }
  },
};
