// How much a build context sends to the engine: the files left after `.dockerignore`, matched by
// @balena/dockerignore (a port of Docker's own pattern rules) and walked the way the docker CLI walks them, with
// a time budget, in slices that never hold the event loop for long, and cached by modification time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import dockerignore from '@balena/dockerignore';

/** One top-level entry of the context (a file, or a folder with everything kept below it). */
export interface ContextEntry {
  /** The path relative to the context, `/`-separated; a folder ends with `/`. */
  name: string;
  bytes: number;
  files: number;
}

/** What a build context holds once `.dockerignore` is applied. */
export interface ContextSize {
  /** The context folder. */
  dir: string;
  /** The `.dockerignore` applied, when there is one. */
  ignoreFile?: string;
  /** The bytes of the regular files kept (symbolic links count their own size). */
  bytes: number;
  files: number;
  /** The top-level entries, largest first. */
  entries: ContextEntry[];
  /** False when the time budget ran out first: `bytes` and `files` are then lower bounds. */
  complete: boolean;
  /** Why the context could not be measured at all (its folder is missing), else undefined. */
  problem?: string;
  /** How long the walk took, in milliseconds. */
  elapsedMs: number;
}

/** One kept entry of the context, as a tar of it would hold it. */
export interface ContextFile {
  /** The path relative to the context, `/`-separated. */
  name: string;
  /** The absolute path. */
  file: string;
  kind: 'file' | 'dir' | 'symlink';
  bytes: number;
}

/** Entries handled between two checks of the clock (and, when walking asynchronously, two yields to other work). */
const SLICE_ENTRIES = 64;
/** The longest the asynchronous walk holds the event loop before it lets other work run. */
const SLICE_MS = 8;

/** The patterns of a `.dockerignore`, or none when it is absent or unreadable. */
export function readIgnorePatterns(ignoreFile: string | undefined): string[] {
  if (!ignoreFile) return [];
  try {
    return fs.readFileSync(ignoreFile, 'utf8').split(/\r?\n/);
  } catch {
    return [];
  }
}

/** Decides which context paths are kept, as the docker CLI does when it sends a context. */
export class ContextFilter {
  private readonly matcher = dockerignore();
  /** The exception (`!`) patterns, cleaned, which decide whether an excluded folder is walked at all. */
  private readonly exceptions: string[];
  /** No patterns: everything is kept, and the matcher need not be asked. */
  private readonly empty: boolean;

  constructor(patterns: readonly string[]) {
    const lines = patterns.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#'));
    this.matcher.add(lines);
    this.empty = lines.length === 0;
    this.exceptions = lines.filter((p) => p.startsWith('!')).map((p) => path.posix.normalize(p.slice(1).trim()).replace(/^\/+/, ''));
  }

  /** Whether the file or folder at this context-relative path is left out. */
  ignores(name: string): boolean {
    return this.empty ? false : this.matcher.ignores(name);
  }

  /**
   * Whether the walk descends into an excluded folder: only when an exception pattern starts with its path, as in
   * moby's archive walk (an exception elsewhere cannot bring anything below it back).
   */
  descends(dirName: string): boolean {
    const prefix = `${dirName}/`;
    return this.exceptions.some((p) => `${p}/`.startsWith(prefix));
  }
}

/**
 * Walks the kept entries of a context, depth first in name order; yields `undefined` every SLICE_ENTRIES entries
 * so that the caller can check its budget. Folders that are excluded and hold no exception are not read at all.
 * `dirs` collects each folder read with its modification time, to tell later whether the context changed.
 */
export function* walkContext(dir: string, filter: ContextFilter, dirs?: Map<string, number>): Generator<ContextFile | undefined> {
  const stack: { file: string; name: string }[] = [{ file: dir, name: '' }];
  let handled = 0;
  while (stack.length > 0) {
    const current = stack.pop()!;
    let children: fs.Dirent[];
    try {
      if (dirs) dirs.set(current.file, fs.statSync(current.file).mtimeMs);
      children = fs.readdirSync(current.file, { withFileTypes: true });
    } catch {
      continue; // A folder that vanished or cannot be read is not sent either.
    }
    children.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const child of children) {
      if (++handled % SLICE_ENTRIES === 0) yield undefined;
      const name = current.name === '' ? child.name : `${current.name}/${child.name}`;
      const file = path.join(current.file, child.name);
      const excluded = filter.ignores(name);
      if (child.isDirectory()) {
        if (excluded && !filter.descends(name)) continue;
        if (!excluded) yield { name, file, kind: 'dir', bytes: 0 };
        stack.push({ file, name });
      } else if (!excluded && (child.isFile() || child.isSymbolicLink())) {
        let bytes = 0;
        try {
          bytes = fs.lstatSync(file).size;
        } catch {
          continue;
        }
        yield { name, file, kind: child.isFile() ? 'file' : 'symlink', bytes };
      }
    }
  }
}

/** Adds up a walk into a ContextSize, one step at a time, so that sync and async drivers share it. */
class Tally {
  readonly started = performance.now();
  bytes = 0;
  files = 0;
  readonly top = new Map<string, ContextEntry>();

  add(entry: ContextFile): void {
    const slash = entry.name.indexOf('/');
    const key = slash < 0 ? (entry.kind === 'dir' ? `${entry.name}/` : entry.name) : entry.name.slice(0, slash + 1);
    let top = this.top.get(key);
    if (!top) this.top.set(key, (top = { name: key, bytes: 0, files: 0 }));
    if (entry.kind === 'dir') return;
    this.bytes += entry.bytes;
    this.files++;
    top.bytes += entry.bytes;
    top.files++;
  }

  result(dir: string, ignoreFile: string | undefined, complete: boolean): ContextSize {
    const entries = [...this.top.values()].sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
    return { dir, ignoreFile, bytes: this.bytes, files: this.files, entries, complete, elapsedMs: performance.now() - this.started };
  }
}

function missing(dir: string, ignoreFile: string | undefined): ContextSize | undefined {
  try {
    if (fs.statSync(dir).isDirectory()) return undefined;
  } catch {
    // Reported below.
  }
  return { dir, ignoreFile, bytes: 0, files: 0, entries: [], complete: true, problem: `the build context folder ${dir} does not exist`, elapsedMs: 0 };
}

/** Measures a context on this thread, stopping after `budgetMs`. */
export function measureContextSync(dir: string, ignoreFile: string | undefined, budgetMs: number, dirs?: Map<string, number>): ContextSize {
  const absent = missing(dir, ignoreFile);
  if (absent) return absent;
  const tally = new Tally();
  const filter = new ContextFilter(readIgnorePatterns(ignoreFile));
  for (const entry of walkContext(dir, filter, dirs)) {
    if (entry) tally.add(entry);
    else if (performance.now() - tally.started > budgetMs) return tally.result(dir, ignoreFile, false);
  }
  return tally.result(dir, ignoreFile, true);
}

/** Measures a context in slices of at most SLICE_MS, letting other work run between them, stopping after `budgetMs`. */
export async function measureContext(dir: string, ignoreFile: string | undefined, budgetMs: number, dirs?: Map<string, number>): Promise<ContextSize> {
  const absent = missing(dir, ignoreFile);
  if (absent) return absent;
  const tally = new Tally();
  const filter = new ContextFilter(readIgnorePatterns(ignoreFile));
  let slice = performance.now();
  for (const entry of walkContext(dir, filter, dirs)) {
    if (entry) {
      tally.add(entry);
      continue;
    }
    const now = performance.now();
    if (now - tally.started > budgetMs) return tally.result(dir, ignoreFile, false);
    if (now - slice > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
  }
  return tally.result(dir, ignoreFile, true);
}

/** A byte count as people read it: `9.1 GB`, `412 MB`, `3.0 kB`, `12 B` (powers of 1,000, as the docker CLI prints). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${bytes} B`;
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** A cached measurement and what it was measured from. */
interface Cached {
  size: ContextSize;
  /** Each folder read, with its modification time then: a file added, removed or renamed changes one. */
  dirs: Map<string, number>;
  /** The `.dockerignore`'s modification time then, or -1 when it did not exist. */
  ignoreMtime: number;
  /** When the folders were last checked against the disk (performance.now()). */
  checked: number;
}

/** Options of a ContextSizes cache. */
export interface ContextSizesOptions {
  /** The time budget of one measurement, in milliseconds. */
  budgetMs: number;
  /** A cached measurement is checked against the disk again when asked for after this many milliseconds. */
  recheckMs: number;
  /** Called when a measurement that was asked for finishes, or a cached one changed. */
  onMeasured?(size: ContextSize): void;
  /** How to measure (on a worker thread, say); `measureContext` on this thread by default. */
  measure?(dir: string, ignoreFile: string | undefined, budgetMs: number, dirs: Map<string, number>): Promise<ContextSize>;
}

function mtimeOf(file: string | undefined): number {
  if (!file) return -1;
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * Context sizes by folder and `.dockerignore`, measured in the background and kept until a folder of the context or
 * the `.dockerignore` changes its modification time. A file that grows in place changes no folder's time, so a
 * rewritten checkpoint is seen on the next change to its folder, or by the CLI, which always measures afresh.
 */
export class ContextSizes {
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly options: ContextSizesOptions) {}

  /**
   * The cached size of a context, or undefined while it is first measured; asking starts the measurement, or a
   * check of a cached one, in the background, and `onMeasured` tells when the answer is there or changed.
   */
  get(dir: string, ignoreFile: string | undefined): ContextSize | undefined {
    const key = `${dir}\0${ignoreFile ?? ''}`;
    const cached = this.cache.get(key);
    if (!cached) {
      this.start(key, () => this.measure(key, dir, ignoreFile));
      return undefined;
    }
    if (performance.now() - cached.checked > this.options.recheckMs) this.start(key, () => this.recheck(key, cached, dir, ignoreFile));
    return cached.size;
  }

  /** The size of a context, measured now if not cached. */
  async measured(dir: string, ignoreFile: string | undefined): Promise<ContextSize> {
    const key = `${dir}\0${ignoreFile ?? ''}`;
    if (!this.cache.has(key)) await (this.pending.get(key) ?? this.start(key, () => this.measure(key, dir, ignoreFile)));
    return this.cache.get(key)!.size;
  }

  /** Forgets every measurement. */
  clear(): void {
    this.cache.clear();
  }

  private start(key: string, work: () => Promise<void>): Promise<void> {
    const running = this.pending.get(key);
    if (running) return running;
    const job = work().finally(() => this.pending.delete(key));
    this.pending.set(key, job);
    return job;
  }

  private async measure(key: string, dir: string, ignoreFile: string | undefined): Promise<void> {
    const dirs = new Map<string, number>();
    const ignoreMtime = mtimeOf(ignoreFile);
    const size = await (this.options.measure ?? measureContext)(dir, ignoreFile, this.options.budgetMs, dirs);
    // A missing folder is looked for again on each check.
    if (size.problem) dirs.set(dir, -1);
    this.cache.set(key, { size, dirs, ignoreMtime, checked: performance.now() });
    this.options.onMeasured?.(size);
  }

  /** Compares the folders' times with the disk, in slices, and measures again when one changed. */
  private async recheck(key: string, cached: Cached, dir: string, ignoreFile: string | undefined): Promise<void> {
    let changed = mtimeOf(ignoreFile) !== cached.ignoreMtime;
    let slice = performance.now();
    for (const [folder, mtime] of changed ? [] : cached.dirs) {
      if (mtimeOf(folder) !== mtime) {
        changed = true;
        break;
      }
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
    cached.checked = performance.now();
    if (changed) await this.measure(key, dir, ignoreFile);
  }
}

/**
 * A context size as the hover and `dockml context` show it: the total, then the largest entries, each with its size,
 * share and file count.
 */
export function describeContextSize(size: ContextSize, shown = 5): { total: string; entries: { name: string; detail: string }[] } {
  if (size.problem) return { total: `nothing: ${size.problem}`, entries: [] };
  const at = size.complete ? '' : 'at least ';
  const ignore = size.ignoreFile ? `after ${path.basename(size.ignoreFile)}` : 'with no .dockerignore';
  let total = `${at}${formatBytes(size.bytes)} in ${at}${count(size.files, 'file')} ${ignore}`;
  if (!size.complete) total += ` (stopped counting after ${(size.elapsedMs / 1000).toFixed(1)} s)`;
  const entries = size.entries
    .slice(0, shown)
    .filter((e) => e.bytes > 0)
    .map((e) => ({ name: e.name, detail: `${formatBytes(e.bytes)} (${size.bytes > 0 ? Math.round((e.bytes / size.bytes) * 100) : 0}%, ${count(e.files, 'file')})` }));
  return { total, entries };
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
