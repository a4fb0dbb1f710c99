// The code-action layer on its own, with fixes made up for the purpose: fix-all takes a preferred fix only
// when it is safe and creates no file, whatever rule it comes from; quick fixes say which fixes are unsafe.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixAllAction, quickFixes, SOURCE } from '../../server/src/editor/codeActions';
import type { Finding } from '../../server/src/analysis/diagnostics';
import type { Fix } from '../../server/src/rules/types';

const target = { uri: 'file:///project/Dockerfile', version: 3, documentChanges: false };
const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });

function finding(line: number, fix: Fix): Finding {
  return { rule: `rule-${line}`, messageId: 'm', severity: 'warning', message: 'm', range: at(line), fixes: [fix] };
}

describe('code actions', () => {
  it('fix-all leaves out unsafe fixes and safe fixes that create a file', () => {
    const findings = [
      finding(0, { title: 'safe', preferred: true, safe: true, edits: [{ range: at(0), newText: 'safe\n' }] }),
      finding(1, { title: 'unsafe', preferred: true, safe: false, edits: [{ range: at(1), newText: 'unsafe\n' }] }),
      finding(3, { title: 'creates', preferred: true, safe: true, edits: [{ file: '/project/.dockerignore', create: true, range: at(0), newText: 'x\n' }] }),
    ];
    assert.deepEqual(fixAllAction(target, findings)?.edit, { changes: { [target.uri]: [{ range: at(0), newText: 'safe\n' }] } });
    assert.equal(fixAllAction(target, findings.slice(1)), undefined, 'no action when nothing may be fixed in bulk');
  });

  it('quick fixes label unsafe fixes, prefer only safe ones, and give none for a diagnostic of another version', () => {
    const fixes: Fix[] = [
      { title: 'Switch the base image', preferred: true, safe: false, edits: [{ range: at(0), newText: 'x' }] },
      { title: 'Add a flag', preferred: true, safe: true, edits: [{ range: at(0), newText: 'y' }] },
    ];
    const diagnostic = (version: number) => ({ range: at(0), message: 'm', source: SOURCE, data: { version, fixes } });
    const actions = quickFixes(target, [diagnostic(3)]);
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Switch the base image (unsafe)', false], ['Add a flag', true]]);
    assert.deepEqual(quickFixes(target, [diagnostic(2)]), []);
  });
});
