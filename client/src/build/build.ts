// Builds an image on the explorer's engine, as `docker build` with the classic builder does: the context is packed
// into a tar with `.dockerignore` applied by the same rules that measure it, the engine's output is streamed line by
// line with the step it is at, and a cancellation ends the request, which ends the build. No vscode here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import * as tar from 'tar-fs';
import { ContextFilter, readIgnorePatterns, walkContext } from '../../../server/src/project/contextSize';

/** The label that records which Dockerfile (absolute path) an image was built from. */
export const DOCKERFILE_LABEL = 'dockml.dockerfile';
/** The label that records the stage an image was built up to, when not the last. */
export const TARGET_LABEL = 'dockml.target';

export interface BuildRequest {
  /** The Dockerfile's absolute path; it must be inside the context. */
  dockerfile: string;
  /** The absolute context folder. */
  contextDir: string;
  /** The `.dockerignore` to apply, when there is one. */
  ignoreFile?: string;
  /** The stage to build up to; the last one when absent. */
  target?: string;
  /** The tag for the image. */
  tag: string;
  /** `--build-arg` values. */
  buildArgs?: Record<string, string>;
}

/** What the build reports as it goes. */
export interface BuildListener {
  /** Each line of output, without its line break. */
  line(text: string): void;
  /** The step the classic builder started, `Step 3/7 : RUN …`. */
  step?(index: number, total: number, instruction: string): void;
}

export interface BuildResult {
  /** The built image's ID (`sha256:…`). */
  imageId: string;
  tag: string;
  /** How many files the context sent. */
  files: number;
}

/** A build that the engine refused or that failed, with the engine's message. */
export class BuildError extends Error {}

/** A build ended by its caller. */
export class BuildCancelled extends Error {
  constructor() {
    super('The build was cancelled.');
  }
}

/** The context's kept files and links, as paths relative to the context, the Dockerfile always among them. */
export function contextEntries(request: BuildRequest): string[] {
  const filter = new ContextFilter(readIgnorePatterns(request.ignoreFile));
  const entries: string[] = [];
  // Folders are not listed: tar-fs would pack everything below a listed folder, left-out files included; the engine
  // makes each file's folders as it unpacks it. An empty folder is therefore not sent.
  for (const entry of walkContext(request.contextDir, filter)) if (entry && entry.kind !== 'dir') entries.push(entry.name);
  const dockerfile = relativeDockerfile(request);
  // As the docker CLI does, the Dockerfile is sent even when .dockerignore leaves it out.
  if (!entries.includes(dockerfile)) entries.push(dockerfile);
  return entries;
}

function relativeDockerfile(request: BuildRequest): string {
  const relative = path.relative(request.contextDir, request.dockerfile);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new BuildError(`The Dockerfile ${request.dockerfile} is not inside its build context ${request.contextDir}.`);
  }
  return relative.split(path.sep).join('/');
}

/** Runs a build to the end; rejects with BuildError when it fails and BuildCancelled when `signal` aborts it. */
export async function buildImage(docker: Dockerode, request: BuildRequest, listener: BuildListener, signal?: AbortSignal): Promise<BuildResult> {
  if (!fs.existsSync(request.contextDir)) throw new BuildError(`The build context ${request.contextDir} does not exist.`);
  if (signal?.aborted) throw new BuildCancelled();
  const entries = contextEntries(request);
  const pack = tar.pack(request.contextDir, { entries });
  const labels: Record<string, string> = { [DOCKERFILE_LABEL]: request.dockerfile, ...(request.target ? { [TARGET_LABEL]: request.target } : {}) };
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(pack, {
      dockerfile: relativeDockerfile(request),
      t: request.tag,
      target: request.target ?? '',
      buildargs: request.buildArgs ?? {},
      labels,
      rm: true,
      forcerm: true,
      // The classic builder: its output names each step, which the per-line results map to instructions.
      version: '1',
      abortSignal: signal,
    } as Dockerode.ImageBuildOptions);
  } catch (error) {
    if (signal?.aborted) throw new BuildCancelled();
    throw new BuildError(`The engine refused the build: ${(error as Error).message}`);
  }
  return new Promise<BuildResult>((resolve, reject) => {
    let imageId: string | undefined;
    let failure: string | undefined;
    let pending = '';
    const onAbort = () => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      reject(new BuildCancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const handle = (json: string) => {
      if (json.trim() === '') return;
      let message: { stream?: string; error?: string; errorDetail?: { message?: string }; aux?: { ID?: string }; status?: string };
      try {
        message = JSON.parse(json);
      } catch {
        listener.line(json);
        return;
      }
      if (message.error) failure = message.errorDetail?.message ?? message.error;
      if (message.aux?.ID) imageId = message.aux.ID;
      const text = message.stream ?? message.status ?? (message.error ? `ERROR: ${failure}` : undefined);
      if (text === undefined) return;
      for (const line of text.replace(/\n$/, '').split('\n')) {
        listener.line(line);
        const step = /^Step (\d+)\/(\d+) : (.*)$/.exec(line);
        if (step) listener.step?.(Number(step[1]), Number(step[2]), step[3]);
      }
    };
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) handle(line);
    });
    stream.on('error', (error: Error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? new BuildCancelled() : new BuildError(`The build stopped: ${error.message}`));
    });
    stream.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      handle(pending);
      if (signal?.aborted) reject(new BuildCancelled());
      else if (failure !== undefined) reject(new BuildError(failure));
      else if (!imageId) reject(new BuildError('The engine ended the build without naming an image.'));
      else resolve({ imageId, tag: request.tag, files: entries.length });
    });
  });
}

/** A tag for an image built from a context folder: `<folder>[-<target>]:dockml`, in the characters tags allow. */
export function defaultTag(contextDir: string, target?: string): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'image';
  return `${clean(path.basename(contextDir))}${target ? `-${clean(target)}` : ''}:dockml`;
}
