// Every rule on bad input and on the real-world corpus (when ../shared/corpus is present): no rule
// throws, every range lies inside its document, big files finish in bounded time, and applying the
// safe preferred fixes together, or each unsafe one on its own, yields a document in which those findings are gone.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, bulkFix, DocumentKind, Finding, preferredEdits } from '../../server/src/analysis/diagnostics';
import { DiskFileHost, kindOfPath } from '../../server/src/analysis/documents';
import { DockerfileModel } from '../../server/src/dockerfile/model';
import { applyEdits, LineIndex, MAX_ANALYSED_CHARACTERS, MAX_ANALYSED_LINES, oversize } from '../../server/src/text';
import { mergeHeavyCompose } from '../../bench/corpus';

const CORPUS = path.join(__dirname, '..', '..', '..', 'shared', 'corpus');
const SERVER = path.join(__dirname, '..', '..', 'server', 'src');

function lint(kind: DocumentKind, text: string, file = kind === 'compose' ? '/nowhere/compose.yaml' : '/nowhere/Dockerfile'): Finding[] {
  const { findings, failures } = analyze({ kind, text, path: file, files: new DiskFileHost(), severity: (r) => r.severity });
  assert.deepEqual(failures.map((f) => `${f.rule}: ${(f.error as Error).stack}`), [], `no rule throws on ${file}`);
  const lines = new LineIndex(text);
  for (const f of findings) {
    for (const p of [f.range.start, f.range.end]) {
      assert.ok(p.line >= 0 && p.line < lines.lineCount, `${f.rule} line ${p.line} inside ${file}`);
      assert.ok(p.character >= 0 && p.character <= lines.lineText(p.line).length, `${f.rule} character ${p.character} inside line ${p.line} of ${file}`);
    }
  }
  return findings;
}

/** Applies the safe preferred fixes (as `dockml fix` does) to the document itself once and checks the fixed findings are gone. */
function checkFixes(kind: DocumentKind, text: string, file: string): void {
  const findings = lint(kind, text, file);
  const edits = preferredEdits(findings).filter((e) => e.file === undefined);
  if (edits.length === 0) return;
  const fixed = applyEdits(text, edits);
  const after = lint(kind, fixed, file);
  const fixedRules = findings.filter((f) => f.fixes.some((x) => x.preferred && x.edits.some((e) => edits.includes(e))));
  // A fix must not leave its own finding behind at the same place (a later pass may find new ones).
  for (const f of fixedRules) {
    const still = after.filter((a) => a.rule === f.rule && a.message === f.message && a.range.start.line === f.range.start.line);
    assert.ok(still.length === 0 || still.length < findings.filter((x) => x.rule === f.rule).length, `${f.rule} fixed in ${file}`);
  }
}

/**
 * Applies each unsafe preferred fix that edits only the document, on its own, and checks that its finding is gone:
 * no finding of the same rule and message is left where the finding's start moved to.
 */
function checkUnsafeFixes(kind: DocumentKind, text: string, file: string): void {
  const findings = lint(kind, text, file);
  const lines = new LineIndex(text);
  for (const finding of findings) {
    const fix = bulkFix(finding, { unsafe: true });
    if (!fix || bulkFix(finding) || fix.edits.some((e) => e.file !== undefined)) continue;
    const fixed = applyEdits(text, fix.edits);
    let at = lines.offsetAt(finding.range.start);
    const from = at;
    for (const edit of fix.edits) {
      const [start, end] = [lines.offsetAt(edit.range.start), lines.offsetAt(edit.range.end)];
      if (from >= end && !(from === start && start === end)) at += edit.newText.length - (end - start);
      else if (from >= start && from < end) at -= from - start;
    }
    const moved = new LineIndex(fixed).positionAt(at);
    const still = lint(kind, fixed, file).filter((a) => a.rule === finding.rule && a.message === finding.message && a.range.start.line === moved.line && a.range.start.character === moved.character);
    assert.deepEqual(still.map((a) => a.rule), [], `unsafe fix "${fix.title}" of ${finding.rule} at ${finding.range.start.line + 1}:${finding.range.start.character + 1} removes its finding in ${file}`);
  }
}

const BAD_INPUTS = [
  '',
  '\n\n\n',
  'FROM',
  'FROM ',
  'RUN',
  'RUN apt-get install',
  'COPY --from=',
  'FROM python:3.11 AS',
  'FROM scratch\nUSER',
  'ARG\nFROM ${',
  'RUN <<EOF\napt-get install -y curl',
  'ENV =\nARG =x',
  '\\\n\\\n\\',
  'services:',
  'services:\n  api:',
  'services:\n  api:\n    deploy:\n      resources:\n        reservations:\n          devices:\n            -',
  'services: [1, 2]',
  '- a\n- b',
  '{{{{[[[[',
  ': : :',
  '\u0000\u0001\u0002\ufffd\ud800',
  'services:\n' + '  a:\n'.repeat(10) + '    ' + '['.repeat(500),
  Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256)).toString('utf8'),
];

describe('robustness', () => {
  it('never throws on bad input, as a Dockerfile or as a Compose file', () => {
    for (const text of BAD_INPUTS) {
      lint('dockerfile', text);
      lint('compose', text);
    }
  });

  it('analyses a 50,000-line Dockerfile and a 50,000-line Compose file in bounded time', () => {
    const dockerfile = 'FROM python:3.11-slim\n' + 'RUN pip install --no-cache-dir numpy\n'.repeat(50_000);
    const compose = 'services:\n' + Array.from({ length: 12_500 }, (_, i) => `  s${i}:\n    image: redis:7\n    ports:\n      - "127.0.0.1:${i % 60000}:6379"\n`).join('');
    for (const [kind, text] of [['dockerfile', dockerfile], ['compose', compose]] as const) {
      const started = performance.now();
      lint(kind, text);
      const seconds = (performance.now() - started) / 1000;
      assert.ok(seconds < 20, `${kind}: ${seconds.toFixed(1)} s for 50,000 lines`);
    }
  });

  it('analyses a Compose file whose services each merge several anchors in bounded time', () => {
    // 40 KB of `<<: [*a, *b, *c, *d]` services over nested anchors took 346 s when every alias walked the document.
    const text = mergeHeavyCompose(40_000);
    const started = performance.now();
    lint('compose', text);
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < 5, `${seconds.toFixed(1)} s for ${text.length} characters`);
  });

  it('analyses a Compose mapping of 40,000 keys in bounded time, and still reports the key it repeats', () => {
    // The yaml library's own duplicate-key check compared each key with every earlier one: 20,000 keys took 9.9 s.
    const keys = Array.from({ length: 40_000 }, (_, i) => `      VARIABLE_${i}: "value ${i}"\n`).join('');
    const text = `services:\n  app:\n    image: redis:7\n    environment:\n${keys}      VARIABLE_7: again\n`;
    const started = performance.now();
    const findings = lint('compose', text).filter((f) => f.rule === 'compose-syntax');
    const seconds = (performance.now() - started) / 1000;
    assert.deepEqual(findings.map((f) => [f.message, f.range.start.line]), [['YAML syntax error: mapping key "VARIABLE_7" already defined at line 12', 40_004]]);
    // 4.5 s at a load of 16 on 2 cores, 15 s at 25; the quadratic check took 168 s at 16.
    assert.ok(seconds < 45, `${seconds.toFixed(1)} s for ${text.length} characters`);
  });

  it('spreads no list into a call in the server code, where a long one overflows the stack', () => {
    // `push(...tokens)` of a 200,000-line heredoc threw in eight rules; loops have no such limit.
    const spread = /\b(?:push|unshift|max|min|fromCharCode|fromCodePoint)\((?:[^(){}]*,\s*)?\.\.\./;
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts')) {
          fs.readFileSync(full, 'utf8').split('\n').forEach((line, i) => {
            const code = line.replace(/\/\/.*$/, '');
            if (spread.test(code) || /\.apply\(/.test(code)) found.push(`${path.relative(SERVER, full)}:${i + 1}: ${line.trim()}`);
          });
        }
      }
    };
    walk(SERVER);
    assert.deepEqual(found, []);
  });

  it('analyses a Dockerfile whose heredoc has 150,000 commands without a rule failing', () => {
    // `commands.push(...tokens)` overflowed the stack here, and every rule that reads a RUN's commands threw.
    lint('dockerfile', 'FROM python:3.11-slim\nRUN <<EOF\n' + 'ls\n'.repeat(150_000) + 'EOF\n');
  });

  it('analyses a RUN of thousands of commands on one line in time linear in its length', () => {
    // pip-no-cache-dir looked for a cache purge after each install among all later commands: 13 s at 100 KB.
    const run = (n: number) => 'FROM python:3.11-slim\nRUN ' + 'pip install numpy && conda install -y scipy && '.repeat(n) + 'true\n';
    const started = performance.now();
    lint('dockerfile', run(5000));
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < 20, `${seconds.toFixed(1)} s for a 235 KB RUN`);
  });

  it('reports one file-too-large finding, quickly, for a file above the size caps', () => {
    const cases: [DocumentKind, string][] = [
      // A 10 MB single RUN took 49 s and 1.8 GB; 1.3 million one-line RUNs did not finish in 300 s.
      ['dockerfile', 'FROM python:3.11-slim\nRUN ' + 'pip install numpy && '.repeat(500_000) + 'true\n'],
      ['dockerfile', 'FROM python:3.11-slim\n' + 'RUN a\n'.repeat(1_300_000)],
      ['dockerfile', 'FROM python:3.11-slim\r' + 'RUN a\r'.repeat(MAX_ANALYSED_LINES)],
      ['compose', 'services:\n' + '  a:\n    image: x\n'.repeat(MAX_ANALYSED_LINES / 2)],
    ];
    for (const [kind, text] of cases) {
      const started = performance.now();
      const findings = lint(kind, text);
      const seconds = (performance.now() - started) / 1000;
      assert.deepEqual(findings.map((f) => [f.rule, f.range.start.line]), [['file-too-large', 0]]);
      assert.match(findings[0].message, /more than DockML analyses/);
      assert.ok(seconds < 5, `${kind}: ${seconds.toFixed(1)} s for ${text.length} characters`);
    }
    // The caps themselves: 200,000 lines are analysed, one more is not; a lone \r ends a line as \n does.
    assert.equal(oversize('\n'.repeat(MAX_ANALYSED_LINES - 1)), undefined);
    assert.equal(oversize('\n'.repeat(MAX_ANALYSED_LINES)), 'more than 200,000 lines');
    assert.equal(oversize('\r'.repeat(MAX_ANALYSED_LINES)), 'more than 200,000 lines');
    assert.equal(oversize('\r\n'.repeat(MAX_ANALYSED_LINES - 1)), undefined);
    assert.equal(oversize('x'.repeat(MAX_ANALYSED_CHARACTERS)), undefined);
    assert.equal(oversize('x'.repeat(MAX_ANALYSED_CHARACTERS + 1)), '4,000,001 characters');
  });

  it('reads a lone \\r inside a line as BuildKit does, with ranges in the editor\'s lines', () => {
    // BuildKit ends lines at \n only: `RUN echo a\rRUN echo b` is one RUN whose shell sees `a\rRUN` as one word.
    const text = 'FROM python:3.11-slim\nRUN echo a\rRUN echo b\nCOPY --chown=1000 a.txt\rb.txt /srv/\n';
    const model = new DockerfileModel(text);
    assert.deepEqual(model.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'COPY']);
    const [, run, copy] = model.instructions;
    assert.deepEqual(run.commands.map((c) => c.words.map((w) => w.value)), [['echo', 'a\rRUN', 'echo', 'b']]);
    // The editor ends a line at the lone \r, so the RUN spans lines 1-2 and the COPY lines 3-4.
    assert.deepEqual(run.range, { start: { line: 1, character: 0 }, end: { line: 2, character: 10 } });
    assert.deepEqual(
      copy.args.map((a) => [a.value, a.range.start.line, a.range.start.character, a.range.end.character]),
      [['a.txt', 3, 18, 23], ['b.txt', 4, 0, 5], ['/srv/', 4, 6, 11]],
    );
    assert.deepEqual(copy.flag('chown')?.getValueRange(), { start: { line: 3, character: 13 }, end: { line: 3, character: 17 } });
    // Two RUNs in a row only where \n separates them.
    assert.deepEqual(lint('dockerfile', text).filter((f) => f.rule === 'consecutive-run'), []);
    const split = lint('dockerfile', 'FROM python:3.11-slim\nRUN echo a\nRUN echo b\n').filter((f) => f.rule === 'consecutive-run');
    assert.equal(split.length, 1);
  });

  it('lints every corpus file without a failure, and fixes what it fixes', { skip: !fs.existsSync(CORPUS) && 'no ../shared/corpus here' }, () => {
    for (const file of corpusFiles()) checkFixes(kindOfPath(file)!, fs.readFileSync(file, 'utf8'), file);
  });

  it('removes each finding with its unsafe fix on every corpus file', { skip: !fs.existsSync(CORPUS) && 'no ../shared/corpus here' }, () => {
    for (const file of corpusFiles()) checkUnsafeFixes(kindOfPath(file)!, fs.readFileSync(file, 'utf8'), file);
  });
});

/** The Dockerfiles and Compose files of the corpus. */
function corpusFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (kindOfPath(entry.name)) files.push(full);
    }
  };
  walk(CORPUS);
  assert.ok(files.length > 50, `corpus has files (${files.length})`);
  return files;
}
