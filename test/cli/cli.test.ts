// The built CLI (dist/cli.js) as CI runs it: every flag, format and exit code, `fix` in place, and
// clear one-line errors for bad usage and unreadable input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DockerfileModel } from '../../server/src/dockerfile/model';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const APT = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n';

function dockml(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dockml CLI', () => {
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-cli-'));
    fs.mkdirSync(path.join(dir, 'api'));
    fs.mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'api', 'Dockerfile'), APT);
    fs.writeFileSync(path.join(dir, 'node_modules', 'pkg', 'Dockerfile'), APT);
    fs.writeFileSync(path.join(dir, 'api', 'README.md'), 'not a Dockerfile');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lints a directory as text with file:line:col, skipping node_modules', () => {
    const { code, stdout } = dockml(['lint', '.'], dir);
    assert.match(stdout, /^api\/Dockerfile:2:23: warning apt-no-install-recommends: /m);
    assert.doesNotMatch(stdout, /node_modules/);
    assert.match(stdout, /problems? \(/);
    assert.equal(code, 0, 'warnings are below the default --fail-on error');
  });

  it('prints the documented JSON shape with 0-based ranges and fixes', () => {
    const { code, stdout } = dockml(['lint', '--format', 'json', 'api/Dockerfile'], dir);
    assert.equal(code, 0);
    const problems = JSON.parse(stdout);
    const p = problems.find((x: { rule: string }) => x.rule === 'apt-no-install-recommends');
    assert.deepEqual(Object.keys(p).sort(), ['file', 'fixes', 'message', 'range', 'rule', 'severity']);
    assert.equal(p.file, 'api/Dockerfile');
    assert.equal(p.severity, 'warning');
    assert.deepEqual(p.range, { start: { line: 1, character: 22 }, end: { line: 1, character: 37 } });
    assert.equal(p.fixes[0].title, 'Add --no-install-recommends');
    // Every fix says whether it is the preferred one and whether it is safe; this one changes the installed packages.
    assert.deepEqual(p.fixes.map((f: { preferred: boolean; safe: boolean }) => [f.preferred, f.safe]), [[true, false], [false, true]]);
    assert.deepEqual(p.fixes[0].edits[0], { file: 'api/Dockerfile', range: { start: { line: 1, character: 37 }, end: { line: 1, character: 37 } }, newText: ' --no-install-recommends' });
  });

  it('prints SARIF 2.1.0 with rules, levels and 1-based regions', () => {
    const { stdout } = dockml(['lint', '--format=sarif', 'api'], dir);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'DockML');
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'apt-no-install-recommends');
    assert.equal(result.level, 'warning');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'apt-no-install-recommends');
    assert.match(run.tool.driver.rules[result.ruleIndex].help.markdown, /^# apt-no-install-recommends/);
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 2, startColumn: 23, endLine: 2, endColumn: 38 });
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'api/Dockerfile');
    assert.deepEqual(result.properties, { fix: 'unsafe' });
  });

  it('exits 1 at or above --fail-on and 0 below it', () => {
    assert.equal(dockml(['lint', '--fail-on', 'warning', 'api'], dir).code, 1);
    assert.equal(dockml(['lint', '--fail-on', 'info', 'api'], dir).code, 1);
    assert.equal(dockml(['lint', '--fail-on', 'error', 'api'], dir).code, 0);
    assert.equal(dockml(['lint', '--fail-on', 'never', 'api'], dir).code, 0);
  });

  it('honours .dockml.yaml severities and rejects a broken one with exit 2', () => {
    const project = fs.mkdtempSync(path.join(dir, 'cfg-'));
    fs.writeFileSync(path.join(project, 'Dockerfile'), APT);
    fs.writeFileSync(path.join(project, '.dockml.yaml'), 'rules:\n  apt-no-install-recommends: error\n');
    assert.equal(dockml(['lint', project], dir).code, 1);
    fs.writeFileSync(path.join(project, '.dockml.yaml'), 'rules:\n  apt-no-install-recommends: off\n');
    assert.doesNotMatch(dockml(['lint', project], dir).stdout, /apt-no-install-recommends/);
    fs.writeFileSync(path.join(project, '.dockml.yaml'), 'rules:\n  apt-no-install-recomends: off\n');
    const bad = dockml(['lint', project], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^dockml: .*unknown rule "apt-no-install-recomends"\n/);
  });

  it('exits 2 with one line on bad usage and unreadable input', () => {
    for (const args of [[], ['lint'], ['frobnicate', '.'], ['lint', '--format', 'xml', '.'], ['lint', '--fail-on'], ['lint', '--bogus', '.'], ['lint', 'missing/Dockerfile'], ['lint', '--unsafe', '.'], ['fix', '--unsafe=yes', '.']]) {
      const { code, stderr, stdout } = dockml(args, dir);
      assert.equal(code, 2, `dockml ${args.join(' ')}`);
      assert.match(stderr.split('\n')[0], /^dockml: \S/);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
      assert.equal(stdout, '');
    }
    const unreadable = path.join(dir, 'locked');
    fs.mkdirSync(unreadable);
    fs.writeFileSync(path.join(unreadable, 'Dockerfile'), APT);
    fs.chmodSync(path.join(unreadable, 'Dockerfile'), 0o000);
    const readable = (() => {
      try {
        fs.readFileSync(path.join(unreadable, 'Dockerfile'));
        return true;
      } catch {
        return false;
      }
    })();
    // As root the file stays readable; elsewhere it must be a clean exit 2.
    if (!readable) assert.equal(dockml(['lint', unreadable], dir).code, 2);
    fs.chmodSync(path.join(unreadable, 'Dockerfile'), 0o644);
  });

  it('prints help and version', () => {
    assert.match(dockml(['--help'], dir).stdout, /Usage: dockml/);
    assert.match(dockml(['--version'], dir).stdout, /^\d+\.\d+\.\d+/);
  });

  it('fix applies safe preferred fixes in place, --unsafe the others too; the file still parses', () => {
    const project = fs.mkdtempSync(path.join(dir, 'fix-'));
    const file = path.join(project, 'Dockerfile');
    const compose = path.join(project, 'compose.yaml');
    fs.writeFileSync(file, APT + 'RUN apt-get install -y git && rm -rf /var/lib/apt/lists/*\n# Python packages\nRUN pip install numpy\nCOPY . /app/\n');
    fs.writeFileSync(path.join(project, 'serve.py'), 'print("ready")\n');
    fs.writeFileSync(compose, 'version: "3.8"\nservices:\n  db:\n    image: postgres:16.3\n    environment:\n      POSTGRES_PASSWORD: hunter2\n');
    const summary = dockml(['lint', project], dir).stdout;
    // --no-cache-dir and removing `version:` are safe; --no-install-recommends (twice), the password, the user and the .dockerignore are not.
    assert.match(summary, /; 2 fixable with `dockml fix`, 5 more with `dockml fix --unsafe`\.$/m);

    const { code, stdout } = dockml(['fix', project], dir);
    assert.equal(code, 0);
    assert.match(stdout, /^Fixed 2 problems\./);
    let text = fs.readFileSync(file, 'utf8');
    assert.match(text, /pip install --no-cache-dir numpy/);
    assert.doesNotMatch(text, /--no-install-recommends|USER/, 'unsafe fixes are left alone');
    assert.equal(fs.readFileSync(compose, 'utf8'), 'services:\n  db:\n    image: postgres:16.3\n    environment:\n      POSTGRES_PASSWORD: hunter2\n');
    assert.ok(!fs.existsSync(path.join(project, '.dockerignore')), 'dockml fix creates no file');

    assert.equal(dockml(['fix', '--unsafe', project], dir).code, 0);
    text = fs.readFileSync(file, 'utf8');
    assert.equal((text.match(/--no-install-recommends/g) ?? []).length, 2);
    assert.ok(new DockerfileModel(text).stages.length === 1, 'still parses');
    assert.ok(fs.existsSync(path.join(project, '.dockerignore')), '--unsafe creates the missing .dockerignore');
    const afterFix = JSON.parse(dockml(['lint', '--format', 'json', project], dir).stdout);
    assert.equal(afterFix.filter((p: { rule: string }) => p.rule === 'apt-no-install-recommends').length, 0);
    assert.deepEqual(fs.readdirSync(project).filter((f) => f.includes('.tmp')), [], 'no temporary files left');
  });
});
