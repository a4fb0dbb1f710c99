// `dockml context` as a user runs it (dist/cli.js): the context a Dockerfile is built from and what it sends, in
// text and JSON; `lint` and `fix --unsafe` with the large-build-context rule; one-line errors for bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function dockml(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dockml context', () => {
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-cli-context-'));
    fs.mkdirSync(path.join(dir, 'checkpoints'));
    fs.mkdirSync(path.join(dir, 'src'));
    // Sparse: 150 MB to stat and to the engine, nothing on this disk.
    fs.closeSync(fs.openSync(path.join(dir, 'checkpoints', 'last.ckpt'), 'w'));
    fs.truncateSync(path.join(dir, 'checkpoints', 'last.ckpt'), 150_000_000);
    fs.writeFileSync(path.join(dir, 'src', 'train.py'), 'print(1)\n');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.12-slim\nCOPY . /app\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the context of ./Dockerfile with its largest entries', () => {
    const { code, stdout, stderr } = dockml(['context'], dir);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines[0], `build context . (the Dockerfile's folder): ${fs.realpathSync(dir)}`);
    assert.match(lines[1], /^Sends 150 MB in 3 files with no \.dockerignore\.$/);
    assert.equal(lines[2], 'Largest entries:');
    assert.match(lines[3], /^ {2}checkpoints\/ {2}150 MB \(100%, 1 file\)$/);
  });

  it('prints JSON with the exact bytes and the entries asked for', () => {
    const { code, stdout } = dockml(['context', '--format', 'json', '--top', '1', 'Dockerfile'], dir);
    assert.equal(code, 0);
    const json = JSON.parse(stdout);
    assert.equal(json.origin, 'folder');
    assert.equal(json.ignoreFile, null);
    assert.equal(json.complete, true);
    assert.equal(json.files, 3);
    assert.equal(json.bytes, 150_000_000 + 9 + fs.statSync(path.join(dir, 'Dockerfile')).size);
    assert.deepEqual(json.entries, [{ name: 'checkpoints/', bytes: 150_000_000, files: 1 }]);
  });

  it('lints the large context, and fix --unsafe leaves the checkpoints out', () => {
    const lint = dockml(['lint', '--fail-on', 'never', 'Dockerfile'], dir);
    assert.match(lint.stdout, /Dockerfile:2:6: info large-build-context: `COPY \.` sends 150 MB in 3 files of the build context `\.` \(the Dockerfile's folder\) to the engine; the largest: `checkpoints\/` 150 MB/);
    const fix = dockml(['fix', '--unsafe', '--fail-on', 'never', 'Dockerfile'], dir);
    assert.equal(fix.code, 0, fix.stderr);
    assert.match(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), /^checkpoints\/$/m);
    assert.doesNotMatch(fix.stdout, /large-build-context/, 'measured again after the fix wrote the .dockerignore');
    assert.match(dockml(['context', 'Dockerfile'], dir).stdout, /^Sends .* in \d+ files after \.dockerignore\.$/m);
    fs.rmSync(path.join(dir, '.dockerignore'));
  });

  it('says in one line what is wrong with bad input', () => {
    const missing = dockml(['context', 'nope/Dockerfile'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^dockml: .*nope\/Dockerfile.*\nRun 'dockml context --help' for usage\.\n$/);
    const here = dockml(['context'], os.tmpdir());
    assert.equal(here.code, 2);
    assert.match(here.stderr, /^dockml: no Dockerfile here .*; name one: dockml context path\/to\/Dockerfile\n/);
    assert.match(dockml(['context', '--top', 'x'], dir).stderr, /^dockml: --top must be a whole number, not "x"\n/);
    assert.match(dockml(['context', '--format', 'sarif'], dir).stderr, /^dockml: --format must be text or json, not "sarif"\n/);
    assert.match(dockml(['context', 'a', 'b'], dir).stderr, /^dockml: context takes one Dockerfile\n/);
    assert.match(dockml(['context', '--help'], dir).stdout, /^Usage: dockml context/);
  });
});
