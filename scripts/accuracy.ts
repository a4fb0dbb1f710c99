// `npm run accuracy`: lints ../shared/corpus with the CLI's own code, compares the findings with the reviewed
// labels in test/accuracy/labels.tsv, and prints each rule's fire rate and precision (see docs/accuracy.md).
// Exit 0 when the labels hold, 1 when a finding labelled wrong is reported or one labelled right is gone,
// 2 when the corpus or the labels file cannot be used.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../server/src/cli/main';
import type { JsonProblem } from '../server/src/cli/main';
import { scanDirectory } from '../server/src/project/scan';
import { rules } from '../server/src/rules';
import { compare, failed, Found, parseLabels, precision, RuleRow } from './accuracy-compare';

const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
const LABELS = path.join(ROOT, 'test', 'accuracy', 'labels.tsv');

function percent(value: number | undefined): string {
  return value === undefined ? '–' : `${Math.round(value * 1000) / 10}%`;
}

function tableLine(row: RuleRow): string {
  const fire = row.inScope === 0 ? '–' : `${row.filesFired}/${row.inScope} (${percent(row.filesFired / row.inScope)})`;
  return `| ${row.rule} | ${row.inScope} | ${fire} | ${row.findings} | ${row.reviewed} | ${row.right} | ${row.wrong} | ${row.debatable} | ${percent(precision(row))} |`;
}

function run(): number {
  if (!fs.existsSync(CORPUS) || !fs.statSync(CORPUS).isDirectory()) {
    console.error(`accuracy: the corpus is missing: expected the folder ${CORPUS} (../shared/corpus beside the repository)`);
    return 2;
  }
  const parsed = parseLabels(fs.existsSync(LABELS) ? fs.readFileSync(LABELS, 'utf8') : '');
  if (parsed.errors.length > 0) {
    for (const error of parsed.errors) console.error(`accuracy: ${path.relative(ROOT, LABELS)}: ${error}`);
    return 2;
  }
  let json = '';
  const errors: string[] = [];
  const code = main(['lint', '--format', 'json', '--fail-on', 'never', CORPUS], { out: (text) => (json += text), err: (text) => errors.push(text) });
  if (code !== 0) {
    console.error(`accuracy: linting the corpus failed (exit ${code}): ${errors.join(' ')}`);
    return 2;
  }
  const findings: Found[] = (JSON.parse(json) as JsonProblem[]).map((problem) => ({
    file: path.relative(CORPUS, path.resolve(problem.file)).split(path.sep).join('/'),
    line: problem.range.start.line + 1,
    rule: problem.rule,
  }));
  const filesOfKind: Record<string, number> = {};
  for (const { kind } of scanDirectory(CORPUS)) filesOfKind[kind] = (filesOfKind[kind] ?? 0) + 1;
  const result = compare(findings, parsed.labels, rules, filesOfKind);

  console.log(`Corpus: ${Object.entries(filesOfKind).map(([kind, count]) => `${count} ${kind} files`).join(', ')}; ${result.totalFindings} findings, ${parsed.labels.length} labels.\n`);
  console.log('| rule | files in scope | files with a finding (fire rate) | findings | reviewed | right | wrong | debatable | precision |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of result.rows) if (row.findings > 0 || row.reviewed > 0) console.log(tableLine(row));
  const silent = result.rows.filter((row) => row.findings === 0).map((row) => row.rule);
  console.log(`\nRules with no finding on the corpus: ${silent.join(', ') || 'none'}.`);
  const reviewed = result.rows.reduce((sum, row) => sum + row.reviewed, 0);
  console.log(`Reviewed ${reviewed} of ${result.totalFindings} findings; wrong: ${result.totalWrong} of ${result.totalFindings} (${percent(result.totalFindings === 0 ? undefined : result.totalWrong / result.totalFindings)}).`);
  if (result.wrongGone.length > 0) console.log(`Findings labelled wrong and no longer reported (fixed): ${result.wrongGone.length}.`);
  if (result.debatableGone.length > 0) console.log(`Findings labelled debatable and no longer reported: ${result.debatableGone.length}.`);

  if (result.unlabelled.length > 0) {
    console.log(`\nNot yet labelled (${result.unlabelled.length}):`);
    for (const found of result.unlabelled) console.log(`  ${found.file}\t${found.line}\t${found.rule}`);
  }
  if (result.wrongBack.length > 0) {
    console.log(`\nFAIL: ${result.wrongBack.length} findings labelled wrong are reported:`);
    for (const { found, label } of result.wrongBack) console.log(`  ${found.file}:${found.line} ${found.rule} (labels line ${label.at}: ${label.reason})`);
  }
  if (result.rightGone.length > 0) {
    console.log(`\nFAIL: ${result.rightGone.length} findings labelled right are no longer reported:`);
    for (const label of result.rightGone) console.log(`  ${label.file}:${label.line} ${label.rule} (labels line ${label.at}: ${label.reason})`);
  }
  return failed(result) ? 1 : 0;
}

process.exitCode = run();
