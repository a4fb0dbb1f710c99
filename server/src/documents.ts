// Which files DockML reads, how it reads them (with a size cap), and the parse cache that lets every
// feature share one model per document version.
import * as fs from 'node:fs';
import { DocumentKind, parse, ParsedModel } from './diagnostics';
import { looksLikeCompose, looksLikeDockerfile, nameVerdict } from './project/kind';
import type { FileHost } from './rules/types';

/** Files larger than this are not read as neighbours (a compose `build:` target, a lock file). */
export const MAX_NEIGHBOUR_BYTES = 2 * 1024 * 1024;

/**
 * The kind of a document when its name alone says it (see `nameVerdict`): `Dockerfile`, `Dockerfile.*`, `Dockerfile-*`,
 * `Dockerfile_*`, `*.Dockerfile`, `*_Dockerfile`, `Containerfile*`, and YAML files whose name contains `compose`.
 */
export function kindOfPath(file: string): DocumentKind | undefined {
  const verdict = nameVerdict(file);
  return verdict === 'dockerfile' || verdict === 'compose' ? verdict : undefined;
}

/**
 * The kind of an editor document, from its language id first, then its name, then its text: a YAML document whose
 * top level is a Compose document (`nims.yaml`) is Compose, a `Dockerfile.sh` that is really a Dockerfile is one, and a
 * `Dockerfile.md` is not, whatever language the `Dockerfile.*` association gave it.
 */
export function kindOfDocument(languageId: string, file: string | undefined, text?: string): DocumentKind | undefined {
  // The `Dockerfile.*` association also gives `Dockerfile.md` the Dockerfile language: its text decides.
  if (languageId === 'dockerfile') return file && text !== undefined && nameVerdict(file) === 'maybe-dockerfile' && !looksLikeDockerfile(text) ? undefined : 'dockerfile';
  if (languageId === 'dockercompose') return 'compose';
  const byName = file ? kindOfPath(file) : undefined;
  if (byName || text === undefined) return byName;
  if (languageId === 'yaml') return looksLikeCompose(text) ? 'compose' : undefined;
  return file && nameVerdict(file) === 'maybe-dockerfile' && looksLikeDockerfile(text) ? 'dockerfile' : undefined;
}

/** Reads the real file system, refusing files over the size cap. */
export class DiskFileHost implements FileHost {
  readFile(file: string): string | undefined {
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile() || stat.size > MAX_NEIGHBOUR_BYTES) return undefined;
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
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
