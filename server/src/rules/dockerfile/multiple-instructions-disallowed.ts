// BuildKit's MultipleInstructionsDisallowed: only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect.
import type { Instr } from '../../dockerfile/model';
import type { DockerfileRule } from '../types';

const SINGLE = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

export const rule: DockerfileRule = {
  id: 'multiple-instructions-disallowed',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['MultipleInstructionsDisallowed'], hadolint: ['DL4003', 'DL4004'] },
  fixable: false,
  docs: {
    summary: 'More than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK` in one stage.',
    rationale:
      'Each of these sets one value of the image configuration, so only the last one in a stage counts; the earlier ' +
      'ones do nothing and mislead whoever reads the file (often a leftover of a debugging session).',
    bad: 'FROM python:3.11-slim\nCMD ["python", "train.py"]\nCMD ["python", "serve.py"]',
    good: 'FROM python:3.11-slim\nCMD ["python", "serve.py"]',
  },
  messages: {
    multiple: 'Multiple {keyword} instructions should not be used in the same stage because only the last one will be used.',
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const last = new Map<string, Instr>();
      for (const instr of stage.instructions) if (SINGLE.has(instr.keyword)) last.set(instr.keyword, instr);
      for (const instr of stage.instructions) {
        if (!SINGLE.has(instr.keyword) || last.get(instr.keyword) === instr) continue;
        ctx.report({ messageId: 'multiple', data: { keyword: instr.keyword }, range: instr.node.getInstructionRange() });
      }
    }
  },
};
