// Only ARG may come before the first FROM; anything else there makes Docker refuse the file.
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'instruction-before-from',
  kind: 'dockerfile',
  severity: 'error',
  validity: true,
  fixable: false,
  docs: {
    summary: 'An instruction other than `ARG` before the first `FROM`.',
    rationale:
      'Before the first `FROM` there is no stage for an instruction to act on; Docker accepts only `ARG` (and parser ' +
      'directives) there and stops with "no build stage in current context". It is often an `ENV` meant for every ' +
      'stage, which must be repeated in each stage instead.',
    bad: 'ENV PYTHONUNBUFFERED=1\nFROM python:3.11-slim',
    good: 'FROM python:3.11-slim\nENV PYTHONUNBUFFERED=1',
  },
  messages: {
    before: '`{keyword}` comes before the first FROM, where only ARG is allowed; Docker refuses to build this file.',
  },
  check(ctx) {
    const { model } = ctx;
    if (model.stages.length === 0) return;
    for (const instr of model.instructions) {
      if (instr.keyword === 'FROM') break;
      if (instr.keyword !== 'ARG') ctx.report({ messageId: 'before', data: { keyword: instr.keyword }, range: instr.node.getInstructionRange() });
    }
  },
};
