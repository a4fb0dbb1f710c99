// BuildKit's InvalidDefinitionDescription (experimental): a comment right above an ARG or a named stage that does not start with its name.
import { names, parserDirectives } from '../../dockerfile/buildkit';
import type { DockerfileRule } from '../types';

const CHECK = 'InvalidDefinitionDescription';

export const rule: DockerfileRule = {
  id: 'invalid-definition-description',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: [CHECK] },
  fixable: false,
  docs: {
    summary:
      'A comment directly above an `ARG` or a named `FROM` that does not start with the name it describes; experimental in ' +
      'BuildKit, so it runs only when `# check=experimental=InvalidDefinitionDescription` (or `all`) turns it on.',
    rationale:
      'Docker reads `# <name> <description>` above an ARG or a stage as its description, shown by `docker build --call ' +
      'outline`. A comment in any other form right above is taken for a description that names nothing; put a blank ' +
      'line between them when it is not one.',
    bad: '# check=experimental=InvalidDefinitionDescription\n# the CUDA release to build on\nARG CUDA_VERSION=12.4.1',
    good: '# check=experimental=InvalidDefinitionDescription\n# CUDA_VERSION the CUDA release to build on\nARG CUDA_VERSION=12.4.1',
  },
  messages: {
    arg: 'Comment for ARG should follow the format: `# {name} <description>`.',
    stage: 'Comment for FROM should follow the format: `# {name} <description>`.',
  },
  check(ctx) {
    const { model } = ctx;
    if (!names(model.checks.experimental, CHECK)) return;
    const directives = new Set(parserDirectives(model.text).map((d) => d.line));
    for (const instr of model.instructions) {
      const line = instr.range.start.line;
      if (line === 0 || (instr.keyword !== 'ARG' && instr.keyword !== 'FROM')) continue;
      const comment = /^\s*#\s*(\S*)/.exec(model.lines.lineText(line - 1));
      if (!comment || comment[1] === '' || directives.has(line - 1)) continue;
      const word = comment[1];
      const range = instr.node.getInstructionRange();
      if (instr.keyword === 'FROM') {
        const stage = instr.stage;
        if (!stage?.nameRange) continue;
        const name = model.text.slice(model.lines.offsetAt(stage.nameRange.start), model.lines.offsetAt(stage.nameRange.end));
        if (word !== name) ctx.report({ messageId: 'stage', data: { name }, range });
      } else {
        const keys = instr.args.map((a) => a.value.split('=')[0]);
        if (!keys.includes(word)) ctx.report({ messageId: 'arg', data: { name: keys.length === 1 ? keys[0] : '<arg_key>' }, range });
      }
    }
  },
};
