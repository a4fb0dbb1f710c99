// The CLI's worker threads against one thread: on the corpus, in every format, and with a bad configuration
// met half-way, `dockml lint` prints byte for byte the same and exits with the same code however many
// threads lint (DOCKML_THREADS forces the count; by default a run uses threads only for hundreds of files).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS } from './harness';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function lint(args: string[], threads: number) {
  const result = spawnSync(process.execPath, [CLI, 'lint', ...args], { encoding: 'utf8', env: { ...process.env, DOCKML_THREADS: String(threads) }, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI worker threads', { skip: !fs.existsSync(CLI) && 'dist/cli.js is not built' }, () => {
  it('print the same as one thread on the corpus, in every format', { skip: !fs.existsSync(CORPUS) && 'no ../shared/corpus here' }, () => {
    for (const format of ['text', 'json', 'sarif']) {
      const one = lint(['--format', format, '--fail-on', 'warning', CORPUS], 1);
      const three = lint(['--format', format, '--fail-on', 'warning', CORPUS], 3);
      assert.equal(three.code, one.code, `${format}: exit code`);
      assert.equal(three.stderr, one.stderr, `${format}: stderr`);
      assert.ok(three.stdout === one.stdout, `${format}: the same output (${one.stdout.length} characters)`);
    }
  });

  it('stop at the same first error, with no output, when a later file cannot be linted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-threads-'));
    try {
      for (let i = 0; i < 12; i++) {
        fs.mkdirSync(path.join(dir, `s${i}`));
        fs.writeFileSync(path.join(dir, `s${i}`, 'Dockerfile'), 'FROM python:3.11\nRUN apt-get install -y curl\n');
      }
      // A mistake in the configuration of the eighth folder (and of the tenth): the run ends at the first.
      fs.writeFileSync(path.join(dir, 's7', '.dockml.yaml'), 'rules:\n  no-such-rule: off\n');
      fs.writeFileSync(path.join(dir, 's9', '.dockml.yaml'), 'rules:\n  another-unknown: error\n');
      const one = lint([dir], 1);
      const four = lint([dir], 4);
      assert.equal(one.code, 2);
      assert.deepEqual(four, one);
      assert.match(one.stderr, /no-such-rule/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
