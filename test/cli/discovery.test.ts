// What the built CLI lints: every Dockerfile and Compose file a directory holds, files named explicitly by their
// content when the name does not say, clear refusals for what is neither, and the build context in its messages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const DOCKERFILE = 'FROM python:3.12-slim\nUSER 10001\nCMD ["python", "serve.py"]\n';
const UNPINNED = 'services:\n  cache:\n    image: redis\n';

function dockml(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dockml discovery', () => {
  let dir: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  before(() => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-discovery-'));
    write('scan/Dockerfile-cuda', DOCKERFILE);
    write('scan/Dockerfile_base', DOCKERFILE);
    write('scan/Dockerfile.md', '# How we build\n');
    write('scan/docker-compose-gpu.yml', UNPINNED);
    write('scan/deploy/nims.yaml', UNPINNED);
    write('scan/mkdocs.yml', 'site_name: docs\nnav:\n  - index.md\n');
    write('scan/.github/workflows/compose-test.yml', 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    services:\n      r:\n        image: redis\n');
    write('nims.yaml', UNPINNED);
    write('values.yaml', 'replicaCount: 2\nimage:\n  repository: api\n');
    write('no-from/Dockerfile', 'WORKDIR /app\nCOPY . .\n');
    write('notes.txt', 'remember to build the image\n');
    write('ctx/.git/HEAD', 'ref: refs/heads/main\n');
    write('ctx/compose.yaml', 'services:\n  api:\n    image: api:1.0.0\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n');
    write('ctx/docker/Dockerfile', 'FROM python:3.12-slim\nUSER 10001\nCOPY . /app\nCMD ["python", "/app/serve.py"]\n');
    write('ctx/docker/.dockerignore', '.git\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lints every Dockerfile and Compose file of a directory, and nothing else', () => {
    const { code, stdout } = dockml(['lint', '--format', 'json', 'scan'], dir);
    assert.equal(code, 0);
    const files = [...new Set(JSON.parse(stdout).map((p: { file: string }) => p.file))].sort();
    assert.deepEqual(files, ['scan/deploy/nims.yaml', 'scan/docker-compose-gpu.yml']);
    assert.match(dockml(['lint', 'scan'], dir).stdout, / in 4 files; /, 'both Dockerfiles are linted too, and have no problems');
  });

  it('lints a Compose file named explicitly under any name as Compose', () => {
    const { code, stdout } = dockml(['lint', 'nims.yaml'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /^nims\.yaml:3:12: warning unpinned-image: /m);
  });

  it('refuses YAML that is not Compose, and text that is neither, with exit 2 and a reason', () => {
    const yaml = dockml(['lint', 'values.yaml'], dir);
    assert.equal(yaml.code, 2);
    assert.equal(yaml.stdout, '');
    assert.equal(yaml.stderr, 'dockml: values.yaml is YAML but not a Compose file (no top-level `services:` with `image` or `build`)\n');
    const text = dockml(['lint', 'notes.txt'], dir);
    assert.equal(text.code, 2);
    assert.match(text.stderr, /^dockml: notes\.txt is neither a Dockerfile \(no FROM instruction before the first other instruction\) nor a Compose file\n$/);
  });

  it('reports a Dockerfile without FROM as an error, not "No problems"', () => {
    const { code, stdout } = dockml(['lint', 'no-from/Dockerfile'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /^no-from\/Dockerfile:1:1: error missing-from: This Dockerfile has no `FROM` instruction/m);
  });

  it('says which build context it assumed: the Compose build.context that builds the Dockerfile', () => {
    for (const target of ['ctx', 'ctx/docker/Dockerfile']) {
      const { stdout } = dockml(['lint', target], dir);
      assert.match(stdout, /^ctx\/docker\/Dockerfile:3:6: warning missing-dockerignore: `COPY \.` sends the whole build context `\.\.` \(from service `api` in compose\.yaml\)/m, target);
    }
    // Linting only the Dockerfile's folder bounds the search: no Compose file builds it there.
    assert.doesNotMatch(dockml(['lint', 'ctx/docker'], dir).stdout, /missing-dockerignore/);
  });
});
