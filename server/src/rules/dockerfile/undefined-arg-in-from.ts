// BuildKit's UndefinedArgInFrom: a FROM line that uses a variable no global ARG declares.
import { PLATFORM_ARGS, variableRefs } from '../../dockerfile/buildkit';
import { closest } from '../../text';
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'undefined-arg-in-from',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['UndefinedArgInFrom'] },
  fixable: true,
  docs: {
    summary: 'A variable in a `FROM` line that no `ARG` before the first `FROM` declares.',
    rationale:
      'FROM lines see only the ARGs declared before the first FROM (and the predefined platform ARGs such as ' +
      '`BUILDPLATFORM`). Anything else expands to an empty string, so `FROM pytorch/pytorch:${TORCH_VERSON}` pulls a ' +
      'different image than meant, or none at all.',
    bad: 'ARG CUDA_VERSION=12.4.1\nFROM nvidia/cuda:${CUDA_VERISON}-runtime-ubuntu22.04',
    good: 'ARG CUDA_VERSION=12.4.1\nFROM nvidia/cuda:${CUDA_VERSION}-runtime-ubuntu22.04',
    fixSafety: 'unsafe',
  },
  messages: {
    undeclared: "FROM argument '{name}' is not declared.",
    didYouMean: "FROM argument '{name}' is not declared (did you mean {suggestion}?).",
  },
  check(ctx) {
    const { model } = ctx;
    const declared = [...model.globalArgs.keys(), ...PLATFORM_ARGS];
    for (const stage of model.stages) {
      const from = stage.from;
      for (const ref of variableRefs(model.text, from.start + 4, from.end, model.escape)) {
        if (model.globalArgs.has(ref.name) || (PLATFORM_ARGS as readonly string[]).includes(ref.name)) continue;
        const suggestion = closest(ref.name, declared);
        const range = model.lines.range(ref.start, ref.end);
        const nameStart = ref.start + (model.text[ref.start + 1] === '{' ? 2 : 1);
        ctx.report({
          messageId: suggestion ? 'didYouMean' : 'undeclared',
          data: { name: ref.name, suggestion: suggestion ?? '' },
          range,
          // A guess at what was meant, and it changes the base image: unsafe.
          fixes: suggestion
            ? [{ title: `Change to ${suggestion}`, preferred: true, safe: false, edits: [{ range: model.lines.range(nameStart, nameStart + ref.name.length), newText: suggestion }] }]
            : [],
        });
      }
    }
  },
};
