// The bundled example project, through the built CLI: exactly the expected problems are reported, and
// `dockml fix` on a copy removes every problem that has a preferred fix while the files still parse.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ComposeModel } from '../../server/src/compose/model';
import { DockerfileModel } from '../../server/src/dockerfile/model';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

interface Problem {
  file: string;
  rule: string;
  range: { start: { line: number } };
  fixes: { title: string }[];
}

function lint(dir: string): Problem[] {
  const result = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout);
}

/** `file:line rule`, with 1-based lines as an editor shows them. */
const key = (p: Problem) => `${p.file}:${p.range.start.line + 1} ${p.rule}`;

const EXPECTED = [
  'compose.yaml:3 obsolete-version',
  'compose.yaml:20 gpu-legacy-runtime',
  'compose.yaml:26 gpu-training-shm-size',
  'compose.yaml:32 gpu-missing-capabilities',
  'compose.yaml:35 dataset-mount-writable',
  'compose.yaml:41 database-port-published',
  'compose.yaml:43 secret-in-environment',
  'compose.yaml:49 unpinned-image',
  'compose.yaml:61 unused-volume',
  'inference-api/Dockerfile:3 missing-non-root-user',
  'inference-api/Dockerfile:3 prefer-slim-base',
  'inference-api/Dockerfile:5 apt-update-alone',
  'inference-api/Dockerfile:6 apt-lists-not-cleaned',
  'inference-api/Dockerfile:6 apt-no-install-recommends',
  'inference-api/Dockerfile:6 consecutive-run',
  'inference-api/Dockerfile:7 copy-all-before-install',
  'inference-api/Dockerfile:7 missing-dockerignore',
  'inference-api/Dockerfile:8 pip-no-cache-dir',
  'inference-api/Dockerfile:9 consecutive-run',
  'inference-api/Dockerfile:9 pip-no-cache-dir',
  'inference-api/Dockerfile:9 torch-cuda-wheel-on-cpu-base',
  'inference-api/Dockerfile:10 missing-healthcheck',
  'inference-api/Dockerfile:11 shell-form-cmd',
  'training/Dockerfile:4 secret-in-env-or-arg',
  'training/Dockerfile:8 cuda-wheel-mismatch',
  'training/Dockerfile:9 consecutive-run',
  'training/Dockerfile:10 model-weights-in-image',
];

describe('the example project', () => {
  it('reports exactly the mistakes it was written with', () => {
    assert.deepEqual(lint(path.join(ROOT, 'examples')).map(key).sort(), [...EXPECTED].sort());
  });

  it('is fixed by `dockml fix --unsafe` (`dockml fix` creates no file): the fixed problems are gone and every file still parses', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-examples-'));
    fs.cpSync(path.join(ROOT, 'examples'), copy, { recursive: true });
    const before = lint(copy);
    const safe = spawnSync(process.execPath, [CLI, 'fix', '--fail-on', 'never', '.'], { cwd: copy, encoding: 'utf8' });
    assert.equal(safe.status, 0, safe.stderr);
    assert.ok(!fs.existsSync(path.join(copy, 'inference-api', '.dockerignore')), '`dockml fix` creates no .dockerignore');
    const result = spawnSync(process.execPath, [CLI, 'fix', '--unsafe', '.'], { cwd: copy, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const after = lint(copy);
    const fixable = before.filter((p) => p.fixes.length > 1);
    assert.ok(fixable.length >= 15, `most example problems have a fix (${fixable.length})`);
    assert.ok(after.length < before.length / 2, `fix leaves ${after.length} of ${before.length}: ${after.map(key).join(', ')}`);
    assert.ok(fs.existsSync(path.join(copy, 'inference-api', '.dockerignore')), 'the missing .dockerignore is created');
    for (const file of ['inference-api/Dockerfile', 'training/Dockerfile']) {
      assert.ok(new DockerfileModel(fs.readFileSync(path.join(copy, file), 'utf8')).stages.length > 0, file);
    }
    assert.deepEqual(new ComposeModel(fs.readFileSync(path.join(copy, 'compose.yaml'), 'utf8')).syntaxErrors, []);
    fs.rmSync(copy, { recursive: true, force: true });
  });
});
