// Writing fixed files safely: a temporary file created exclusively under an unpredictable name beside its
// target (never through a planted link), the target's mode, owner and hard links kept, a file that changed
// since it was read left alone, and nothing left behind when a write fails.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorCode, readTextFile, sameSnapshot, Snapshot } from './read';

/** A write that could not be done; the message is one line naming the file and the reason. */
export class WriteError extends Error {}

/** The file changed on disk after it was read: replacing it would lose that change. */
export class ChangedError extends WriteError {}

const EXCLUSIVE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;

/**
 * Replaces the content of `file`, read earlier as `original` under `snapshot`, by `text`. A symbolic link is
 * followed to its target, which is the file fixed. The new content goes to a temporary file in the target's
 * folder, which then takes the target's place with its mode, owner and group; a target with other hard links, or
 * whose owner or group the new file could not get, is rewritten in place instead. Throws `ChangedError` when the
 * file no longer holds `original`, and `WriteError` when writing fails, after removing the temporary file.
 */
export function replaceFile(file: string, original: string, snapshot: Snapshot, text: string, maxBytes: number): void {
  let target: string;
  let stat: fs.Stats;
  try {
    target = fs.realpathSync(file);
    stat = fs.lstatSync(target);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new ChangedError(`${file} was removed while it was being fixed`);
    throw new WriteError(`cannot write ${file}: ${errorCode(error)}`);
  }
  if (!stat.isFile()) throw new ChangedError(`${file} is no longer a regular file; left it as it is now`);
  const unchanged = () => {
    const now = readTextFile(target, maxBytes);
    if ('problem' in now || now.text !== original || !sameSnapshot(now.snapshot, snapshot)) {
      throw new ChangedError(`${file} changed while it was being fixed; left it as it is now`);
    }
  };
  unchanged();
  // A new file cannot take the place of one with other hard links, nor (for anyone but root) of one that belongs to
  // another user: the file is then rewritten in place, which keeps its inode, links and owner.
  const root = process.getuid?.() === 0;
  if (stat.nlink > 1 || (!root && stat.uid !== process.getuid?.())) {
    writeInPlace(target, file, text);
    return;
  }
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.dockml-${randomBytes(12).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temporary, EXCLUSIVE, 0o600);
    writeAll(fd, text);
    // The owner first, as a change of owner clears the set-user-ID bit; then the mode explicitly, not through the
    // umask. The group is kept too when the user belongs to it; otherwise the file is rewritten in place below.
    if (root || stat.gid !== process.getgid?.()) {
      try {
        fs.fchownSync(fd, stat.uid, stat.gid);
      } catch {
        fs.closeSync(fd);
        fd = undefined;
        removeQuietly(temporary);
        writeInPlace(target, file, text);
        return;
      }
    }
    fs.fchmodSync(fd, stat.mode & 0o7777);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    // Checked again as late as possible: the analysis of a big file takes seconds, in which someone may save it.
    unchanged();
    fs.renameSync(temporary, target);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    removeQuietly(temporary);
    if (error instanceof WriteError) throw error;
    throw new WriteError(`cannot write ${file}: ${errorCode(error)}`);
  }
}

/**
 * Creates `file` with `text`; it must not exist. The creation is exclusive and does not follow a link planted at
 * that name, and a file that fails half-way is removed.
 */
export function createFile(file: string, text: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, EXCLUSIVE, 0o666);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST' || code === 'ELOOP') throw new ChangedError(`${file} appeared while fixing; left it as it is`);
    throw new WriteError(`cannot create ${file}: ${code}`);
  }
  try {
    writeAll(fd, text);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fd = undefined;
    removeQuietly(file);
    throw new WriteError(`cannot create ${file}: ${errorCode(error)}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Rewrites a file through its own descriptor, keeping its inode and so every hard link to it. A write that stops
 * half-way (a full disk) puts the bytes it read first back, so the file is never left half old and half new.
 */
function writeInPlace(target: string, file: string, text: string): void {
  let fd: number | undefined;
  let before: Buffer | undefined;
  try {
    fd = fs.openSync(target, fs.constants.O_RDWR | fs.constants.O_NOFOLLOW);
    before = fs.readFileSync(fd);
    writeAll(fd, Buffer.from(text, 'utf8'));
    fs.ftruncateSync(fd, Buffer.byteLength(text));
    fs.fsyncSync(fd);
  } catch (error) {
    const reason = `cannot write ${file}: ${errorCode(error)}`;
    if (fd === undefined || before === undefined || restore(fd, before)) throw new WriteError(reason);
    throw new WriteError(`${reason}, and it could not be restored: it may be left half-written`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes a file's earlier bytes back over a failed rewrite; true when that worked. It needs no new disk space: the
 * blocks those bytes fill belonged to the file before the rewrite began.
 */
function restore(fd: number, bytes: Buffer): boolean {
  try {
    writeAll(fd, bytes);
    fs.ftruncateSync(fd, bytes.length);
    fs.fsyncSync(fd);
    return true;
  } catch {
    return false;
  }
}

function writeAll(fd: number, content: string | Buffer): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  for (let offset = 0; offset < bytes.length; ) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset, offset);
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Already gone, or the folder forbids it: nothing more can be done.
  }
}
