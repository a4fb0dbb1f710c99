// BuildKit's ConsistentInstructionCasing: instruction keywords written in the case most of the file does not use.
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'consistent-instruction-casing',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['ConsistentInstructionCasing'] },
  fixable: true,
  docs: {
    summary: 'An instruction keyword whose case differs from the majority of the file (`copy` among `COPY`s, or `From`).',
    rationale:
      'Docker reads keywords in any case, but a file that mixes `RUN` and `run` is harder to scan, and BuildKit warns ' +
      'about it. The majority case of the file wins; upper case on a tie.',
    bad: 'FROM python:3.11-slim\ncopy requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
    good: 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
    fixSafety: 'safe',
  },
  messages: {
    casing: "Command '{keyword}' should match the case of the command majority ({majority}).",
  },
  check(ctx) {
    const { model } = ctx;
    let upper = 0;
    let lower = 0;
    const written = model.instructions.map((instr) => {
      const word = model.text.slice(instr.start, instr.start + instr.keyword.length);
      const range = { start: instr.range.start, end: model.lines.positionAt(instr.start + instr.keyword.length) };
      if (word === word.toUpperCase()) upper++;
      else if (word === word.toLowerCase()) lower++;
      return { word, range };
    });
    const majority = lower > upper ? 'lowercase' : 'uppercase';
    for (const { word, range } of written) {
      const fixed = majority === 'lowercase' ? word.toLowerCase() : word.toUpperCase();
      if (word === fixed) continue;
      ctx.report({
        messageId: 'casing',
        data: { keyword: word, majority },
        range,
        fixes: [{ title: `Write '${fixed}'`, preferred: true, safe: true, edits: [{ range, newText: fixed }] }],
      });
    }
  },
};
