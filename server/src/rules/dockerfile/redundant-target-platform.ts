// BuildKit's RedundantTargetPlatform: `FROM --platform=$TARGETPLATFORM` asks for what FROM does anyway.
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'redundant-target-platform',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['RedundantTargetPlatform'] },
  fixable: true,
  docs: {
    summary: '`FROM --platform=$TARGETPLATFORM`, which is the default.',
    rationale:
      'A stage is built for the target platform unless `--platform` says otherwise, so the flag adds nothing; it is ' +
      'often a mistake for `$BUILDPLATFORM`, which cross-compiling stages need.',
    bad: 'FROM --platform=$TARGETPLATFORM python:3.11-slim',
    good: 'FROM python:3.11-slim',
    fixSafety: 'safe',
  },
  messages: {
    redundant: 'Setting platform to predefined {value} in FROM is redundant as this is the default behavior.',
  },
  check(ctx) {
    const { model } = ctx;
    for (const stage of model.stages) {
      const flag = stage.from.flag('platform');
      const value = flag?.getValue();
      if (!flag || (value !== '$TARGETPLATFORM' && value !== '${TARGETPLATFORM}')) continue;
      const range = flag.getRange();
      // The flag and the blanks after it go, so that `FROM --platform=$TARGETPLATFORM x` becomes `FROM x`.
      const end = model.lines.offsetAt(range.end);
      let after = end;
      while (model.text[after] === ' ' || model.text[after] === '\t') after++;
      const removal = { start: range.start, end: model.lines.positionAt(after) };
      ctx.report({
        messageId: 'redundant',
        data: { value },
        range: { start: removal.start, end: range.end },
        fixes: [{ title: 'Remove the redundant --platform flag', preferred: true, safe: true, edits: [{ range: removal, newText: '' }] }],
      });
    }
  },
};
