// BuildKit's LegacyKeyValueFormat: `ENV key value` (whitespace instead of `=`), which sets one variable from the whole rest of the line.
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'legacy-key-value-format',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['LegacyKeyValueFormat'] },
  fixable: true,
  docs: {
    summary: 'An `ENV` or `LABEL` in the legacy `key value` form, without `=`.',
    rationale:
      'In the legacy form everything after the first blank is one value: `ENV CUDA_HOME /usr/local/cuda PATH=…` sets ' +
      'CUDA_HOME to the whole rest of the line. The `key=value` form sets exactly what it says and allows several ' +
      'pairs per instruction.',
    bad: 'FROM python:3.11-slim\nENV PYTHONUNBUFFERED 1',
    good: 'FROM python:3.11-slim\nENV PYTHONUNBUFFERED=1',
    fixSafety: 'safe',
  },
  messages: {
    legacy: '"{keyword} key=value" should be used instead of legacy "{keyword} key value" format.',
  },
  check(ctx) {
    const { model } = ctx;
    for (const instr of model.instructions) {
      if (instr.keyword !== 'ENV' && instr.keyword !== 'LABEL') continue;
      const range = instr.argsRange;
      // The key=value form has `=` in its first word: that is read from the text, and the arguments split only when not.
      const first = /^\S*/.exec(instr.argsText)![0];
      if (!range || first.includes('=')) continue;
      const args = instr.args;
      if (args.length < 2 || args[0].value.includes('=')) continue;
      const value = model.text.slice(model.lines.offsetAt(args[1].range.start), model.lines.offsetAt(range.end));
      // The fix quotes the value as one word; values with quotes, escapes or continuations are left to the user.
      const simple = !/["'\\\n`]/.test(value) && !value.includes(model.escape);
      const newText = `${args[0].value}=${/\s/.test(value) ? `"${value}"` : value}`;
      ctx.report({
        messageId: 'legacy',
        data: { keyword: instr.keyword },
        range: instr.node.getInstructionRange(),
        fixes: simple ? [{ title: 'Use the key=value form', preferred: true, safe: true, edits: [{ range, newText }] }] : [],
      });
    }
  },
};
