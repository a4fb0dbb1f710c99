// Reading input files without hanging or running out of memory: only regular files are read (a FIFO or a
// device is refused after opening it), never past a size cap, and text must be UTF-8.
import * as fs from 'node:fs';

/** What reading a file came to: its bytes and the identity they were read under, or why it was refused. */
export type ReadResult = { bytes: Buffer; stat: fs.Stats } | { problem: string };

/** The identity of a file's content at one moment, to notice a change before the file is replaced. */
export interface Snapshot {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

const CHUNK = 64 * 1024;

/**
 * Reads a regular file of at most `maxBytes`. The file is opened without blocking (a FIFO with no writer would
 * otherwise wait forever), checked with fstat after opening (so a device or a FIFO swapped in after a stat is
 * still refused), and read in chunks that stop at the cap (a file that grows while it is read cannot exceed it).
 * With `head`, a longer file is not refused: its first `maxBytes` bytes are returned.
 */
export function readRegularFile(file: string, maxBytes: number, options: { head?: boolean } = {}): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return { problem: `cannot read ${file}: ${errorCode(error)}` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { problem: `${file} is a directory` };
    if (!stat.isFile()) return { problem: `${file} is not a regular file (a FIFO, socket or device); not read` };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const count = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (count === 0) break;
      chunks.push(chunk.subarray(0, count));
      total += count;
      if (total > maxBytes) {
        // Only the head was asked for (to tell a file's kind from its text): the first `maxBytes` bytes.
        if (options.head) return { bytes: Buffer.concat(chunks, total).subarray(0, maxBytes), stat };
        return { problem: `${file} is larger than ${formatBytes(maxBytes)}; not a Dockerfile?` };
      }
    }
    return { bytes: Buffer.concat(chunks, total), stat };
  } catch (error) {
    return { problem: `cannot read ${file}: ${errorCode(error)}` };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Decodes the bytes of a text file as UTF-8, or says why they are not: a UTF-16 byte order mark, NUL bytes
 * (UTF-16 without a mark, or a binary file) or invalid UTF-8. A UTF-8 byte order mark is kept in the text, so
 * that a fixed file is written back with it.
 */
export function decodeUtf8(bytes: Buffer, file: string): { text: string } | { problem: string } {
  const notUtf8 = (why: string) => ({ problem: `${file} is not UTF-8 text (${why}); convert it to UTF-8 first` });
  if (bytes.length >= 2 && ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe))) return notUtf8('it starts with a UTF-16 byte order mark');
  if (bytes.includes(0)) return notUtf8('it contains NUL bytes: UTF-16, or a binary file');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return notUtf8('it contains invalid UTF-8 byte sequences');
  }
}

/** Reads a regular UTF-8 text file of at most `maxBytes`, with the snapshot its text was read under. */
export function readTextFile(file: string, maxBytes: number): { text: string; snapshot: Snapshot } | { problem: string } {
  const read = readRegularFile(file, maxBytes);
  if ('problem' in read) return read;
  const decoded = decodeUtf8(read.bytes, file);
  return 'problem' in decoded ? decoded : { text: decoded.text, snapshot: snapshotOf(read.stat) };
}

export function snapshotOf(stat: fs.Stats): Snapshot {
  return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
}

export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** The error code of a failed system call (`EACCES`), or its message when it has none. */
export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message ?? String(error);
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MB` : `${bytes} bytes`;
}
