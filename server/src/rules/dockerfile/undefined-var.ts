// BuildKit's UndefinedVar: an instruction that Docker expands uses a variable no ARG or ENV defines at that point.
import { variableRefs } from '../../dockerfile/buildkit';
import type { Stage } from '../../dockerfile/model';
import { closest } from '../../text';
import type { DockerfileRule } from '../types';

/** Instructions whose arguments Docker itself expands (RUN, CMD and ENTRYPOINT are left to the shell). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);

/**
 * The environment of base images whose configuration is known, by repository: only for these can a variable be known
 * to be undefined, since any other image may set it in its own ENV. Every image gets PATH.
 */
const IMAGE_ENV: Record<string, string[]> = {
  scratch: [],
  alpine: [],
  busybox: [],
  debian: [],
  ubuntu: [],
  python: ['LANG', 'GPG_KEY', 'PYTHON_VERSION', 'PYTHON_SHA256', 'PYTHON_PIP_VERSION', 'PYTHON_SETUPTOOLS_VERSION', 'PYTHON_GET_PIP_URL', 'PYTHON_GET_PIP_SHA256'],
  node: ['NODE_VERSION', 'YARN_VERSION'],
  golang: ['GOLANG_VERSION', 'GOTOOLCHAIN', 'GOPATH'],
};

export const rule: DockerfileRule = {
  id: 'undefined-var',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['UndefinedVar'] },
  fixable: true,
  docs: {
    summary: 'A variable used in `COPY`, `ENV`, `WORKDIR` and the like before any `ARG` or `ENV` of the stage defines it.',
    rationale:
      'Docker expands these instructions itself, and an undefined variable becomes an empty string: `COPY ${MODEL_DIR} .` ' +
      'copies the whole context, `ENV PATH=$PAHT:/opt/bin` drops the system PATH. Global ARGs must be declared again ' +
      '(`ARG NAME`) inside the stage to be seen there. Variables of the base image count only for base images whose ' +
      'environment DockML knows (scratch, alpine, debian, ubuntu, python, node, golang); for others the check stays silent.',
    bad: 'FROM python:3.11-slim\nARG MODEL_DIR=models\nCOPY ${MODEL_DIRS} /models',
    good: 'FROM python:3.11-slim\nARG MODEL_DIR=models\nCOPY ${MODEL_DIR} /models',
    fixSafety: 'unsafe',
  },
  messages: {
    undefined: "Usage of undefined variable '${name}'.",
    didYouMean: "Usage of undefined variable '${name}' (did you mean ${suggestion}?).",
  },
  check(ctx) {
    const { model } = ctx;
    const { text, lines } = model;
    const envs = new Map<Stage, Set<string>>();
    for (const stage of model.stages) {
      const inherited = stage.parent ? envs.get(stage.parent) : knownImageEnv(stage);
      const defined = inherited ? new Set(inherited) : undefined;
      if (defined) envs.set(stage, defined);
      for (const instr of stage.instructions) {
        if (!EXPANDED.has(instr.keyword)) continue;
        if (defined) {
          // A heredoc's body is data; only its first line is expanded as the instruction.
          const end = instr.heredocs.length > 0 ? lines.offsetAt({ line: instr.range.start.line, character: lines.lineEnd(instr.range.start.line) }) : instr.end;
          for (const ref of variableRefs(text, instr.start + instr.keyword.length, end, model.escape)) {
            if (defined.has(ref.name)) continue;
            const suggestion = closest(ref.name, defined);
            const nameStart = ref.start + (text[ref.start + 1] === '{' ? 2 : 1);
            ctx.report({
              messageId: suggestion ? 'didYouMean' : 'undefined',
              data: { name: ref.name, suggestion: suggestion ?? '' },
              range: lines.range(ref.start, ref.end),
              // A guess at what was meant, which changes what the instruction does: unsafe.
              fixes: suggestion
                ? [{ title: `Change to $${suggestion}`, preferred: true, safe: false, edits: [{ range: lines.range(nameStart, nameStart + ref.name.length), newText: suggestion }] }]
                : [],
            });
          }
        }
        if (defined && (instr.keyword === 'ARG' || instr.keyword === 'ENV')) for (const name of definedNames(instr.args.map((a) => a.value), instr.keyword)) defined.add(name);
      }
    }
  },
};

/** The variables an ARG or ENV defines: the part before `=` of each word, or the first word of the legacy `ENV key value`. */
function definedNames(words: string[], keyword: string): string[] {
  if (keyword === 'ENV' && words.length > 0 && !words[0].includes('=')) return [words[0]];
  return words.map((w) => w.split('=')[0]).filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
}

/** The environment a stage's base image starts it with, or undefined when the image's is not known. */
function knownImageEnv(stage: Stage): Set<string> | undefined {
  if (stage.baseText === 'scratch') return new Set(['PATH']);
  const repository = stage.image?.repository?.replace(/^library\//, '');
  if (!repository || !(repository in IMAGE_ENV) || stage.image?.registry) return undefined;
  return new Set(['PATH', ...IMAGE_ENV[repository]]);
}
