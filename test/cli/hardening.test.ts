// The built CLI against hostile and unusual files: planted links at temporary names, symlinked and hard-linked
// Dockerfiles, kept modes and owners, failed writes, files edited during `fix`, FIFOs and devices, text that is
// not UTF-8, control characters in names, unreadable configuration, and the cost of fixing a big file.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const APT = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n# Python tools\nRUN pip install numpy\n';
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

function dockml(args: string[], cwd: string, options: { uid?: number; gid?: number; timeout?: number } = {}) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: options.timeout ?? 60_000, uid: options.uid, gid: options.gid });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started, signal: result.signal };
}

/** A Dockerfile of `lines` lines in which every other line has a finding with a safe fix. */
function bigDockerfile(lines: number): string {
  const out = ['FROM python:3.11-slim'];
  for (let i = 0; out.length < lines; i++) out.push(`RUN pip install pkg${i}`, `WORKDIR /app${i}`);
  return out.join('\n') + '\n';
}

describe('dockml CLI hardening', () => {
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-hard-'));
    // The folder must be reachable by `nobody` for the tests that run the CLI as another user.
    fs.chmodSync(dir, 0o755);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** What `fix` makes of a text in a plain folder, to compare the unusual cases with. */
  let FIXED_APT: string;
  before(() => {
    const plain = project('reference');
    fs.writeFileSync(path.join(plain, 'Dockerfile'), APT);
    assert.equal(dockml(['fix', 'Dockerfile'], plain).code, 0);
    FIXED_APT = fs.readFileSync(path.join(plain, 'Dockerfile'), 'utf8');
    assert.notEqual(FIXED_APT, APT);
  });

  const project = (name: string) => {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder);
    return folder;
  };

  it('never follows a link planted at a predictable temporary name', () => {
    const folder = project('planted');
    const outside = project('outside');
    const victim = path.join(outside, 'victim');
    fs.writeFileSync(victim, 'precious\n');
    const file = path.join(folder, 'Dockerfile');
    fs.writeFileSync(file, APT);
    // Every pid the CLI could get, and the names a careless fixer might pick beside the file.
    const maxPid = Math.min(Number(fs.readFileSync('/proc/sys/kernel/pid_max', 'utf8')) || 32768, 65536);
    for (let pid = 1; pid <= maxPid; pid++) fs.symlinkSync(victim, path.join(folder, `Dockerfile.dockml-${pid}.tmp`));
    for (const name of ['Dockerfile.tmp', '.Dockerfile.tmp', 'Dockerfile~', '.Dockerfile.swp', 'Dockerfile.dockml.tmp']) fs.symlinkSync(victim, path.join(folder, name));
    const { code, stderr } = dockml(['fix', 'Dockerfile'], folder);
    assert.equal(code, 0, stderr);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n', 'the link target is untouched');
    assert.ok(fs.lstatSync(file).isFile(), 'the Dockerfile is still a regular file, not a planted link');
    assert.equal(fs.readFileSync(file, 'utf8'), FIXED_APT);
    assert.equal(fs.readdirSync(folder).length, maxPid + 6, 'every planted link is still there and nothing is left behind');
  });

  it('creates a .dockerignore with the usual mode, and never through a link planted at its name', () => {
    const folder = project('create');
    const outside = project('create-outside');
    const copyAll = 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\n';
    fs.writeFileSync(path.join(folder, 'Dockerfile'), copyAll);
    // Creating a file is an unsafe fix: only `fix --unsafe` does it.
    assert.equal(dockml(['fix', '--unsafe', 'Dockerfile'], folder).code, 0);
    const created = fs.lstatSync(path.join(folder, '.dockerignore'));
    assert.ok(created.isFile());
    assert.equal((created.mode & 0o777).toString(8), (0o666 & ~process.umask()).toString(8));
    // A link to a file that does not exist yet: following it would create a file wherever it points.
    fs.rmSync(path.join(folder, '.dockerignore'));
    fs.symlinkSync(path.join(outside, 'victim'), path.join(folder, '.dockerignore'));
    const { stdout } = dockml(['fix', '--unsafe', 'Dockerfile'], folder);
    assert.ok(!fs.existsSync(path.join(outside, 'victim')), 'nothing is created through the link');
    assert.ok(fs.lstatSync(path.join(folder, '.dockerignore')).isSymbolicLink(), 'the link is left alone');
    assert.match(stdout, /missing-dockerignore/, 'and the problem is still reported');
  });

  it('fixes a symlinked Dockerfile through the link, keeping the link', () => {
    const folder = project('symlink');
    fs.mkdirSync(path.join(folder, 'real'));
    const target = path.join(folder, 'real', 'base.Dockerfile');
    fs.writeFileSync(target, APT);
    fs.symlinkSync(path.join('real', 'base.Dockerfile'), path.join(folder, 'Dockerfile'));
    assert.equal(dockml(['fix', 'Dockerfile'], folder).code, 0);
    assert.ok(fs.lstatSync(path.join(folder, 'Dockerfile')).isSymbolicLink(), 'still a link');
    assert.equal(fs.readFileSync(target, 'utf8'), FIXED_APT, 'the target is fixed');
    assert.deepEqual(fs.readdirSync(path.join(folder, 'real')), ['base.Dockerfile'], 'no temporary file left');
  });

  it('keeps hard links: every name sees the fix', () => {
    const folder = project('hardlink');
    const file = path.join(folder, 'Dockerfile');
    fs.writeFileSync(file, APT);
    fs.linkSync(file, path.join(folder, 'other-name'));
    const ino = fs.statSync(file).ino;
    assert.equal(dockml(['fix', 'Dockerfile'], folder).code, 0);
    assert.equal(fs.statSync(file).ino, ino);
    assert.equal(fs.readFileSync(path.join(folder, 'other-name'), 'utf8'), FIXED_APT);
  });

  it('keeps the mode whatever the umask, and the owner when run as root', () => {
    const folder = project('mode');
    const file = path.join(folder, 'Dockerfile');
    fs.writeFileSync(file, APT);
    fs.chmodSync(file, 0o775);
    if (isRoot) fs.chownSync(file, NOBODY, NOBODY);
    const result = spawnSync('sh', ['-c', `umask 077 && exec "${process.execPath}" "${CLI}" fix Dockerfile`], { cwd: folder, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const stat = fs.statSync(file);
    assert.equal(fs.readFileSync(file, 'utf8'), FIXED_APT);
    assert.equal((stat.mode & 0o7777).toString(8), '775');
    if (isRoot) assert.deepEqual([stat.uid, stat.gid], [NOBODY, NOBODY]);
  });

  it('rewrites in place a file it may write but that belongs to another user, keeping the owner', { skip: !isRoot && 'needs root to set up' }, () => {
    const folder = project('shared');
    fs.chmodSync(folder, 0o777);
    const file = path.join(folder, 'Dockerfile');
    fs.writeFileSync(file, APT);
    fs.chmodSync(file, 0o666);
    const { code, stderr } = dockml(['fix', 'Dockerfile'], folder, { uid: NOBODY, gid: NOBODY });
    assert.equal(code, 0, stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), FIXED_APT);
    const stat = fs.statSync(file);
    assert.deepEqual([stat.uid, stat.gid, (stat.mode & 0o7777).toString(8)], [0, 0, '666']);
    assert.deepEqual(fs.readdirSync(folder), ['Dockerfile']);
  });

  it('a write that fails half-way says which files it changed, leaves no temporary file, and is not an internal error', () => {
    const folder = project('readonly');
    fs.mkdirSync(path.join(folder, 'a'));
    fs.mkdirSync(path.join(folder, 'b'));
    fs.writeFileSync(path.join(folder, 'a', 'Dockerfile'), APT);
    fs.writeFileSync(path.join(folder, 'b', 'Dockerfile'), APT);
    // As root no folder is read-only, so the CLI runs as `nobody`, who owns the files but may not write in b/.
    const user = isRoot ? { uid: NOBODY, gid: NOBODY } : {};
    if (isRoot) for (const p of [folder, path.join(folder, 'a'), path.join(folder, 'b'), path.join(folder, 'a', 'Dockerfile'), path.join(folder, 'b', 'Dockerfile')]) fs.chownSync(p, NOBODY, NOBODY);
    fs.chmodSync(path.join(folder, 'b'), 0o555);
    try {
      const { code, stderr, stdout } = dockml(['fix', 'a', 'b'], folder, user);
      assert.equal(code, 2);
      assert.equal(stderr, 'dockml: cannot write b/Dockerfile: EACCES; stopped (already fixed: a/Dockerfile)\n');
      assert.equal(stdout, '');
      assert.equal(fs.readFileSync(path.join(folder, 'a', 'Dockerfile'), 'utf8'), FIXED_APT);
      assert.equal(fs.readFileSync(path.join(folder, 'b', 'Dockerfile'), 'utf8'), APT);
      assert.deepEqual(fs.readdirSync(path.join(folder, 'a')), ['Dockerfile']);
      assert.deepEqual(fs.readdirSync(path.join(folder, 'b')), ['Dockerfile']);
    } finally {
      fs.chmodSync(path.join(folder, 'b'), 0o755);
    }
  });

  describe('a write that fails on a real file system', () => {
    // A small tmpfs, filled to the last block, gives a real ENOSPC; remounted read-only, a real EROFS.
    const mounted: string[] = [];
    const canMount = (() => {
      if (!isRoot) return false;
      const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-mount-'));
      const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
      if (ok) spawnSync('umount', [probe]);
      fs.rmdirSync(probe);
      return ok;
    })();
    const skip = !canMount && 'needs root and permission to mount a tmpfs';
    after(() => {
      for (const folder of mounted) spawnSync('umount', [folder]);
    });

    /** A project whose `a/` is on the ordinary disk and whose `b/` is a 64 KB tmpfs holding `files`. */
    function smallDisk(name: string, files: Record<string, string>): string {
      const folder = project(name);
      fs.mkdirSync(path.join(folder, 'a'));
      fs.mkdirSync(path.join(folder, 'b'));
      assert.equal(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', path.join(folder, 'b')]).status, 0);
      mounted.push(path.join(folder, 'b'));
      fs.writeFileSync(path.join(folder, 'a', 'Dockerfile'), APT);
      for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, 'b', file), text);
      return folder;
    }

    /** Fills the file system of `folder` to its last block. */
    function fill(folder: string): void {
      const fd = fs.openSync(path.join(folder, 'filler'), 'w');
      const block = Buffer.alloc(1024);
      try {
        for (;;) fs.writeSync(fd, block);
      } catch (error) {
        assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
      } finally {
        fs.closeSync(fd);
      }
    }

    it('a full disk half-way through: the temporary file is removed, the fixed files are named, exit 2', { skip }, () => {
      const folder = smallDisk('enospc', { Dockerfile: APT });
      fill(path.join(folder, 'b'));
      const { code, stderr, stdout } = dockml(['fix', 'a', 'b'], folder);
      assert.equal(stderr, 'dockml: cannot write b/Dockerfile: ENOSPC; stopped (already fixed: a/Dockerfile)\n');
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(fs.readFileSync(path.join(folder, 'a', 'Dockerfile'), 'utf8'), FIXED_APT);
      assert.equal(fs.readFileSync(path.join(folder, 'b', 'Dockerfile'), 'utf8'), APT);
      assert.deepEqual(fs.readdirSync(path.join(folder, 'b')).sort(), ['Dockerfile', 'filler'], 'no temporary file is left');
    });

    it('a full disk while rewriting a hard-linked file in place leaves it as it was, not half-written', { skip }, () => {
      // 4,096 bytes fill the file's one block exactly; the fixed text needs a second block, which the disk lacks.
      const text = `# ${'x'.repeat(4096 - APT.length - 3)}\n${APT}`;
      assert.equal(text.length, 4096);
      const folder = smallDisk('enospc-in-place', { Dockerfile: text });
      fs.linkSync(path.join(folder, 'b', 'Dockerfile'), path.join(folder, 'b', 'Dockerfile.link'));
      fill(path.join(folder, 'b'));
      const { code, stderr } = dockml(['fix', 'b/Dockerfile'], folder);
      assert.equal(stderr, 'dockml: cannot write b/Dockerfile: ENOSPC; stopped (no file was changed)\n');
      assert.equal(code, 2);
      assert.equal(fs.readFileSync(path.join(folder, 'b', 'Dockerfile'), 'utf8'), text);
      assert.equal(fs.statSync(path.join(folder, 'b', 'Dockerfile')).nlink, 2);
    });

    it('a read-only file system: nothing is left behind, the fixed files are named, exit 2', { skip }, () => {
      const folder = smallDisk('erofs', { Dockerfile: APT });
      assert.equal(spawnSync('mount', ['-o', 'remount,ro', path.join(folder, 'b')]).status, 0);
      const { code, stderr } = dockml(['fix', 'a', 'b'], folder);
      assert.equal(stderr, 'dockml: cannot write b/Dockerfile: EROFS; stopped (already fixed: a/Dockerfile)\n');
      assert.equal(code, 2);
      assert.equal(fs.readFileSync(path.join(folder, 'a', 'Dockerfile'), 'utf8'), FIXED_APT);
      assert.deepEqual(fs.readdirSync(path.join(folder, 'b')), ['Dockerfile']);
    });
  });

  it('keeps a line appended while fix runs, and says it left the file alone', async () => {
    const folder = project('concurrent');
    const file = path.join(folder, 'Dockerfile');
    // The appended line has a finding: fixed, it shows that fix read it; unfixed, that it came after the read.
    const appended = 'RUN pip install appended\n';
    let attempts = 0;
    for (const delay of [250, 500, 1000, 1500, 3000, 6000, 12000]) {
      attempts++;
      fs.writeFileSync(file, bigDockerfile(20_000));
      const child = spawn(process.execPath, [CLI, 'fix', 'Dockerfile'], { cwd: folder });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.stdout.resume();
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await new Promise((resolve) => setTimeout(resolve, delay));
      const running = child.exitCode === null;
      fs.appendFileSync(file, appended);
      const code = await exited;
      const text = fs.readFileSync(file, 'utf8');
      assert.deepEqual(fs.readdirSync(folder), ['Dockerfile'], 'no temporary file left');
      // Appended too late (fix had written the file, whether or not it had exited yet) or too early (fix read it).
      if (!running || /^RUN pip install --no-cache-dir pkg0$/m.test(text) || text.includes('RUN pip install --no-cache-dir appended')) continue;
      assert.ok(text.endsWith(appended), 'the appended line survives');
      assert.match(text, /^RUN pip install pkg0$/m, 'and the file is left as it is now');
      assert.equal(stderr, 'dockml: Dockerfile changed while it was being fixed; left it as it is now\n');
      assert.equal(code, 2);
      return;
    }
    assert.fail(`none of ${attempts} attempts appended the line while fix ran`);
  });

  it('fixes a 20,000-line Dockerfile in a small multiple of the time linting it takes', () => {
    const folder = project('big');
    fs.writeFileSync(path.join(folder, 'Dockerfile'), bigDockerfile(20_000));
    const lint = dockml(['lint', 'Dockerfile'], folder);
    assert.match(lint.stdout, /^Dockerfile:2:5: warning pip-no-cache-dir: /m);
    const fix = dockml(['fix', 'Dockerfile'], folder, { timeout: 300_000 });
    assert.equal(fix.code, 0);
    assert.match(fix.stdout, /^Fixed \d{5} problems\./);
    assert.doesNotMatch(fix.stdout, /pip-no-cache-dir/);
    assert.ok(fix.ms < 10 * lint.ms, `fix took ${fix.ms} ms, lint ${lint.ms} ms`);
  });

  it('refuses a FIFO and a device promptly with exit 2', () => {
    const folder = project('special');
    const fifo = path.join(folder, 'Dockerfile');
    spawnSync('mkfifo', [fifo]);
    for (const target of [fifo, '/dev/zero']) {
      const { code, stderr, stdout, signal } = dockml(['lint', target], folder, { timeout: 20_000 });
      assert.equal(signal, null, `${target} returns`);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr, `dockml: ${target} is not a regular file (a FIFO, socket or device); not read\n`);
    }
    fs.symlinkSync('/dev/zero', path.join(folder, 'zero.Dockerfile'));
    assert.equal(dockml(['lint', 'zero.Dockerfile'], folder, { timeout: 20_000 }).stderr, 'dockml: zero.Dockerfile is not a regular file (a FIFO, socket or device); not read\n');
    // A sparse file: reading stops at the cap instead of loading 17 MB of NUL bytes.
    fs.writeFileSync(path.join(folder, 'huge.Dockerfile'), '');
    fs.truncateSync(path.join(folder, 'huge.Dockerfile'), 17 * 1024 * 1024);
    const huge = dockml(['lint', 'huge.Dockerfile'], folder, { timeout: 20_000 });
    assert.equal(huge.code, 2);
    assert.equal(huge.stderr, 'dockml: huge.Dockerfile is larger than 16 MB; not a Dockerfile?\n');
  });

  it('says that UTF-16 and invalid UTF-8 are not UTF-8, and reads a UTF-8 byte order mark', () => {
    const folder = project('encodings');
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(APT, 'utf16le')]);
    const utf16be = Buffer.from([0xfe, 0xff, ...Buffer.from(APT, 'utf16le').swap16()]);
    const cases: [string, Buffer, RegExp][] = [
      ['le.Dockerfile', utf16le, /UTF-16 byte order mark/],
      ['be.Dockerfile', utf16be, /UTF-16 byte order mark/],
      ['nomark.Dockerfile', Buffer.from(APT, 'utf16le'), /NUL bytes/],
      ['latin1.Dockerfile', Buffer.from('FROM debian\nLABEL author="Ren\xe9"\n', 'latin1'), /invalid UTF-8/],
    ];
    for (const [name, bytes, reason] of cases) {
      fs.writeFileSync(path.join(folder, name), bytes);
      for (const command of ['lint', 'fix']) {
        const { code, stderr, stdout } = dockml([command, name], folder);
        assert.equal(code, 2, `${command} ${name}`);
        assert.equal(stdout, '');
        assert.match(stderr, new RegExp(`^dockml: ${name} is not UTF-8 text \\(.*${reason.source}.*\\); convert it to UTF-8 first\\n$`));
      }
      assert.deepEqual(fs.readFileSync(path.join(folder, name)), bytes, 'fix left it alone');
    }
    fs.writeFileSync(path.join(folder, 'bom.Dockerfile'), '\ufeff' + APT);
    assert.equal(dockml(['fix', 'bom.Dockerfile'], folder).code, 0);
    assert.equal(fs.readFileSync(path.join(folder, 'bom.Dockerfile'), 'utf8'), '\ufeff' + FIXED_APT, 'the mark is kept');
  });

  it('escapes control characters in file names', () => {
    const folder = project('names');
    const name = 'evil\x1b[31m\nforged:1:1: error fake-rule: gotcha\n.Dockerfile';
    fs.writeFileSync(path.join(folder, name), APT.replace('&& rm -rf /var/lib/apt/lists/*', ''));
    const { stdout } = dockml(['lint', '.'], folder);
    assert.doesNotMatch(stdout, /\x1b/);
    assert.doesNotMatch(stdout, /^forged/m);
    assert.match(stdout, /^evil\\x1b\[31m\\nforged:1:1: error fake-rule: gotcha\\n\.Dockerfile:2:/m);
    const missing = dockml(['lint', 'gone\x1b[2J\n.Dockerfile'], folder);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'dockml: no such file or directory: gone\\x1b[2J\\n.Dockerfile\n');
  });

  it('reports what is true once every file is fixed, when a fix to the Compose file changes the Dockerfile findings', () => {
    const folder = project('across');
    fs.writeFileSync(path.join(folder, 'Dockerfile'), 'FROM python:3.11-slim AS base\nRUN echo base\n\nFROM base AS extra\nRUN echo extra\n\nFROM base\nUSER 1000\nCMD ["python", "serve.py"]\n');
    fs.writeFileSync(path.join(folder, 'compose.yaml'), 'services:\n  api:\n    build:\n      context: .\n      target: extr\n');
    assert.match(dockml(['lint', 'Dockerfile', 'compose.yaml'], folder).stdout, /unused-stage/);
    // The Dockerfile is fixed first; the Compose fix then makes its stage `extra` a target, so no longer unused.
    const { stdout, code } = dockml(['fix', '--unsafe', 'Dockerfile', 'compose.yaml'], folder);
    assert.match(fs.readFileSync(path.join(folder, 'compose.yaml'), 'utf8'), /target: extra/);
    assert.doesNotMatch(stdout, /unused-stage/);
    assert.equal(code, 0);
  });

  it('reports a configuration file it cannot read with exit 2', () => {
    for (const [name, make] of [
      ['folder', (p: string) => fs.mkdirSync(p)],
      ['too-big', (p: string) => fs.writeFileSync(p, `# ${'x'.repeat(3 * 1024 * 1024)}\n`)],
      ['fifo', (p: string) => spawnSync('mkfifo', [p])],
    ] as const) {
      const folder = project(`config-${name}`);
      fs.writeFileSync(path.join(folder, 'Dockerfile'), APT);
      make(path.join(folder, '.dockml.yaml'));
      const { code, stderr, stdout } = dockml(['lint', 'Dockerfile'], folder, { timeout: 20_000 });
      assert.equal(code, 2, name);
      assert.equal(stdout, '');
      assert.match(stderr, /^dockml: .*\.dockml\.yaml: cannot be read \(.*\)\n$/, name);
    }
  });
});
