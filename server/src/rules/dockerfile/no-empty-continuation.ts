// BuildKit's NoEmptyContinuation: a blank line inside a continued instruction, which a future release will reject.
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'no-empty-continuation',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['NoEmptyContinuation'] },
  fixable: true,
  docs: {
    summary: 'An empty line inside an instruction continued with `\\`.',
    rationale:
      'Docker skips blank lines in the middle of a continued instruction today, but warns that this will become an ' +
      'error in a future release. A blank line there is also easy to misread as the end of the instruction.',
    bad: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir \\\n\n    numpy',
    good: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir \\\n    numpy',
    fixSafety: 'safe',
  },
  messages: {
    empty: 'Empty continuation line; remove it, as a future Docker release will reject it.',
  },
  check(ctx) {
    const { model } = ctx;
    const { lines } = model;
    for (const instr of model.instructions) {
      const { start, end } = instr.range;
      if (start.line === end.line) continue;
      // Heredoc bodies are the heredoc's content, where blank lines are data.
      const last = instr.heredocs.length > 0 ? start.line : end.line;
      for (let line = start.line + 1; line < last; line++) {
        if (lines.lineText(line).trim() !== '') continue;
        const range = { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
        ctx.report({
          messageId: 'empty',
          range: { start: { line, character: 0 }, end: { line, character: lines.lineText(line).length } },
          fixes: [{ title: 'Remove the empty line', preferred: true, safe: true, edits: [{ range, newText: '' }] }],
        });
      }
    }
  },
};
