// Reading files the way the CLI and the language server do: regular files only, under a cap, as UTF-8.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiskFileHost, MAX_NEIGHBOUR_BYTES } from '../../server/src/analysis/documents';
import { decodeUtf8, readRegularFile } from '../../server/src/files/read';

describe('reading files', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-files-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses FIFOs and devices at once, even through a link, and files over the cap', () => {
    const fifo = path.join(dir, 'requirements.txt');
    spawnSync('mkfifo', [fifo]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero'));
    fs.writeFileSync(path.join(dir, 'big'), Buffer.alloc(MAX_NEIGHBOUR_BYTES + 1, 'a'));
    fs.writeFileSync(path.join(dir, 'capped'), Buffer.alloc(MAX_NEIGHBOUR_BYTES, 'a'));
    const host = new DiskFileHost();
    for (const name of ['requirements.txt', 'zero', 'big', 'missing']) assert.equal(host.readFile(path.join(dir, name)), undefined, name);
    assert.equal(host.readFile(path.join(dir, 'capped'))?.length, MAX_NEIGHBOUR_BYTES);
    assert.deepEqual(readRegularFile('/dev/zero', 1024), { problem: '/dev/zero is not a regular file (a FIFO, socket or device); not read' });
    assert.deepEqual(readRegularFile(path.join(dir, 'big'), MAX_NEIGHBOUR_BYTES), { problem: `${path.join(dir, 'big')} is larger than 2 MB; not a Dockerfile?` });
    assert.deepEqual(readRegularFile(dir, 1024), { problem: `${dir} is a directory` });
  });

  it('decodes UTF-8, keeping a byte order mark, and names what is not UTF-8', () => {
    assert.deepEqual(decodeUtf8(Buffer.from('\ufeffFROM a\n'), 'f'), { text: '\ufeffFROM a\n' });
    assert.deepEqual(decodeUtf8(Buffer.from('FROM ä\n'), 'f'), { text: 'FROM ä\n' });
    const problem = (bytes: Buffer) => (decodeUtf8(bytes, 'f') as { problem: string }).problem;
    assert.equal(problem(Buffer.from([0xff, 0xfe, 0x46, 0x00])), 'f is not UTF-8 text (it starts with a UTF-16 byte order mark); convert it to UTF-8 first');
    assert.equal(problem(Buffer.from('FROM a', 'utf16le')), 'f is not UTF-8 text (it contains NUL bytes: UTF-16, or a binary file); convert it to UTF-8 first');
    assert.equal(problem(Buffer.from([0x46, 0xe9, 0x0a])), 'f is not UTF-8 text (it contains invalid UTF-8 byte sequences); convert it to UTF-8 first');
  });
});
