// The engine's answer to a rule that throws (an `internal-error` finding, so that no output calls the file clean)
// and its choice of fixes for `fix` and fix-all (every non-overlapping preferred fix, in time linear in their number).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, Finding, INTERNAL_ERROR, preferredEdits } from '../../server/src/analysis/diagnostics';
import { rules } from '../../server/src/rules';
import type { DockerfileRule, FileEdit } from '../../server/src/rules/types';
import { MemoryHost } from './memoryHost';

const throwing: DockerfileRule = {
  id: 'always-throws',
  kind: 'dockerfile',
  severity: 'info',
  fixable: false,
  docs: { summary: 'Throws.', rationale: 'To test the engine.', bad: 'FROM a', good: 'FROM a' },
  messages: { never: 'Never reported.' },
  check() {
    throw new TypeError("Cannot read properties of undefined (reading 'name')\n    at check (rule.ts:1:1)");
  },
};

describe('a rule that throws', () => {
  const text = 'FROM python:3.11-slim\nRUN pip install torch\n';
  const lint = (severity: 'off' | undefined = undefined) =>
    analyze({ kind: 'dockerfile', text, path: '/p/Dockerfile', files: new MemoryHost(), rules: [throwing, ...rules], severity: (r) => severity ?? r.severity });

  it('is an error finding on line 1 that names the rule, beside the other rules’ findings', () => {
    const { findings, failures } = lint();
    const [internal, ...others] = findings.filter((f) => f.rule === INTERNAL_ERROR);
    assert.deepEqual(others, [], 'one finding for one failure');
    assert.deepEqual(internal, {
      rule: INTERNAL_ERROR,
      messageId: 'ruleFailed',
      severity: 'error',
      message: "Rule always-throws failed on this file (Cannot read properties of undefined (reading 'name')), so the file was not fully checked. This is a bug in DockML; please report it.",
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 21 } },
      fixes: [],
    });
    assert.deepEqual(failures.map((f) => f.rule), ['always-throws']);
    assert.ok(findings.some((f) => f.rule === 'pip-no-cache-dir'), 'the other rules still ran');
  });

  it('is not reported when the rule is off, and no registered rule takes its id', () => {
    assert.deepEqual(lint('off').findings, []);
    assert.ok(rules.every((r) => r.id !== INTERNAL_ERROR));
  });
});

describe('preferredEdits', () => {
  const at = (line: number, start: number, end = start): FileEdit => ({ range: { start: { line, character: start }, end: { line, character: end } }, newText: 'x' });
  const finding = (...edits: FileEdit[]): Finding => ({
    rule: 'r',
    messageId: 'm',
    severity: 'warning',
    message: 'm',
    range: edits[0].range,
    fixes: [{ title: 't', edits, preferred: true, safe: true }],
  });

  it('takes every fix that overlaps none taken before it', () => {
    const a = at(0, 0, 5);
    const b = at(0, 3, 8); // Overlaps a.
    const c = at(0, 5); // Touches a's end: an insertion there is no overlap.
    const d = at(0, 5); // A second insertion at the same point: its order against c would be a guess.
    const e = at(1, 0, 2);
    const f = at(2, 0);
    const g = { ...at(0, 0), file: '/p/.dockerignore', create: true };
    const h = { ...at(0, 0), file: '/p/.dockerignore', create: true }; // The file is created once.
    const all = [finding(a), finding(b), finding(c), finding(d), finding(at(3, 1), e), finding(f, at(1, 1)), finding(g), finding(h)];
    // Creating a file is never done in bulk without `--unsafe`.
    assert.deepEqual(preferredEdits(all), [a, c, at(3, 1), e]);
    assert.deepEqual(preferredEdits(all, { unsafe: true }), [a, c, at(3, 1), e, g]);
  });

  it('costs about linear time in the number of findings', () => {
    // Findings in file order, as the engine sorts them, each fix with two edits on its line.
    const findings = Array.from({ length: 20_000 }, (_, i) => finding(at(i, 0, 4), at(i, 6)));
    const started = performance.now();
    assert.equal(preferredEdits(findings).length, 40_000);
    const ms = performance.now() - started;
    // Comparing every edit with every edit taken took 305 s for half as many findings on a busy machine.
    assert.ok(ms < 5_000, `${Math.round(ms)} ms`);
  });
});
