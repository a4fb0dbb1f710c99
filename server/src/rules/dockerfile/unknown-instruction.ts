// An instruction keyword Docker does not know (`RUNN`, `COPPY`): the build stops with "unknown instruction".
import { INSTRUCTIONS } from '../../dockerfile/buildkit';
import { closest } from '../../text';
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'unknown-instruction',
  kind: 'dockerfile',
  severity: 'error',
  validity: true,
  fixable: true,
  docs: {
    summary: 'An instruction keyword that Docker does not know, usually a typo (`RUNN`, `EXPOS`).',
    rationale: 'Docker parses the whole Dockerfile before it builds anything, and stops at the first unknown instruction: nothing is built.',
    bad: 'FROM python:3.11-slim\nRUNN pip install --no-cache-dir numpy',
    good: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir numpy',
    fixSafety: 'unsafe',
  },
  messages: {
    unknown: 'Unknown instruction `{keyword}`; Docker refuses to build this file.',
    didYouMean: 'Unknown instruction `{keyword}` (did you mean `{suggestion}`?); Docker refuses to build this file.',
  },
  check(ctx) {
    const { model } = ctx;
    const known: readonly string[] = INSTRUCTIONS;
    for (const instr of model.instructions) {
      if (known.includes(instr.keyword)) continue;
      const range = instr.node.getInstructionRange();
      const written = model.text.slice(model.lines.offsetAt(range.start), model.lines.offsetAt(range.end));
      const suggestion = closest(instr.keyword, known);
      const fixed = suggestion && (written === written.toLowerCase() ? suggestion.toLowerCase() : suggestion);
      ctx.report({
        messageId: suggestion ? 'didYouMean' : 'unknown',
        data: { keyword: written, suggestion: fixed ?? '' },
        range,
        // The file did not build; which instruction was meant is a guess, so the fix is unsafe.
        fixes: fixed ? [{ title: `Change to ${fixed}`, preferred: true, safe: false, edits: [{ range, newText: fixed }] }] : [],
      });
    }
  },
};
