// What the built CLI takes from where a Dockerfile lies in its repository: a test folder anywhere between the
// repository root (its `.git`) and the file makes a test image, and one above the root, on the user's machine, does not.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const SERVICE = 'FROM python:3.12-slim\nRUN pip install --no-cache-dir fastapi\nEXPOSE 8080\nCMD ["python", "serve.py"]\n';

describe('dockml roles from the repository layout', () => {
  let dir: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  before(() => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-roles-'));
    write('repo/.git/HEAD', 'ref: refs/heads/main\n');
    write('repo/java/serving/src/test/resources/compose/app/Dockerfile', SERVICE);
    write('repo/services/api/docker/Dockerfile', SERVICE);
    write('test/other/.git/HEAD', 'ref: refs/heads/main\n');
    write('test/other/services/api/docker/Dockerfile', SERVICE);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves a fixture deep under src/test alone and still reports services, also below a test folder outside the repository', () => {
    const result = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '--fail-on', 'never', '.'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    const files = (JSON.parse(result.stdout) as { file: string; rule: string }[])
      .filter((p) => p.rule === 'missing-non-root-user')
      .map((p) => path.relative(dir, path.resolve(dir, p.file)).split(path.sep).join('/'))
      .sort();
    assert.deepEqual(files, ['repo/services/api/docker/Dockerfile', 'test/other/services/api/docker/Dockerfile']);
  });
});
