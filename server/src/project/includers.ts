// Where to look for the Compose files that `include:` a given one: the YAML files in its folder and in each folder
// above it, up to the project root (as for the Compose files that build a Dockerfile), nearest first.
import * as path from 'node:path';
import type { FileHost } from '../rules/types';
import { composeCandidatesIn, MAX_COMPOSE_FILES, projectRoot } from './builders';

/** The YAML files around `file` that may include it, at most `MAX_COMPOSE_FILES`, nearest folder first. */
export function composeFilesAround(file: string, files: FileHost, bound?: string): string[] {
  const target = path.resolve(file);
  const root = projectRoot(target, files, bound);
  const found: string[] = [];
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    for (const candidate of composeCandidatesIn(dir).slice(0, MAX_COMPOSE_FILES - found.length)) found.push(candidate);
    if (found.length >= MAX_COMPOSE_FILES || dir === root || path.dirname(dir) === dir) break;
  }
  return found;
}
