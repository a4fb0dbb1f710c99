// The accuracy benchmark's comparison (scripts/accuracy-compare.ts): how labels are read, how findings are
// matched to them, and the two conditions that fail `npm run accuracy`. Runs without the corpus.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compare, failed, LABELS_HEADER, parseLabels, precision } from '../../scripts/accuracy-compare';

const tsv = (...lines: string[]) => [LABELS_HEADER, ...lines].join('\n') + '\n';
const RULES = [
  { id: 'consecutive-run', kind: 'dockerfile' },
  { id: 'unpinned-image', kind: 'compose' },
];
const FILES = { dockerfile: 4, compose: 2 };

describe('accuracy labels', () => {
  it('reads labels and skips comments and blank lines', () => {
    const parsed = parseLabels(tsv('# consecutive-run', 'a/Dockerfile\t3\tconsecutive-run\tright\tthree RUNs of apt in a row', '', 'a/compose.yaml\t7\tunpinned-image\twrong\tthe tag is interpolated'));
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.labels.map(({ file, line, rule, verdict }) => [file, line, rule, verdict]),
      [
        ['a/Dockerfile', 3, 'consecutive-run', 'right'],
        ['a/compose.yaml', 7, 'unpinned-image', 'wrong'],
      ],
    );
  });

  it('reports each malformed line with its number', () => {
    const parsed = parseLabels(
      tsv('a/Dockerfile\tx\tconsecutive-run\tright\treason', 'a/Dockerfile\t3\tconsecutive-run\tmaybe\treason', 'a/Dockerfile\t3\tconsecutive-run\tright', 'a/Dockerfile\t4\tconsecutive-run\tright\t '),
    );
    assert.equal(parsed.labels.length, 0);
    assert.deepEqual(
      parsed.errors.map((error) => error.split(':')[0]),
      ['line 2', 'line 3', 'line 4', 'line 5'],
    );
  });

  it('requires the header, tolerates a repeated one and identical duplicates, and rejects two verdicts on one finding', () => {
    assert.match(parseLabels('a/Dockerfile\t3\tconsecutive-run\tright\treason\n').errors[0], /line 1: expected the header/);
    const merged = parseLabels(tsv('a/Dockerfile\t3\tconsecutive-run\tright\tone', LABELS_HEADER, 'a/Dockerfile\t3\tconsecutive-run\tright\tthe same, merged twice'));
    assert.deepEqual(merged.errors, []);
    assert.equal(merged.labels.length, 1);
    const conflict = parseLabels(tsv('a/Dockerfile\t3\tconsecutive-run\tright\tone', 'a/Dockerfile\t3\tconsecutive-run\twrong\tother'));
    assert.match(conflict.errors[0], /^line 3: a\/Dockerfile:3 consecutive-run is labelled right on line 2 and wrong here/);
  });
});

describe('accuracy comparison', () => {
  const labels = parseLabels(
    tsv(
      'a/Dockerfile\t3\tconsecutive-run\tright\tapt RUNs in a row',
      'a/Dockerfile\t9\tconsecutive-run\twrong\tcache boundary in a builder',
      'b/Dockerfile\t2\tconsecutive-run\tdebatable\tdev image',
      'a/compose.yaml\t7\tunpinned-image\tright\tlatest',
    ),
  ).labels;

  it('matches by file, rule and line; several findings on one line share the label; counts per rule', () => {
    const result = compare(
      [
        { file: 'a/Dockerfile', line: 3, rule: 'consecutive-run' },
        { file: 'a/Dockerfile', line: 3, rule: 'consecutive-run' },
        { file: 'b/Dockerfile', line: 2, rule: 'consecutive-run' },
        { file: 'b/Dockerfile', line: 5, rule: 'consecutive-run' },
        // Same place, another rule: not the label's finding.
        { file: 'a/Dockerfile', line: 9, rule: 'unpinned-image' },
        { file: 'a/compose.yaml', line: 7, rule: 'unpinned-image' },
      ],
      labels,
      RULES,
      FILES,
    );
    const row = result.rows.find((r) => r.rule === 'consecutive-run')!;
    assert.deepEqual({ ...row }, { rule: 'consecutive-run', inScope: 4, filesFired: 2, findings: 4, reviewed: 3, right: 2, wrong: 0, debatable: 1 });
    assert.equal(precision(row), 1);
    assert.deepEqual(result.unlabelled, [
      { file: 'b/Dockerfile', line: 5, rule: 'consecutive-run' },
      { file: 'a/Dockerfile', line: 9, rule: 'unpinned-image' },
    ]);
    assert.equal(result.rows.find((r) => r.rule === 'unpinned-image')!.inScope, 2);
    assert.deepEqual(
      result.wrongGone.map((label) => label.line),
      [9],
    );
    assert.equal(failed(result), false);
  });

  it('fails when a finding labelled wrong is reported', () => {
    const result = compare(
      [
        { file: 'a/Dockerfile', line: 3, rule: 'consecutive-run' },
        { file: 'a/Dockerfile', line: 9, rule: 'consecutive-run' },
        { file: 'a/compose.yaml', line: 7, rule: 'unpinned-image' },
      ],
      labels,
      RULES,
      FILES,
    );
    assert.deepEqual(
      result.wrongBack.map(({ found }) => found.line),
      [9],
    );
    assert.equal(result.totalWrong, 1);
    assert.equal(precision(result.rows.find((r) => r.rule === 'consecutive-run')!), 0.5);
    assert.equal(failed(result), true);
  });

  it('fails when a finding labelled right is no longer reported, but not when a debatable one goes', () => {
    const result = compare([{ file: 'a/Dockerfile', line: 3, rule: 'consecutive-run' }], labels, RULES, FILES);
    assert.deepEqual(
      result.rightGone.map((label) => `${label.file}:${label.line}`),
      ['a/compose.yaml:7'],
    );
    assert.equal(result.debatableGone.length, 1);
    assert.equal(failed(result), true);
    assert.equal(failed(compare([{ file: 'a/Dockerfile', line: 3, rule: 'consecutive-run' }, { file: 'a/compose.yaml', line: 7, rule: 'unpinned-image' }], labels, RULES, FILES)), false);
  });
});
