// Two stages with the same name make every reference to that name ambiguous, and Docker refuses to build.
import type { Stage } from '../../dockerfile/model';
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'duplicate-stage-name',
  kind: 'dockerfile',
  severity: 'error',
  aliases: { buildkit: ['DuplicateStageName'], hadolint: ['DL3024'] },
  fixable: false,
  docs: {
    summary: 'Two stages with the same `AS` name (compared case-insensitively).',
    rationale:
      'Stage names are what `COPY --from`, `FROM <stage>` and `docker build --target` refer to. Docker compares them ' +
      'case-insensitively and rejects a Dockerfile that defines one twice, typically after a stage was copied and ' +
      'pasted to make a GPU or test variant.',
    bad: 'FROM python:3.11 AS build\nRUN pip wheel --wheel-dir /wheels torch\n\nFROM python:3.11-slim AS Build\nCOPY --from=build /wheels /wheels',
    good: 'FROM python:3.11 AS build\nRUN pip wheel --wheel-dir /wheels torch\n\nFROM python:3.11-slim AS runtime\nCOPY --from=build /wheels /wheels',
  },
  messages: {
    duplicate: 'Stage name `{name}` is already used by the stage on line {line}; give this stage a different name.',
  },
  check(ctx) {
    const { lines, text } = ctx.model;
    const first = new Map<string, Stage>();
    for (const stage of ctx.model.stages) {
      if (!stage.name || !stage.nameRange) continue;
      const earlier = first.get(stage.name);
      if (earlier) {
        const name = text.slice(lines.offsetAt(stage.nameRange.start), lines.offsetAt(stage.nameRange.end));
        ctx.report({ messageId: 'duplicate', data: { name, line: earlier.from.range.start.line + 1 }, range: stage.nameRange });
      } else {
        first.set(stage.name, stage);
      }
    }
  },
};
