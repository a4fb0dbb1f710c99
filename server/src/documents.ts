// Which files DockML reads, how it reads them (with a size cap), and the parse cache that lets every
// feature share one model per document version.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentKind, parse, ParsedModel } from './diagnostics';
import { readRegularFile } from './files/read';
import type { FileHost } from './rules/types';

/** Files larger than this are not read as neighbours (a compose `build:` target, a lock file). */
export const MAX_NEIGHBOUR_BYTES = 2 * 1024 * 1024;

/** Compose files by name: `compose.yaml`, `compose.*.yml`, `docker-compose.yaml`, `docker-compose.*.yml`. */
const COMPOSE_NAME = /^(docker-)?compose(\.[^/]+)?\.ya?ml$/i;

/**
 * The kind of a document by its file name: Compose files by the names Compose itself looks for,
 * Dockerfiles as `Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile`.
 */
export function kindOfPath(file: string): DocumentKind | undefined {
  const name = path.basename(file);
  const lower = name.toLowerCase();
  if (COMPOSE_NAME.test(name)) return 'compose';
  if (lower === 'dockerfile' || lower === 'containerfile') return 'dockerfile';
  if (lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')) return 'dockerfile';
  if ((lower.startsWith('dockerfile.') || lower.startsWith('containerfile.')) && !lower.endsWith('.dockerignore')) return 'dockerfile';
  return undefined;
}

/** The kind of an editor document, from its language id first and its name second. */
export function kindOfDocument(languageId: string, file: string | undefined): DocumentKind | undefined {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'dockercompose') return 'compose';
  return file ? kindOfPath(file) : undefined;
}

/** Reads the real file system: regular files only, refusing those over the size cap. */
export class DiskFileHost implements FileHost {
  readFile(file: string): string | undefined {
    // A FIFO or a device among the neighbours must not hang or flood the reader: readRegularFile refuses both.
    const read = readRegularFile(file, MAX_NEIGHBOUR_BYTES);
    return 'problem' in read ? undefined : read.bytes.toString('utf8');
  }

  exists(file: string): boolean {
    return fs.existsSync(file);
  }
}

/** Serves the editor's unsaved text of open documents before the disk. */
export class OverlayFileHost implements FileHost {
  constructor(
    private readonly open: (file: string) => string | undefined,
    private readonly disk: FileHost = new DiskFileHost(),
  ) {}

  readFile(file: string): string | undefined {
    return this.open(file) ?? this.disk.readFile(file);
  }

  exists(file: string): boolean {
    return this.open(file) !== undefined || this.disk.exists(file);
  }
}

/** One parsed model per document, kept while the document's version does not change. */
export class ParseCache {
  private readonly entries = new Map<string, { version: number; kind: DocumentKind; model: ParsedModel }>();

  get(uri: string, version: number, kind: DocumentKind, text: string): ParsedModel {
    const cached = this.entries.get(uri);
    if (cached && cached.version === version && cached.kind === kind) return cached.model;
    const model = parse(kind, text);
    this.entries.set(uri, { version, kind, model });
    return model;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
