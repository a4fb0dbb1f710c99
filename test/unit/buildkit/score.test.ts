// Scores DockML on BuildKit's own build-check cases (cases.ts): the share of BuildKit's warnings DockML reports under
// the same check name on the same line, and the findings of BuildKit-aliased rules that BuildKit does not expect.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/src/analysis/diagnostics';
import { DockerfileModel } from '../../../server/src/dockerfile/model';
import { rules } from '../../../server/src/rules';
import { MemoryHost } from '../memoryHost';
import { cases } from './cases';

const aliasOf = new Map(rules.flatMap((r) => (r.aliases?.buildkit ?? []).map((name) => [r.id, name] as const)));

test('DockML reports at least 90% of BuildKit\'s build-check warnings, with at most two false alarms', () => {
  let expected = 0;
  let found = 0;
  const missed: string[] = [];
  const falseAlarms: string[] = [];
  for (const c of cases) {
    const files = new MemoryHost(c.dockerignore === undefined ? {} : { '/project/.dockerignore': c.dockerignore });
    const model = new DockerfileModel(c.dockerfile);
    const { findings, failures } = analyze({ kind: 'dockerfile', text: c.dockerfile, path: '/project/Dockerfile', files, model, severity: (r) => r.severity });
    assert.deepEqual(failures, [], c.name);
    // A finding stands for the lines of the instruction it is on, as BuildKit reports an instruction's line.
    const reported = findings
      .filter((f) => aliasOf.has(f.rule))
      .map((f) => {
        const instr = model.instructionAt(f.range.start.line);
        return { check: aliasOf.get(f.rule)!, from: (instr?.range.start.line ?? f.range.start.line) + 1, to: (instr?.range.end.line ?? f.range.end.line) + 1, used: false };
      });
    for (const [check, line] of c.expected) {
      expected++;
      const match = reported.find((r) => !r.used && r.check === check && r.from <= line && line <= r.to);
      if (match) {
        match.used = true;
        found++;
      } else missed.push(`${c.name}: ${check} on line ${line}`);
    }
    for (const r of reported) if (!r.used) falseAlarms.push(`${c.name}: ${r.check} on line ${r.from}`);
  }
  const score = found / expected;
  console.log(`BuildKit cases: ${found}/${expected} (${(score * 100).toFixed(1)}%), ${falseAlarms.length} false alarm(s)`);
  for (const m of missed) console.log(`  missed: ${m}`);
  for (const f of falseAlarms) console.log(`  false alarm: ${f}`);
  assert.ok(expected >= 60, 'the case table lost its cases');
  assert.ok(score >= 0.9, `only ${found} of ${expected} BuildKit warnings found:\n${missed.join('\n')}`);
  assert.ok(falseAlarms.length <= 2, `false alarms:\n${falseAlarms.join('\n')}`);
});
