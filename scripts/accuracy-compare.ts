// The comparison behind `npm run accuracy`: parses the labels file, matches today's findings to their labels and
// tallies each rule's fire rate and precision. Pure functions, so that the unit test runs without the corpus.

export const VERDICTS = ['right', 'wrong', 'debatable'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const LABELS_HEADER = 'file\tline\trule\tverdict\treason';

/** One reviewed finding: `file` relative to the corpus root, `line` 1-based (the start of the finding's range). */
export interface Label {
  file: string;
  line: number;
  rule: string;
  verdict: Verdict;
  reason: string;
  /** Where the label is in the labels file, for messages. */
  at: number;
}

/** A finding reduced to what a label names. */
export interface Found {
  file: string;
  line: number;
  rule: string;
}

/** What parsing the labels file gives: the labels, and one message per line that is not a label. */
export interface ParsedLabels {
  labels: Label[];
  errors: string[];
}

/** Parses the TSV labels file: a header line, then `file line rule verdict reason` lines; `#` lines are comments. */
export function parseLabels(text: string): ParsedLabels {
  const labels: Label[] = [];
  const errors: string[] = [];
  const seen = new Map<string, Label>();
  let header = false;
  for (const [index, raw] of text.split('\n').entries()) {
    const at = index + 1;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!header) {
      if (line !== LABELS_HEADER) errors.push(`line ${at}: expected the header "${LABELS_HEADER.replace(/\t/g, '\\t')}"`);
      header = true;
      continue;
    }
    // A parallel merge can repeat the header; it is not a label.
    if (line === LABELS_HEADER) continue;
    const cells = line.split('\t');
    if (cells.length !== 5) {
      errors.push(`line ${at}: expected 5 tab-separated cells, found ${cells.length}`);
      continue;
    }
    const [file, lineText, rule, verdict, reason] = cells;
    const number = Number(lineText);
    if (!file || !Number.isInteger(number) || number < 1) errors.push(`line ${at}: the line "${lineText}" is not a positive whole number`);
    else if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule)) errors.push(`line ${at}: "${rule}" is not a rule id`);
    else if (!VERDICTS.includes(verdict as Verdict)) errors.push(`line ${at}: the verdict "${verdict}" is not one of ${VERDICTS.join(', ')}`);
    else if (reason.trim() === '') errors.push(`line ${at}: the reason is empty`);
    else {
      const label: Label = { file, line: number, rule, verdict: verdict as Verdict, reason, at };
      const key = keyOf(label);
      const earlier = seen.get(key);
      // The same label twice (a union merge) is harmless; two verdicts on one finding are a mistake to settle.
      if (earlier && earlier.verdict !== label.verdict) errors.push(`line ${at}: ${key} is labelled ${earlier.verdict} on line ${earlier.at} and ${label.verdict} here`);
      else if (!earlier) {
        seen.set(key, label);
        labels.push(label);
      }
    }
  }
  if (!header) errors.push(`the labels file has no header "${LABELS_HEADER.replace(/\t/g, '\\t')}"`);
  return { labels, errors };
}

function keyOf(found: Found): string {
  return `${found.file}:${found.line} ${found.rule}`;
}

/** One rule's line of the report. */
export interface RuleRow {
  rule: string;
  /** Files of the rule's kind (Dockerfiles or Compose files) in the corpus. */
  inScope: number;
  /** Files with at least one finding of the rule. */
  filesFired: number;
  findings: number;
  reviewed: number;
  right: number;
  wrong: number;
  debatable: number;
}

export interface Comparison {
  rows: RuleRow[];
  /** Findings no label names. */
  unlabelled: Found[];
  /** Findings labelled wrong that are reported (again): a failure. */
  wrongBack: { found: Found; label: Label }[];
  /** Labels of right findings that no finding matches any more: a failure. */
  rightGone: Label[];
  /** Labels of wrong findings that no finding matches: fixed. */
  wrongGone: Label[];
  /** Labels of debatable findings that no finding matches. */
  debatableGone: Label[];
  totalFindings: number;
  totalWrong: number;
}

/**
 * Matches findings to labels (same file, rule and line; several findings of one rule on one line share the
 * label) and tallies each rule. `rules` lists every rule with its kind; `filesOfKind` counts the linted files.
 */
export function compare(findings: readonly Found[], labels: readonly Label[], rules: readonly { id: string; kind: string }[], filesOfKind: Readonly<Record<string, number>>): Comparison {
  const byKey = new Map(labels.map((label) => [keyOf(label), label]));
  const matched = new Set<Label>();
  const rows = new Map<string, RuleRow & { files: Set<string> }>();
  const row = (rule: string) => {
    let r = rows.get(rule);
    if (!r) {
      const kind = rules.find((candidate) => candidate.id === rule)?.kind;
      r = { rule, inScope: kind ? (filesOfKind[kind] ?? 0) : 0, filesFired: 0, findings: 0, reviewed: 0, right: 0, wrong: 0, debatable: 0, files: new Set() };
      rows.set(rule, r);
    }
    return r;
  };
  for (const { id } of rules) row(id);
  const unlabelled: Found[] = [];
  const wrongBack: Comparison['wrongBack'] = [];
  for (const found of findings) {
    const r = row(found.rule);
    r.findings++;
    r.files.add(found.file);
    const label = byKey.get(keyOf(found));
    if (!label) {
      unlabelled.push(found);
      continue;
    }
    matched.add(label);
    r.reviewed++;
    r[label.verdict]++;
    if (label.verdict === 'wrong') wrongBack.push({ found, label });
  }
  const gone = (verdict: Verdict) => labels.filter((label) => label.verdict === verdict && !matched.has(label));
  const out = [...rows.values()].map(({ files, ...r }) => ({ ...r, filesFired: files.size })).sort((a, b) => a.rule.localeCompare(b.rule));
  return {
    rows: out,
    unlabelled,
    wrongBack,
    rightGone: gone('right'),
    wrongGone: gone('wrong'),
    debatableGone: gone('debatable'),
    totalFindings: findings.length,
    totalWrong: wrongBack.length,
  };
}

/** `right / (right + wrong)`, or undefined when the rule has neither. */
export function precision(row: RuleRow): number | undefined {
  return row.right + row.wrong === 0 ? undefined : row.right / (row.right + row.wrong);
}

/** True when the comparison must fail the run: a wrong finding is reported, or a right one is gone. */
export function failed(comparison: Comparison): boolean {
  return comparison.wrongBack.length > 0 || comparison.rightGone.length > 0;
}
