// The CLI's answer to a rule that throws, through its real entry (`main`, in-process): a registered rule's check is
// made to throw for the duration of each test, and the run must report an internal-error finding and exit 2 whatever
// --fail-on says, for lint and for fix, in every output format.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { ruleById } from '../../server/src/rules';

const RULE = 'pip-no-cache-dir';
const DOCKERFILE = 'FROM python:3.11-slim\nRUN pip install numpy\nUSER 1000\n';

describe('dockml with a rule that throws', () => {
  let dir: string;
  let file: string;
  const rule = ruleById(RULE)!;
  const check = rule.check;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-internal-'));
    file = path.join(dir, 'Dockerfile');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    fs.writeFileSync(file, DOCKERFILE);
    rule.check = () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
  });
  afterEach(() => {
    rule.check = check;
  });

  const dockml = (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = main([...args, file], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };

  for (const failOn of ['never', 'warning', 'error']) {
    it(`lint --fail-on ${failOn}: an internal-error finding, a line on stderr, and exit 2`, () => {
      const { code, stdout, stderr } = dockml('lint', '--fail-on', failOn);
      assert.match(stdout, /Dockerfile:1:1: error internal-error: Rule pip-no-cache-dir failed on this file \(Maximum call stack size exceeded\), so the file was not fully checked\./);
      assert.match(stderr, /^dockml: internal error: rule pip-no-cache-dir failed on .*Dockerfile: Maximum call stack size exceeded \(please report it\)$/);
      assert.equal(code, 2);
    });
  }

  it('lint --format json and sarif carry the finding, with exit 2', () => {
    const json = dockml('lint', '--fail-on', 'never', '--format', 'json');
    assert.deepEqual(
      JSON.parse(json.stdout).map((p: { rule: string; severity: string }) => [p.rule, p.severity]),
      [['internal-error', 'error']],
    );
    assert.equal(json.code, 2);
    const sarif = dockml('lint', '--fail-on', 'never', '--format', 'sarif');
    assert.deepEqual(JSON.parse(sarif.stdout).runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['internal-error']);
    assert.equal(sarif.code, 2);
  });

  it('fix --fail-on never: the other rules still fix, and the run still exits 2', () => {
    fs.writeFileSync(file, 'FROM python:3.11-slim\nRUN pip install numpy\nRUN pip install torch\nUSER 1000\n');
    const { code, stdout } = dockml('fix', '--fail-on', 'never');
    assert.match(stdout, /^Fixed 1 problem\./);
    assert.match(stdout, /internal-error/);
    assert.equal(code, 2);
    assert.match(fs.readFileSync(file, 'utf8'), /RUN pip install numpy && \\\n/, 'consecutive-run merged the RUNs');
  });
});
