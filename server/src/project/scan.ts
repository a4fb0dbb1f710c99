// Finds the Dockerfiles and Compose files under a folder, and classifies a file named on the command line.
//
// Links: a symbolic link to a file is linted like the file, under the link's path. A link to a folder is not followed:
// it can lead out of the scanned tree or into a loop, and what it points to inside the tree is scanned anyway.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { DiskFileHost } from '../analysis/documents';
import { readRegularFile } from '../files/read';
import { classify, FileKind, looksLikeCompose, looksLikeDockerfile, nameVerdict, SNIFF_BYTES } from './kind';

/** Folders never searched: dependencies, version control, virtual environments and caches. */
export const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache']);

export interface FoundFile {
  /** The path as found: the scanned folder joined with the path below it. */
  file: string;
  kind: FileKind;
}

/** Reading a folder or a file failed; the CLI reports it with exit code 2. */
export class UnreadableError extends Error {}

/** The first bytes of a file, enough to tell its kind; throws what reading throws. */
function readHead(file: string): string {
  const read = readRegularFile(file, SNIFF_BYTES, { head: true });
  if ('problem' in read) throw new Error(read.problem);
  return read.bytes.toString('utf8');
}

/**
 * Every Dockerfile and Compose file under `root`, in path order: files whose name says so, YAML files whose head is a
 * Compose document, `Dockerfile.*` files with another extension whose head is a Dockerfile, and the files Compose files
 * pull in through `include:` and `extends.file` (when they are inside `root`).
 */
export function scanDirectory(root: string): FoundFile[] {
  const found = new Map<string, FoundFile>();
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      throw new UnreadableError(`cannot read directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
        continue;
      }
      if (!entry.isFile() && !(entry.isSymbolicLink() && isFile(full))) continue;
      const kind = kindOfFound(full);
      if (kind) found.set(path.resolve(full), { file: full, kind });
    }
  };
  walk(root);
  addReferenced(root, found);
  return [...found.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The kind of a file met in a scan: by name, reading its head only when the name leaves the kind open. */
function kindOfFound(file: string): FileKind | undefined {
  const verdict = nameVerdict(file);
  if (verdict === 'dockerfile' || verdict === 'compose') return verdict;
  if (verdict === undefined) return undefined;
  let head: string;
  try {
    head = readHead(file);
  } catch {
    // An unreadable file of an undecided kind is not one of ours; a named one fails later, when it is read.
    return undefined;
  }
  if (verdict === 'yaml') return looksLikeCompose(head) ? 'compose' : undefined;
  return looksLikeDockerfile(head) ? 'dockerfile' : undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Adds the files that found Compose files include or extend, transitively, when they exist inside `root`. */
function addReferenced(root: string, found: Map<string, FoundFile>): void {
  const inside = (file: string) => !path.relative(path.resolve(root), file).startsWith('..');
  const disk = new DiskFileHost();
  const pending = [...found.values()].filter((f) => f.kind === 'compose').map((f) => f.file);
  while (pending.length > 0) {
    const compose = pending.shift()!;
    // Read like every neighbour file: regular files only, under the size cap.
    const text = disk.readFile(compose);
    if (text === undefined) continue;
    for (const reference of composeReferences(text)) {
      const file = path.resolve(path.dirname(compose), reference);
      if (found.has(file) || !inside(file) || !isFile(file)) continue;
      const relative = path.relative(path.resolve(root), file);
      found.set(file, { file: path.join(root, relative), kind: 'compose' });
      pending.push(file);
    }
  }
}

/** The files a Compose text names in `include:` (short or long syntax) and in services' `extends.file`, as written. */
export function composeReferences(text: string): string[] {
  // Most Compose files name no other file, and a whole parse of each cost 8% of linting the corpus: without
  // the words (or an escape that could spell them in a quoted key) there is nothing to find.
  if (!text.includes('include') && !text.includes('extends') && !text.includes('\\')) return [];
  let data: unknown;
  try {
    data = parseDocument(text, { uniqueKeys: false }).toJS({ maxAliasCount: 100 });
  } catch {
    return [];
  }
  if (!data || typeof data !== 'object') return [];
  const top = data as { include?: unknown; services?: unknown };
  const names: unknown[] = [];
  for (const item of Array.isArray(top.include) ? top.include : []) {
    if (typeof item === 'string') names.push(item);
    else if (item && typeof item === 'object') {
      const value = (item as { path?: unknown }).path;
      for (const name of Array.isArray(value) ? value : [value]) names.push(name);
    }
  }
  if (top.services && typeof top.services === 'object') {
    for (const service of Object.values(top.services as Record<string, unknown>)) {
      const extendsValue = service && typeof service === 'object' ? (service as { extends?: unknown }).extends : undefined;
      if (extendsValue && typeof extendsValue === 'object') names.push((extendsValue as { file?: unknown }).file);
    }
  }
  return names.filter((n): n is string => typeof n === 'string' && n !== '' && !n.includes('$') && !/^[a-z]+:\/\//i.test(n));
}

/** What a file named explicitly is, or why it cannot be linted. */
export type ExplicitKind = { kind: FileKind } | { problem: string };

/**
 * Classifies a file named on the command line: by name when the name says, else by its head. YAML is never taken for a
 * Dockerfile; a file that is neither gets a message that says why.
 */
export function classifyExplicit(file: string): ExplicitKind {
  const verdict = nameVerdict(file);
  if (verdict === 'dockerfile' || verdict === 'compose') return { kind: verdict };
  let head: string;
  try {
    head = readHead(file);
  } catch (error) {
    return { problem: (error as Error).message };
  }
  const kind = classify(file, head);
  if (kind) return { kind };
  if (verdict === 'yaml') return { problem: `${file} is YAML but not a Compose file (no top-level \`services:\` with \`image\` or \`build\`)` };
  return { problem: `${file} is neither a Dockerfile (no FROM instruction before the first other instruction) nor a Compose file` };
}
