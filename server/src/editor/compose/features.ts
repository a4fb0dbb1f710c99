// Editor features for Compose files: completion of the names a reference can use and of `build.target`
// stages, go-to-definition from a reference to its declaration (or to the Dockerfile and stage a build
// uses), and hovers that say in plain words what a GPU block reserves.
import { pathToFileURL } from 'node:url';
import { CompletionItem, CompletionItemKind, Location, Position } from 'vscode-languageserver';
import type { FileHost } from '../../rules/types';
import { rangeContains } from '../../text';
import { resolveBuild } from '../../compose/build';
import { describeGpuRequest, gpuRequestAt } from '../../compose/gpu';
import type { ComposeModel, ComposeService } from '../../compose/model';
import { candidateNames, declarationOf, referenceAt } from '../../compose/references';

const CONDITIONS = ['service_started', 'service_healthy', 'service_completed_successfully'];

/** The service whose mapping holds a line, by the services' key lines. */
function serviceAtLine(model: ComposeModel, line: number): ComposeService | undefined {
  let found: ComposeService | undefined;
  for (const service of model.services) if (service.keyRange.start.line <= line) found = service;
  return found;
}

function names(labels: string[], kind: CompletionItemKind, detail: string): CompletionItem[] {
  return labels.map((label) => ({ label, kind, detail }));
}

export function composeCompletion(model: ComposeModel, position: Position, file: string | undefined, files: FileHost): CompletionItem[] {
  const before = model.lines.lineText(position.line).slice(0, position.character);
  const service = serviceAtLine(model, position.line);
  if (/^\s*target:\s*[\w.-]*$/.test(before) && service) {
    const build = resolveBuild(model, service, file, files);
    const stages = build?.dockerfile?.stages.filter((s) => s.name) ?? [];
    return stages.map((s) => ({ label: s.name!, kind: CompletionItemKind.Reference, detail: `stage ${s.index}: FROM ${s.baseText}` }));
  }
  if (/^\s*condition:\s*\w*$/.test(before)) return names(CONDITIONS, CompletionItemKind.EnumMember, 'depends_on condition');
  const ref = referenceAt(model, position);
  if (!ref) return [];
  const candidates = candidateNames(model, ref.kind).filter((n) => !(ref.kind === 'service' && n === ref.service.name));
  return names(candidates, ref.kind === 'service' ? CompletionItemKind.Module : CompletionItemKind.Reference, ref.kind);
}

export function composeDefinition(model: ComposeModel, position: Position, file: string | undefined, files: FileHost, uri: string): Location[] {
  const ref = referenceAt(model, position);
  if (ref) {
    const declaration = declarationOf(model, ref);
    return declaration ? [Location.create(uri, declaration.keyRange)] : [];
  }
  for (const service of model.services) {
    const build = resolveBuild(model, service, file, files);
    if (!build?.dockerfilePath || !build.dockerfile) continue;
    const target = build.target;
    const dockerfileUri = pathToFileURL(build.dockerfilePath).href;
    if (target && rangeContains(target.range, { start: position, end: position })) {
      const stage = build.dockerfile.stages.find((s) => s.name === target.name.toLowerCase());
      return stage ? [Location.create(dockerfileUri, stage.from.range)] : [];
    }
    if (rangeContains(build.range, { start: position, end: position })) {
      const start = { line: 0, character: 0 };
      return [Location.create(dockerfileUri, { start, end: start })];
    }
  }
  return [];
}

export function composeHover(model: ComposeModel, position: Position): string | undefined {
  const request = gpuRequestAt(model, model.lines.offsetAt(position));
  return request ? `**GPU request of \`${request.service.name}\`**: ${describeGpuRequest(request)}` : undefined;
}
