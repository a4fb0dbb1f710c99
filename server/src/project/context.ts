// The build context of a Dockerfile, as BuildKit would get it: from a Compose service that builds the Dockerfile, else
// from where its COPY and ADD sources exist, else the Dockerfile's folder; and the .dockerignore that applies to it.
import * as path from 'node:path';
import type { DockerfileModel } from '../dockerfile/model';
import { copySources } from '../dockerfile/split';
import type { ComposeBuilder, FileHost } from '../rules/types';

/** Folders above the Dockerfile's own tried as the context when its COPY sources are not beside it. */
const MAX_CONTEXT_ANCESTORS = 4;

export interface BuildContext {
  /** The absolute context folder. */
  dir: string;
  /** Why this folder: a Compose `build.context`, the folder where the COPY sources exist, or the Dockerfile's folder. */
  origin: 'compose' | 'sources' | 'folder';
  /** The Compose service the context comes from, for `compose`. */
  builder?: ComposeBuilder;
  /** The .dockerignore BuildKit reads: `<Dockerfile>.dockerignore` beside the Dockerfile, else the context's `.dockerignore`. */
  ignoreFile: string;
  /** Whether `ignoreFile` exists. */
  ignored: boolean;
}

/** The build context of the Dockerfile at `file`, given the Compose services that build it. */
export function buildContext(file: string, model: DockerfileModel, builders: readonly ComposeBuilder[], files: FileHost): BuildContext {
  const own = path.dirname(file);
  let dir = own;
  let origin: BuildContext['origin'] = 'folder';
  const builder = builders[0];
  if (builder) {
    dir = builder.contextDir;
    origin = 'compose';
  } else {
    const found = sourcesRoot(own, contextSources(model), files);
    if (found !== own) {
      dir = found;
      origin = 'sources';
    }
  }
  return { dir, origin, builder, ...ignoreFileFor(file, dir, files) };
}

/** The .dockerignore BuildKit reads for a Dockerfile and context: `<Dockerfile>.dockerignore`, else the context's. */
export function ignoreFileFor(file: string, dir: string, files: FileHost): Pick<BuildContext, 'ignoreFile' | 'ignored'> {
  const beside = `${file}.dockerignore`;
  if (files.exists(beside)) return { ignoreFile: beside, ignored: true };
  const ignoreFile = path.join(dir, '.dockerignore');
  return { ignoreFile, ignored: files.exists(ignoreFile) };
}

/** How a message names the context it assumed, relative to the Dockerfile's folder. */
export function describeContext(file: string, context: BuildContext): string {
  const relative = path.relative(path.dirname(file), context.dir).split(path.sep).join('/') || '.';
  if (context.origin === 'compose' && context.builder) {
    return `build context \`${relative}\` (from service \`${context.builder.service}\` in ${path.basename(context.builder.composeFile)})`;
  }
  if (context.origin === 'sources') return `build context \`${relative}\` (where the COPY sources are)`;
  return "build context `.` (the Dockerfile's folder)";
}

/** The plain local paths that COPY and ADD read from the context: no globs, variables, URLs, or `.` itself. */
function contextSources(model: DockerfileModel): string[] {
  const sources: string[] = [];
  for (const instr of model.instructions) {
    if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flag('from')) continue;
    for (const source of copySources(instr)) {
      const value = source.value.replace(/^\/+/, '').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
      if (value === '' || value === '.' || /[*?[\]$]/.test(value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('git@')) continue;
      sources.push(value);
    }
  }
  return sources;
}

/**
 * The folder the sources are relative to: the Dockerfile's own when all of them exist there (or there are none), else
 * the nearest ancestor where more of them exist than in the Dockerfile's folder, else the Dockerfile's folder.
 */
function sourcesRoot(own: string, sources: string[], files: FileHost): string {
  const count = (dir: string) => sources.filter((s) => files.exists(path.join(dir, s))).length;
  const here = count(own);
  if (here === sources.length) return own;
  let best = own;
  let bestCount = here;
  let dir = own;
  for (let level = 0; level < MAX_CONTEXT_ANCESTORS; level++) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
    const n = count(dir);
    if (n > bestCount) {
      best = dir;
      bestCount = n;
    }
    if (n === sources.length) break;
  }
  return best;
}

/**
 * The `.dockerignore` of the nearest ancestor of the Dockerfile's folder that has one, within the folders `sourcesRoot`
 * tries. When nothing says where a Dockerfile's context is, such a file suggests it is built from that ancestor
 * (`docker build -f docker/Dockerfile .`).
 */
export function ancestorIgnoreFile(file: string, files: FileHost): string | undefined {
  let dir = path.dirname(file);
  for (let level = 0; level < MAX_CONTEXT_ANCESTORS; level++) {
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
    const candidate = path.join(dir, '.dockerignore');
    if (files.exists(candidate)) return candidate;
  }
  return undefined;
}
