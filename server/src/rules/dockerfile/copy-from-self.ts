// A stage cannot copy from itself: `COPY --from=<own stage>` is a circular dependency that fails the build.
import { stageReferences } from '../../dockerfile/model';
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'copy-from-self',
  kind: 'dockerfile',
  severity: 'error',
  aliases: { hadolint: ['DL3023'] },
  fixable: false,
  docs: {
    summary: '`COPY --from` (or `RUN --mount=from=`) naming the stage it is in.',
    rationale:
      'A stage is only available once it is complete, so a stage that copies from itself depends on itself and the ' +
      'build fails with a circular dependency. The files usually come from an earlier build stage, or are already in ' +
      'this stage and need no copy at all.',
    bad: 'FROM python:3.11-slim AS app\nCOPY --from=app /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*.whl',
    good: 'FROM python:3.11 AS builder\nRUN pip wheel --wheel-dir /wheels torch\n\nFROM python:3.11-slim AS app\nCOPY --from=builder /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*.whl',
  },
  messages: {
    self: '`{name}` is the stage this instruction is in, and a stage cannot use itself; name an earlier stage instead.',
  },
  check(ctx) {
    const { model } = ctx;
    for (const stage of model.stages) {
      for (const instr of stage.instructions) {
        for (const ref of stageReferences(instr)) {
          const value = model.resolve(ref.value);
          if (!value) continue;
          const self = /^\d+$/.test(value)
            ? Number(value) === stage.index
            : value.toLowerCase() === stage.name && model.stageRef(value, stage.index) === undefined;
          if (self) ctx.report({ messageId: 'self', data: { name: value }, range: ref.range });
        }
      }
    }
  },
};
