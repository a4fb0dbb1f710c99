// A stage that the final stage never needs is skipped by BuildKit: either it is built on purpose with
// `--target`, or it is dead code that misleads readers about what the image contains.
import { Stage, stageReferences } from '../../dockerfile/model';
import { rolesOf, TEST_NAME } from '../../dockerfile/roles';
import type { DockerfileRule, Fix, Range } from '../types';

/** Parser directives sit in comment lines at the top of the file and must survive a fix. */
const DIRECTIVE = /^\s*#\s*(syntax|escape|check)\s*=/i;
/** A `$VAR` or `${VAR...}` reference. */
const VARIABLE = /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g;

export const rule: DockerfileRule = {
  id: 'unused-stage',
  kind: 'dockerfile',
  severity: 'info',
  fixable: true,
  docs: {
    summary: 'A stage that the final stage neither builds on nor copies from.',
    rationale:
      'BuildKit only builds the stages the final stage needs, so an unused stage is silently skipped by `docker build`. ' +
      'That is intended for stages built with `docker build --target` (tests, a dev image), but often it is a leftover ' +
      'that readers take for part of the image, or a `COPY --from` that was meant to use it was lost. Stages that are ' +
      'images of their own are left alone: a stage with its own CMD or ENTRYPOINT, a `FROM scratch` export stage with ' +
      'only copies, a stage that a Compose service names in `build.target` (see [roles](../roles.md)), and a stage that ' +
      'nothing uses and that is named for tests or CI (`test`, `ci-runtime`, `e2e`), which CI builds with `--target`.',
    bad: 'FROM python:3.11 AS builder\nRUN pip wheel --wheel-dir /wheels torch\n\nFROM python:3.11-slim\nRUN pip install --no-cache-dir torch',
    good: 'FROM python:3.11 AS builder\nRUN pip wheel --wheel-dir /wheels torch\n\nFROM python:3.11-slim\nCOPY --from=builder /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*.whl',
    fixSafety: 'unsafe',
  },
  messages: {
    unused: 'Stage `{name}` is not needed by the final stage, so `docker build` skips it unless run with `--target {name}`; remove it if nothing targets it.',
    unusedUnnamed: 'Stage {index} is not needed by the final stage and, having no name, cannot be built with `--target`; use it or remove it.',
  },
  check(ctx) {
    const { model } = ctx;
    const { lines, stages, text } = model;
    const written = (range: Range) => text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
    // A stage name chosen by a build argument (`FROM base-${TARGET}`) makes the needed stages depend on the build.
    const chosenByArgument = (value: string) => value.includes('$') && !/[/:@.]/.test(model.resolve(value) ?? value.replace(VARIABLE, ''));
    for (const stage of stages) {
      if (!stage.reachable) continue;
      if (chosenByArgument(written(stage.baseRange))) return;
      if (stage.instructions.some((instr) => stageReferences(instr).some((ref) => chosenByArgument(ref.value)))) return;
    }
    const roles = rolesOf(model, ctx.path, ctx.builders, ctx.root);
    // Variants built with `--target`: a stage that runs a command of its own, exports files, or that a Compose service
    // builds; and a stage that nothing uses and that is named for tests or CI (`test`, `ci-runtime`), as a leftover is
    // not named so. The stages a test variant needs are needed too.
    const variants = stages.filter((s) => !s.reachable && (roles.stage(s).target || (s.name && TEST_NAME.test(s.name) && !used(s))));
    const needed = new Set(variants.filter((s) => !roles.stage(s).target).flatMap(needs));
    for (const stage of stages) {
      if (stage.reachable || !stage.from.args[0] || variants.includes(stage) || needed.has(stage)) continue;
      const fixes = removable(stage) ? [removeStage(stage)] : [];
      if (stage.name && stage.nameRange) {
        const name = written(stage.nameRange);
        ctx.report({ messageId: 'unused', data: { name }, range: stage.nameRange, fixes });
      } else {
        ctx.report({ messageId: 'unusedUnnamed', data: { index: stage.index }, range: stage.baseRange, fixes });
      }
    }

    /** The stages a stage starts from or reads from, directly or through others, itself included. */
    function needs(stage: Stage): Stage[] {
      const found = [stage];
      for (let i = 0; i < found.length; i++) {
        const s = found[i];
        const refs = s.instructions.flatMap((instr) => stageReferences(instr).map((ref) => model.stageRef(model.expand(ref.value), s.index)));
        for (const next of [s.parent, ...refs]) if (next && !found.includes(next)) found.push(next);
      }
      return found;
    }

    /** True when another stage starts from the stage or reads from it. */
    function used(stage: Stage): boolean {
      return stages.some(
        (other) => other.parent === stage || other.instructions.some((instr) => stageReferences(instr).some((ref) => model.stageRef(model.expand(ref.value), other.index) === stage)),
      );
    }

    /** True when no other stage uses the stage, and no index written after it would shift once it is gone. */
    function removable(stage: Stage): boolean {
      if (used(stage)) return false;
      return !stages.some((other) =>
        other.instructions.some((instr) => stageReferences(instr).some((ref) => /^\d+$/.test(model.expand(ref.value)) && Number(model.expand(ref.value)) >= stage.index)),
      );
    }

    /** Removes the stage from its FROM (and the comments right above it) through its last instruction. */
    function removeStage(stage: Stage): Fix {
      const position = model.instructions.indexOf(stage.from);
      const previousEnd = position > 0 ? model.instructions[position - 1].range.end.line : -1;
      let startLine = stage.from.range.start.line;
      while (startLine - 1 > previousEnd && /^\s*#/.test(lines.lineText(startLine - 1)) && !DIRECTIVE.test(lines.lineText(startLine - 1))) startLine--;
      const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
      let endLine = last.range.end.line + 1;
      // Blank lines that separated the stage from the one above go with it, so that the gap is not doubled.
      if (startLine === 0 || lines.lineText(startLine - 1).trim() === '') {
        while (endLine < lines.lineCount - 1 && lines.lineText(endLine).trim() === '') endLine++;
      }
      const label = stage.nameRange ? written(stage.nameRange) : String(stage.index);
      return {
        title: `Remove stage ${label}`,
        // A stage nothing in this file uses may still be built with `--target`.
        safe: false,
        edits: [{ range: { start: { line: startLine, character: 0 }, end: { line: endLine, character: 0 } }, newText: '' }],
      };
    }
  },
};
