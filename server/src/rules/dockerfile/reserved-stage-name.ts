// BuildKit's ReservedStageName: `scratch` and `context` already mean something where a stage name is expected.
import type { DockerfileRule } from '../types';

const RESERVED = new Set(['scratch', 'context']);

export const rule: DockerfileRule = {
  id: 'reserved-stage-name',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['ReservedStageName'] },
  fixable: false,
  docs: {
    summary: 'A stage named `scratch` or `context`, names Docker reserves.',
    rationale:
      '`FROM scratch` means the empty image and `context` names the build context in `--build-context` and ' +
      '`COPY --from`; a stage with one of these names makes every reference to it ambiguous.',
    bad: 'FROM python:3.11-slim AS context\nCOPY . /src',
    good: 'FROM python:3.11-slim AS sources\nCOPY . /src',
  },
  messages: {
    reserved: 'Stage name should not use the same name as reserved stage "{name}".',
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      if (stage.name && stage.nameRange && RESERVED.has(stage.name)) ctx.report({ messageId: 'reserved', data: { name: stage.name }, range: stage.nameRange });
    }
  },
};
