// Completions: in Dockerfiles, stage names after `COPY --from=`, `RUN --mount=…,from=` and `FROM`, and known
// image tags after `python:`, `nvidia/cuda:` and the like, from the built-in catalogue (no registry calls),
// and elsewhere instructions and flags with snippets for their arguments; in Compose files, the names a
// reference can use, `build.target` stages, and the schema's keys and values.
import { CompletionItem, CompletionItemKind, Position } from 'vscode-languageserver';
import { composeCompletion } from './compose/features';
import { DockerfileModel } from '../dockerfile/model';
import type { ParsedModel } from '../analysis/diagnostics';
import { CATALOGUED_REPOSITORIES, knownTags } from '../images/catalog';
import type { FileHost } from '../rules/types';
import { CompletionCapabilities, instructionCompletion } from './dockerfile/features';

function stageItems(model: DockerfileModel, line: number): CompletionItem[] {
  // Only stages defined before the current one can be referenced.
  const current = model.instructionAt(line)?.stage;
  const before = current ? current.index : model.stages.length;
  return model.stages
    .filter((s) => s.index < before && s.name)
    .map((s, i) => ({ label: s.name!, kind: CompletionItemKind.Reference, detail: `stage ${s.index}: FROM ${s.baseText}`, sortText: String(i).padStart(3, '0') }));
}

function dockerfileCompletion(model: DockerfileModel, position: Position): CompletionItem[] {
  const prefix = model.lines.lineText(position.line).slice(0, position.character);
  if (/--from=[\w.-]*$/i.test(prefix) || /--mount=\S*\bfrom=[\w.-]*$/i.test(prefix)) return stageItems(model, position.line);
  const from = /^\s*from\s+(?:--platform=\S+\s+)?(\S*)$/i.exec(prefix);
  if (!from) return [];
  const word = from[1];
  const colon = word.lastIndexOf(':');
  if (colon > 0) {
    return knownTags(word.slice(0, colon)).map((t, i) => ({
      label: t.tag,
      kind: CompletionItemKind.Value,
      detail: t.detail,
      sortText: String(i).padStart(3, '0'),
    }));
  }
  return [
    ...stageItems(model, position.line),
    ...CATALOGUED_REPOSITORIES.map((repository) => ({ label: repository, kind: CompletionItemKind.Module, detail: 'image', sortText: `z${repository}` })),
  ];
}

export async function complete(
  model: ParsedModel,
  position: Position,
  file: string | undefined,
  files: FileHost,
  capabilities: CompletionCapabilities = {},
  trigger?: string,
): Promise<CompletionItem[]> {
  // A space typed as indentation is no request for a list: completion follows a space only after `key:` or a flag.
  if (trigger === ' ' && /^\s*-?\s*$/.test(model.lines.lineText(position.line).slice(0, position.character))) return [];
  if (!(model instanceof DockerfileModel)) return composeCompletion(model, position, file, files);
  const items = dockerfileCompletion(model, position);
  return items.length > 0 ? items : instructionCompletion(model, position, capabilities);
}
