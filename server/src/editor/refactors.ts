// Refactorings (code actions of kind `refactor.rewrite`, not tied to a diagnostic), offered where they
// apply: on the final stage's FROM line of a Dockerfile, and on a service's key in a Compose file.
import { CodeAction, CodeActionKind } from 'vscode-languageserver';
import { toWorkspaceEdit } from './codeActions';
import { ComposeModel } from '../compose/model';
import { analyze } from '../analysis/diagnostics';
import { DockerfileModel } from '../dockerfile/model';
import { splitStage } from '../dockerfile/split';
import { rule as gpuLegacyRuntime } from '../rules/compose/gpu-legacy-runtime';
import { rule as missingHealthcheck } from '../rules/dockerfile/missing-healthcheck';
import { rule as missingNonRootUser } from '../rules/dockerfile/missing-non-root-user';
import type { FileEdit, Rule } from '../rules/types';
import type { Refactor, RefactorInput } from './refactor';
import { composeRefactors } from './compose/refactors';

/**
 * The edits of a rule's preferred fix, when the rule reports on this document (within `lines`, when
 * given): a refactor that reuses a fix.
 */
function fixOf(rule: Rule, input: RefactorInput, lines?: { first: number; last: number }): FileEdit[] | undefined {
  const { findings } = analyze({
    kind: rule.kind,
    text: input.model.text,
    path: input.path,
    files: input.files,
    model: input.model,
    rules: [rule],
    severity: () => 'warning',
  });
  const finding = findings.find((f) => !lines || (f.range.start.line >= lines.first && f.range.start.line <= lines.last));
  return finding?.fixes.find((f) => f.preferred)?.edits;
}

const DOCKERFILE_REFACTORS: Refactor[] = [
  {
    title: 'Convert into builder and runtime stages',
    edits: (input) => {
      const model = input.model as DockerfileModel;
      const result = model.finalStage && splitStage(model, model.finalStage);
      return result && 'edits' in result ? result.edits : result;
    },
  },
  { title: 'Add a non-root user', edits: (input) => fixOf(missingNonRootUser, input) },
  { title: 'Add a HEALTHCHECK', edits: (input) => fixOf(missingHealthcheck, input) },
];

/** The refactorings available at the requested range. */
export function refactorActions(input: RefactorInput): CodeAction[] {
  let refactors: Refactor[] = [];
  if (input.model instanceof DockerfileModel) {
    const final = input.model.finalStage;
    if (final && final.from.range.start.line === input.range.start.line) refactors = DOCKERFILE_REFACTORS;
  } else if (input.model instanceof ComposeModel) {
    const model = input.model;
    const service = model.services.find((s) => s.keyRange.start.line === input.range.start.line);
    if (service) {
      const lines = { first: service.keyRange.start.line, last: model.rangeOf(service.node)?.end.line ?? service.keyRange.start.line };
      refactors = [
        ...composeRefactors(model, service),
        { title: 'Convert `runtime: nvidia` to a deploy block', edits: (i) => fixOf(gpuLegacyRuntime, i, lines) },
      ];
    }
  }
  const actions: CodeAction[] = [];
  for (const refactor of refactors) {
    const edits = refactor.edits(input);
    if (edits && 'declined' in edits) actions.push({ title: refactor.title, kind: CodeActionKind.RefactorRewrite, disabled: { reason: edits.declined } });
    else if (edits && edits.length > 0) actions.push({ title: refactor.title, kind: CodeActionKind.RefactorRewrite, edit: toWorkspaceEdit(input.target, edits) });
  }
  return actions;
}
