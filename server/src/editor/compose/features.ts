// Editor features for Compose files: completion of the names a reference can use (a service's
// `depends_on` leaves out those it already lists), of `build.target` stages and of the schema's keys and
// values, go-to-definition from a reference to its declaration (or to the Dockerfile and stage a build
// uses), and hovers with the schema's description of a key and, on a GPU block or any key above it
// (`deploy`, `resources`, `reservations`, `devices`), what it reserves in plain words.
import { pathToFileURL } from 'node:url';
import { CompletionItem, CompletionItemKind, Location, Position } from 'vscode-languageserver';
import type { FileHost } from '../../rules/types';
import { rangeContains } from '../../text';
import { resolveBuild } from '../../compose/build';
import { describeGpuRequest, gpuRequestAt, gpuRequests } from '../../compose/gpu';
import type { ComposeModel, ComposeService } from '../../compose/model';
import { candidateNames, declarationOf, referenceAt, referencesOf } from '../../compose/references';
import { keyAt, keyHover, schemaCompletion } from './schemaFeatures';

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
  if (!ref) return schemaCompletion(model, position);
  // A service cannot depend on itself, nor list a dependency twice.
  const listed = new Set(
    ref.field === 'depends_on' ? referencesOf(model, 'service').filter((r) => r.service === ref.service && r.field === 'depends_on' && r !== ref).map((r) => r.name) : [],
  );
  const candidates = candidateNames(model, ref.kind).filter((n) => !(ref.kind === 'service' && n === ref.service.name) && !listed.has(n));
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

/** The GPU blocks a `deploy`, `resources`, `reservations` or `devices` key of a service holds, in words. */
function gpuKeyHover(model: ComposeModel, position: Position): string | undefined {
  const at = keyAt(model, position);
  if (!at || at.path[0] !== 'services' || at.path.length < 2 || !['deploy', 'resources', 'reservations', 'devices'].includes(at.key)) return undefined;
  const path = [...at.path.slice(2), at.key].join('.');
  if (!'deploy.resources.reservations.devices'.startsWith(path)) return undefined;
  const service = model.service(at.path[1]);
  const requests = service ? gpuRequests(model, service).filter((r) => r.source === 'deploy') : [];
  if (!service || requests.length === 0) return undefined;
  return [`**GPU request of \`${service.name}\`**`, ...requests.map((r) => `- ${describeGpuRequest(r)}`)].join('\n');
}

export function composeHover(model: ComposeModel, position: Position): string | undefined {
  const parts: string[] = [];
  const request = gpuRequestAt(model, model.lines.offsetAt(position));
  if (request) parts.push(`**GPU request of \`${request.service.name}\`**: ${describeGpuRequest(request)}`);
  else {
    const block = gpuKeyHover(model, position);
    if (block) parts.push(block);
  }
  const key = keyHover(model, position);
  if (key) parts.push(key);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}
