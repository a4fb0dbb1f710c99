// BuildKit's StageNameCasing: stage names are compared lower-cased, so an upper-case name reads as something it is not.
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'stage-name-casing',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['StageNameCasing'] },
  fixable: true,
  docs: {
    summary: 'A stage name (`AS Name`) that is not all lower-case.',
    rationale:
      'BuildKit lower-cases stage names before it compares them, so `AS Builder`, `--from=builder` and `--target BUILDER` ' +
      'all mean the same stage. Writing names in lower case keeps what the file says and what Docker does the same, and ' +
      'is what BuildKit\'s own build check asks for.',
    bad: 'FROM python:3.11 AS Builder\nRUN pip wheel --wheel-dir /wheels torch',
    good: 'FROM python:3.11 AS builder\nRUN pip wheel --wheel-dir /wheels torch',
    fixSafety: 'safe',
  },
  messages: {
    lowercase: "Stage name '{name}' should be lower-case; Docker compares stage names lower-cased anyway.",
  },
  check(ctx) {
    const { model } = ctx;
    for (const stage of model.stages) {
      if (!stage.nameRange) continue;
      const written = model.text.slice(model.lines.offsetAt(stage.nameRange.start), model.lines.offsetAt(stage.nameRange.end));
      if (written === written.toLowerCase() || written.includes('$')) continue;
      ctx.report({
        messageId: 'lowercase',
        data: { name: written },
        range: stage.nameRange,
        fixes: [{ title: `Rename the stage to '${written.toLowerCase()}'`, preferred: true, safe: true, edits: [{ range: stage.nameRange, newText: written.toLowerCase() }] }],
      });
    }
  },
};
