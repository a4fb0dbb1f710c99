// The Compose services that build a Dockerfile: Compose files in the Dockerfile's folder and its ancestors, up to the
// project root, whose services' `build:` resolves (as Compose resolves it) to that Dockerfile.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveBuild } from '../compose/build';
import { gpuRequests } from '../compose/gpu';
import { ComposeModel } from '../compose/model';
import type { ComposeBuilder, FileHost } from '../rules/types';
import { looksLikeCompose, nameVerdict } from './kind';

/** Folders above a Dockerfile searched for Compose files, when no `.git` or bound stops the search sooner. */
export const MAX_ANCESTORS = 6;
/** Compose files read for one Dockerfile at most, nearest folders first. */
export const MAX_COMPOSE_FILES = 32;

/**
 * The folder where the search for a Dockerfile's project ends: the nearest ancestor with `.git`, or `bound` (the
 * scanned folder) when that comes first, within `MAX_ANCESTORS` levels. Outside any repository the search stops one
 * level above the Dockerfile's folder, so that it never wanders through `/tmp` or a home folder.
 */
export function projectRoot(file: string, files: FileHost, bound?: string): string {
  const own = path.dirname(path.resolve(file));
  let dir = own;
  for (let level = 0; level <= MAX_ANCESTORS; level++) {
    if (files.exists(path.join(dir, '.git')) || (bound !== undefined && path.resolve(bound) === dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.dirname(own);
}

/** Folders above a Dockerfile searched for its repository root: deeper than any real layout, and bounded for hostile paths. */
export const MAX_REPOSITORY_DEPTH = 24;

/**
 * The folder a Dockerfile's repository starts at, however deep the file is within `MAX_REPOSITORY_DEPTH` levels: the
 * nearest ancestor with `.git`, or `bound` (the scanned or workspace folder) when that comes first; undefined when
 * neither is found.
 */
export function repositoryRoot(file: string, files: FileHost, bound?: string): string | undefined {
  const limit = bound === undefined ? undefined : path.resolve(bound);
  let dir = path.dirname(path.resolve(file));
  for (let level = 0; level <= MAX_REPOSITORY_DEPTH; level++) {
    if (dir === limit || files.exists(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** The builds one Compose file declares, kept while its text is unchanged. */
interface ParsedCompose {
  text: string;
  builders: (ComposeBuilder & { dockerfilePath: string })[];
}

/**
 * Finds the Compose services that build a Dockerfile. Folder listings are cached until `forget()` (the CLI keeps them
 * for its run; the server forgets them when files are created or deleted); Compose files are read through the given
 * FileHost on every call and parsed again only when their text changed, so an edited Compose file counts at once, and
 * a host that records what it reads (the server's) learns which Compose files a Dockerfile's findings depend on.
 */
export class ComposeBuildersIndex {
  private readonly listings = new Map<string, string[]>();
  private readonly parsed = new Map<string, ParsedCompose>();

  /** The services that build `dockerfile`, nearest Compose file first. */
  of(dockerfile: string, files: FileHost, bound?: string): ComposeBuilder[] {
    const target = path.resolve(dockerfile);
    const root = projectRoot(target, files, bound);
    const found: ComposeBuilder[] = [];
    let read = 0;
    for (let dir = path.dirname(target); read < MAX_COMPOSE_FILES; dir = path.dirname(dir)) {
      for (const candidate of this.candidates(dir)) {
        if (read++ >= MAX_COMPOSE_FILES) break;
        const text = files.readFile(candidate);
        if (text === undefined) continue;
        if (nameVerdict(candidate) !== 'compose' && !looksLikeCompose(text)) continue;
        for (const { dockerfilePath, ...builder } of this.builds(candidate, text, files)) if (dockerfilePath === target) found.push(builder);
      }
      if (dir === root || path.dirname(dir) === dir) break;
    }
    return found;
  }

  /** Forgets folder listings and parsed Compose files. */
  forget(): void {
    this.listings.clear();
    this.parsed.clear();
  }

  /** The YAML files of a folder that may be Compose files, by name first. */
  private candidates(dir: string): string[] {
    let listing = this.listings.get(dir);
    if (!listing) {
      listing = composeCandidatesIn(dir);
      this.listings.set(dir, listing);
    }
    return listing;
  }

  private builds(file: string, text: string, files: FileHost): ParsedCompose['builders'] {
    const hit = this.parsed.get(file);
    if (hit && hit.text === text) return hit.builders;
    const model = new ComposeModel(text);
    const builders: ParsedCompose['builders'] = [];
    for (const service of model.services) {
      const build = resolveBuild(model, service, file, files);
      if (!build?.dockerfilePath || !build.contextDir) continue;
      builders.push({
        dockerfilePath: build.dockerfilePath,
        composeFile: file,
        service: service.name,
        contextDir: build.contextDir,
        target: build.target?.name,
        user: model.getText(service, 'user'),
        // NVIDIA_VISIBLE_DEVICES alone asks for nothing unless the NVIDIA runtime reads it.
        gpu: gpuRequests(model, service).some((r) => r.source !== 'environment'),
        ...(model.get(service, 'healthcheck') ? { healthcheck: true } : {}),
      });
    }
    this.parsed.set(file, { text, builders });
    return builders;
  }
}

/** The YAML files of a folder that may be Compose files, those named like Compose files first; none when it cannot be listed. */
export function composeCandidatesIn(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    names = [];
  }
  const yaml = names.filter((n) => nameVerdict(n) === 'compose' || nameVerdict(n) === 'yaml').sort();
  return [...yaml.filter((n) => nameVerdict(n) === 'compose'), ...yaml.filter((n) => nameVerdict(n) !== 'compose')].map((n) => path.join(dir, n));
}
