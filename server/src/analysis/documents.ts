// Which files DockML reads, how it reads them (with a size cap), the parse cache that lets every feature
// share one model per document version, and the check of document notifications at the LSP boundary.
import * as fs from 'node:fs';
import type { Connection, DidChangeTextDocumentParams, DidOpenTextDocumentParams } from 'vscode-languageserver';
import { DocumentKind, parse, ParsedModel } from './diagnostics';
import { readRegularFile } from '../files/read';
import { looksLikeCompose, looksLikeDockerfile, nameVerdict } from '../project/kind';
import type { ConfigFileHost } from './settings';

/** Files larger than this are not read as neighbours (a compose `build:` target, a lock file). */
export const MAX_NEIGHBOUR_BYTES = 2 * 1024 * 1024;

/**
 * No file has a longer absolute path than this many characters (PATH_MAX, counted in bytes, is 4,096 on Linux
 * and 1,024 on macOS; Windows' long paths reach 32,767), so longer paths are not asked of the file system,
 * whose failure for each of them costs far more than this check.
 */
const MAX_PATH_CHARS = process.platform === 'win32' ? 32_767 : 4_096;

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

/** Reads the real file system: regular files only, refusing those over the size cap. */
export class DiskFileHost implements ConfigFileHost {
  readFile(file: string): string | undefined {
    if (file.length > MAX_PATH_CHARS) return undefined;
    // A FIFO or a device among the neighbours must not hang or flood the reader: readRegularFile refuses both.
    const read = readRegularFile(file, MAX_NEIGHBOUR_BYTES);
    return 'problem' in read ? undefined : read.bytes.toString('utf8');
  }

  exists(file: string): boolean {
    return file.length <= MAX_PATH_CHARS && fs.existsSync(file);
  }

  /** Why `readFile` gives nothing for a file that exists: a folder, over the size cap, or a read error. */
  unreadableReason(file: string): string | undefined {
    try {
      const stat = fs.statSync(file);
      if (stat.isDirectory()) return 'it is a folder, not a file';
      if (!stat.isFile()) return 'it is not a regular file (a FIFO, socket or device)';
      if (stat.size > MAX_NEIGHBOUR_BYTES) return `it is ${(stat.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_NEIGHBOUR_BYTES / 1024 / 1024} MB limit`;
      fs.accessSync(file, fs.constants.R_OK);
      return undefined;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (error as Error).message;
    }
  }
}

/** Serves the editor's unsaved text of open documents before the disk. */
export class OverlayFileHost implements ConfigFileHost {
  constructor(
    private readonly open: (file: string) => string | undefined,
    private readonly disk: ConfigFileHost = new DiskFileHost(),
  ) {}

  readFile(file: string): string | undefined {
    return this.open(file) ?? this.disk.readFile(file);
  }

  exists(file: string): boolean {
    return this.open(file) !== undefined || this.disk.exists(file);
  }

  unreadableReason(file: string): string | undefined {
    return this.open(file) === undefined ? this.disk.unreadableReason?.(file) : undefined;
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

/**
 * The connection as the document store sees it: an open, change, close or save notification whose
 * parameters are not what LSP says (a uri or text that is not a string, a version that is not a number) is
 * logged and dropped here, at the boundary, instead of failing later inside an analysis.
 */
export function checkedDocumentSync(connection: Connection): Connection {
  const checked = Object.create(connection) as Connection;
  const dropped = (method: string) => connection.console.warn(`DockML ignored a malformed ${method} notification.`);
  checked.onDidOpenTextDocument = (handler) =>
    connection.onDidOpenTextDocument((params) => (isOpenParams(params) ? handler(params) : dropped('textDocument/didOpen')));
  checked.onDidChangeTextDocument = (handler) =>
    connection.onDidChangeTextDocument((params) => (isChangeParams(params) ? handler(params) : dropped('textDocument/didChange')));
  checked.onDidCloseTextDocument = (handler) =>
    connection.onDidCloseTextDocument((params) => (hasUri(params) ? handler(params) : dropped('textDocument/didClose')));
  checked.onDidSaveTextDocument = (handler) =>
    connection.onDidSaveTextDocument((params) => (hasUri(params) ? handler(params) : dropped('textDocument/didSave')));
  return checked;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function hasUri(params: unknown): boolean {
  return isObject(params) && isObject(params.textDocument) && typeof params.textDocument.uri === 'string';
}

function isOpenParams(params: DidOpenTextDocumentParams): boolean {
  const document: unknown = params?.textDocument;
  return (
    hasUri(params) &&
    isObject(document) &&
    typeof document.languageId === 'string' &&
    Number.isInteger(document.version) &&
    typeof document.text === 'string'
  );
}

function isChangeParams(params: DidChangeTextDocumentParams): boolean {
  const changes: unknown = params?.contentChanges;
  return hasUri(params) && Number.isInteger(params.textDocument.version) && Array.isArray(changes) && changes.every(isContentChange);
}

function isContentChange(change: unknown): boolean {
  if (!isObject(change) || typeof change.text !== 'string') return false;
  if (change.range === undefined) return true;
  const isPosition = (p: unknown) => isObject(p) && Number.isInteger(p.line) && Number.isInteger(p.character);
  return isObject(change.range) && isPosition(change.range.start) && isPosition(change.range.end);
}
