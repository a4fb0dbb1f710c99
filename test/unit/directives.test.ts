// The other tools' suppression directives that DockML honours for the rules whose aliases name them: BuildKit's
// `# check=skip=…` and `# check=error=true` parser directives, and hadolint's `# hadolint ignore=` and `global ignore=`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/diagnostics';
import { MemoryHost } from './memoryHost';

function lint(text: string): { rule: string; severity: string; line: number }[] {
  const { findings } = analyze({ kind: 'dockerfile', text, path: '/project/Dockerfile', files: new MemoryHost({}), severity: (r) => r.severity });
  return findings.map((f) => ({ rule: f.rule, severity: f.severity, line: f.range.start.line }));
}

const rulesOf = (text: string) => [...new Set(lint(text).map((f) => f.rule))].sort();

const BODY = 'FROM scratch as Base\ncopy app.py /app/\nMAINTAINER me@example.org\nRUNN echo\n';

describe('BuildKit check directive', () => {
  it('reports the BuildKit checks without a directive', () => {
    assert.deepEqual(rulesOf(BODY), ['consistent-instruction-casing', 'from-as-casing', 'maintainer-deprecated', 'stage-name-casing', 'unknown-instruction']);
  });

  it('skips the checks it names, by their BuildKit names, and nothing else', () => {
    assert.deepEqual(rulesOf('# check=skip=FromAsCasing,StageNameCasing\n' + BODY), ['consistent-instruction-casing', 'maintainer-deprecated', 'unknown-instruction']);
  });

  it('skip=all leaves only the rules BuildKit has no check for', () => {
    assert.deepEqual(rulesOf('#check=skip=all\n' + BODY), ['unknown-instruction']);
  });

  it('error=true makes the BuildKit checks errors, and leaves the other rules as they are', () => {
    const findings = lint('# check=error=true\nFROM python:3.11-slim as app\nRUN apt-get update && apt-get install -y curl\n');
    assert.equal(findings.find((f) => f.rule === 'from-as-casing')?.severity, 'error');
    assert.equal(findings.find((f) => f.rule === 'apt-no-install-recommends')?.severity, 'warning');
  });

  it('is a directive only at the top of the file', () => {
    assert.ok(rulesOf('FROM scratch as base\n# check=skip=all\n').includes('from-as-casing'));
    assert.ok(rulesOf('# a comment first\n# check=skip=all\nFROM scratch as base\n').includes('from-as-casing'));
  });
});

describe('hadolint ignore comments', () => {
  it('suppress a rule by its hadolint code on the next instruction only', () => {
    const text = 'FROM scratch\n# hadolint ignore=DL3000,DL4000\nMAINTAINER a@example.org\nMAINTAINER b@example.org\n';
    assert.deepEqual(lint(text).filter((f) => f.rule === 'maintainer-deprecated').map((f) => f.line), [3]);
  });

  it('a global ignore suppresses the rule in the whole file', () => {
    const text = '# hadolint global ignore=DL4000\nFROM scratch\nMAINTAINER a@example.org\nMAINTAINER b@example.org\n';
    assert.deepEqual(lint(text).filter((f) => f.rule === 'maintainer-deprecated'), []);
  });

  it('a code the rule does not answer to suppresses nothing', () => {
    const text = 'FROM scratch\n# hadolint ignore=DL3008\nMAINTAINER a@example.org\n';
    assert.equal(lint(text).filter((f) => f.rule === 'maintainer-deprecated').length, 1);
  });
});
