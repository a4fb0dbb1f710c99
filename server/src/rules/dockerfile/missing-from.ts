// A Dockerfile needs a FROM: without one, there is no build stage and BuildKit refuses the file.
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'missing-from',
  kind: 'dockerfile',
  severity: 'error',
  fixable: false,
  docs: {
    summary: 'A Dockerfile with no `FROM` instruction, or with no instruction at all.',
    rationale:
      'Every build stage starts with `FROM`; only `ARG` and parser directives may come before it. A Dockerfile ' +
      'without one does not build ("no build stage in current context", or "the Dockerfile cannot be empty"). ' +
      'It is usually a file that only looks like a Dockerfile by its name, a fragment meant to be concatenated ' +
      'into another one, or a Dockerfile whose first lines were lost.',
    bad: 'WORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
    good: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
  },
  messages: {
    noFrom: 'This Dockerfile has no `FROM` instruction, so it has no build stage and does not build; start it with `FROM <image>`.',
    empty: 'This Dockerfile has no instructions, and Docker refuses to build an empty Dockerfile; start it with `FROM <image>`.',
  },
  check(ctx) {
    const { model } = ctx;
    if (model.stages.length > 0) return;
    const first = model.instructions[0];
    if (first) {
      ctx.report({ messageId: 'noFrom', range: { start: first.range.start, end: model.lines.positionAt(first.start + first.keyword.length) } });
    } else {
      ctx.report({ messageId: 'empty', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    }
  },
};
