// Resolves a Compose service's `build:` to its context folder and Dockerfile on disk (or inline), and
// parses that Dockerfile once per text, so that Compose rules can use the Dockerfile model.
import * as path from 'node:path';
import { isMap, isScalar } from './yamlNodes';
import { DockerfileModel } from '../dockerfile/model';
import type { BuildTarget, FileHost } from '../rules/types';
import type { ComposeModel, ComposeService } from './model';
import { resolve, text, valueAt } from './yaml';

/** Parsed Dockerfiles by path, reused while their text is unchanged; bounded so it cannot grow forever. */
const parsed = new Map<string, { text: string; model: DockerfileModel }>();
const MAX_CACHED = 256;

function parseCached(file: string, content: string): DockerfileModel {
  const hit = parsed.get(file);
  if (hit && hit.text === content) return hit.model;
  const model = new DockerfileModel(content);
  if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value as string);
  parsed.set(file, { text: content, model });
  return model;
}

const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/|github\.com\/)/;

/** Compose interpolation left in a path: `${VAR:-default}` takes the default, other variables make it unknown. */
function interpolate(value: string): string | undefined {
  const result = value.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}/g, '$1').replace(/\$\$/g, '$');
  return /\$\{?[A-Za-z_]/.test(result) ? undefined : result;
}

export function resolveBuild(model: ComposeModel, service: ComposeService, composePath: string | undefined, files: FileHost): BuildTarget | undefined {
  const build = model.get(service, 'build');
  if (!build) return undefined;
  const range = model.rangeOf(build)!;
  const doc = model.doc;
  let contextText: string | undefined;
  let dockerfileText: string | undefined;
  let inline: string | undefined;
  let target: BuildTarget['target'];
  if (isScalar(build)) {
    contextText = text(doc, build);
  } else if (isMap(build)) {
    contextText = text(doc, valueAt(doc, build, 'context')) ?? '.';
    dockerfileText = text(doc, valueAt(doc, build, 'dockerfile'));
    inline = text(doc, valueAt(doc, build, 'dockerfile_inline'));
    const targetNode = resolve(doc, valueAt(doc, build, 'target'));
    const targetName = text(doc, targetNode);
    if (targetName !== undefined && targetNode) target = { name: targetName, range: model.rangeOf(targetNode)! };
  } else {
    return undefined;
  }
  if (inline !== undefined) return { range, dockerfile: parseCached(`inline:${service.name}`, inline), target };
  const contextValue = contextText === undefined ? undefined : interpolate(contextText);
  if (contextValue === undefined || REMOTE.test(contextValue)) return { range, target };
  if (!composePath && !path.isAbsolute(contextValue)) return { range, target };
  const contextDir = path.resolve(composePath ? path.dirname(composePath) : '/', contextValue);
  const dockerfileValue = dockerfileText === undefined ? 'Dockerfile' : interpolate(dockerfileText);
  if (dockerfileValue === undefined) return { range, contextDir, target };
  const dockerfilePath = path.resolve(contextDir, dockerfileValue);
  const content = files.readFile(dockerfilePath);
  if (content === undefined) {
    return { range, contextDir, dockerfilePath, target, missing: files.exists(contextDir) ? 'dockerfile' : 'context' };
  }
  return { range, contextDir, dockerfilePath, dockerfile: parseCached(dockerfilePath, content), target };
}
