// Shared by the fuzz properties: the corpus, a time budget per property, and the invariants every analysis must
// keep whatever the input: no rule throws, it finishes in bounded time, every range lies inside the document,
// every preferred fix leaves text that still parses, and fixing is idempotent (fixing a fixed text changes nothing).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { ComposeModel } from '../../server/src/compose/model';
import { analyze, DocumentKind, Finding, preferredEdits } from '../../server/src/analysis/diagnostics';
import { kindOfPath } from '../../server/src/analysis/documents';
import type { FileHost } from '../../server/src/rules/types';
import { applyEdits, LineIndex } from '../../server/src/text';

export const CORPUS = path.join(__dirname, '..', '..', '..', 'shared', 'corpus');

/** Milliseconds each property may run; DOCKML_FUZZ_MS scales every budget (CI keeps the default). */
export function budget(defaultMs: number): number {
  const scale = Number(process.env.DOCKML_FUZZ_SCALE ?? 1);
  return Math.round(defaultMs * (Number.isFinite(scale) && scale > 0 ? scale : 1));
}

/** The seed of this run: DOCKML_FUZZ_SEED replays a run, otherwise a new one each time (printed). */
export const SEED = process.env.DOCKML_FUZZ_SEED ? Number(process.env.DOCKML_FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

/** How long one analysis may take before it counts as unbounded (generous: CI machines are shared). */
export const MAX_ANALYSIS_MS = 5000;

/**
 * Milliseconds per character that analysis may take on top of a fixed allowance: about 100 times what it takes on
 * an idle machine, so a busy CI machine passes, while a quadratic cost (merge keys took 3.7 ms per character of a
 * 19 KB file) fails.
 */
export const MS_PER_CHARACTER = 0.02;

/** Runs an analysis and fails when it takes longer than a fixed second plus MS_PER_CHARACTER for each character. */
export function withinLinearBound(text: string, run: () => void): void {
  const started = performance.now();
  run();
  const ms = performance.now() - started;
  const bound = 1000 + MS_PER_CHARACTER * text.length;
  assert.ok(ms < bound, `analysis took ${ms.toFixed(0)} ms for ${text.length} characters (bound ${bound.toFixed(0)} ms)`);
}

export interface CorpusDoc {
  file: string;
  kind: DocumentKind;
  text: string;
}

export function corpusDocs(): CorpusDoc[] {
  const docs: CorpusDoc[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (kindOfPath(entry.name)) docs.push({ file: full, kind: kindOfPath(entry.name)!, text: fs.readFileSync(full, 'utf8') });
    }
  };
  if (fs.existsSync(CORPUS)) walk(CORPUS);
  return docs;
}

/** Neighbour files come from an in-memory copy of the real ones, read once, so fuzzing never hits the disk twice. */
export class CachedHost implements FileHost {
  private readonly cache = new Map<string, string | undefined>();
  private readonly present = new Map<string, boolean>();

  readFile(file: string): string | undefined {
    if (!this.cache.has(file)) {
      let text: string | undefined;
      try {
        text = fs.statSync(file).size <= 2 * 1024 * 1024 ? fs.readFileSync(file, 'utf8') : undefined;
      } catch {
        text = undefined;
      }
      this.cache.set(file, text);
    }
    return this.cache.get(file);
  }

  exists(file: string): boolean {
    if (!this.present.has(file)) this.present.set(file, fs.existsSync(file));
    return this.present.get(file)!;
  }
}

const host = new CachedHost();

/** Analyses a text and checks the invariants that hold for any input; returns the findings. */
export function lintChecked(kind: DocumentKind, text: string, file: string): Finding[] {
  const started = performance.now();
  const { findings, failures } = analyze({ kind, text, path: file, files: host, severity: (r) => r.severity });
  const ms = performance.now() - started;
  assert.deepEqual(
    failures.map((f) => `${f.rule}: ${(f.error as Error)?.stack ?? String(f.error)}`),
    [],
    'no rule throws',
  );
  assert.ok(ms < MAX_ANALYSIS_MS, `analysis finished in ${ms.toFixed(0)} ms (bound ${MAX_ANALYSIS_MS} ms) for ${text.length} characters`);
  const lines = new LineIndex(text);
  for (const f of findings) {
    for (const p of [f.range.start, f.range.end]) {
      assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lines.lineCount, `${f.rule}: line ${p.line} inside the document (${lines.lineCount} lines)`);
      assert.ok(Number.isInteger(p.character) && p.character >= 0 && p.character <= lines.lineText(p.line).length, `${f.rule}: character ${p.character} inside line ${p.line}`);
    }
    assert.ok(f.range.start.line < f.range.end.line || (f.range.start.line === f.range.end.line && f.range.start.character <= f.range.end.character), `${f.rule}: range starts before it ends`);
    for (const fix of f.fixes) {
      for (const edit of fix.edits) {
        if (edit.file !== undefined) continue;
        for (const p of [edit.range.start, edit.range.end]) {
          assert.ok(p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.lineText(p.line).length, `${f.rule}: fix "${fix.title}" edits inside the document`);
        }
      }
    }
  }
  return findings;
}

/** One pass of every preferred fix that edits the document itself (edits to other files are left out). */
export function fixOnce(kind: DocumentKind, text: string, file: string): string {
  const edits = preferredEdits(lintChecked(kind, text, file)).filter((e) => e.file === undefined);
  return edits.length === 0 ? text : applyEdits(text, edits);
}

/** What `dockml fix` does to a document: passes of preferred fixes until none applies, at most ten. */
export function fixAll(kind: DocumentKind, text: string, file: string): string {
  let current = text;
  for (let pass = 0; pass < 10; pass++) {
    const next = fixOnce(kind, current, file);
    if (next === current) return current;
    current = next;
  }
  return current;
}

/** YAML syntax errors of a text (none for a Dockerfile, which always parses). */
function syntaxErrors(kind: DocumentKind, text: string): number {
  return kind === 'compose' ? new ComposeModel(text).syntaxErrors.length : 0;
}

/** The rules whose preferred fixes still apply to a text. */
function rulesWithFixes(kind: DocumentKind, text: string, file: string): string[] {
  return [...new Set(lintChecked(kind, text, file).filter((f) => f.fixes.some((x) => x.preferred && x.edits.some((e) => e.file === undefined))).map((f) => f.rule))];
}

/**
 * Fixing keeps the text parseable (a Compose file without syntax errors has none after its fixes) and is
 * idempotent: fixing the fixed text again changes nothing. Failures name the check and the rules, in the form
 * that regressions.json's known issues match.
 */
export function checkFixes(kind: DocumentKind, text: string, file: string): void {
  const fixed = fixAll(kind, text, file);
  if (fixed === text) return;
  if (syntaxErrors(kind, text) === 0 && syntaxErrors(kind, fixed) > 0) {
    assert.fail(`[check:parseable rules:${rulesWithFixes(kind, text, file).join(',')}] the fixes leave ${file} unparseable:\n${fixed}`);
  }
  const again = fixAll(kind, fixed, file);
  if (again !== fixed) {
    assert.fail(`[check:idempotent rules:${rulesWithFixes(kind, fixed, file).join(',')}] fixing the fixed text changes it again:\n${JSON.stringify(fixed).slice(0, 2000)}`);
  }
}

/** A bug found by fuzzing and kept in regressions.json with a `todo` until its owner fixes it. */
export interface KnownIssue {
  /** The failed check, or several as `parseable|idempotent`. */
  check: string;
  rule: string;
  todo: string;
}

let known: KnownIssue[] = [];

/** Counterexamples of these known issues are counted and printed instead of failing the property. */
export function setKnownIssues(issues: KnownIssue[]): void {
  known = issues;
}

function knownIssueOf(error: unknown): KnownIssue | undefined {
  const tag = /\[check:(\w+) rules:([\w,-]*)\]/.exec((error as Error)?.message ?? '');
  if (!tag) return undefined;
  const rules = tag[2].split(',');
  return known.find((k) => new RegExp(`^(${k.check})$`).test(tag[1]) && rules.includes(k.rule));
}

/** Runs a property for `ms` milliseconds (or until `maxRuns` cases), printing the seed and how many cases ran. */
export function runFor<T>(name: string, ms: number, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, maxRuns = 1_000_000): number {
  let runs = 0;
  const hits = new Map<KnownIssue, number>();
  const property = fc.property(arbitrary, (value) => {
    runs++;
    try {
      predicate(value);
    } catch (error) {
      const issue = knownIssueOf(error);
      if (!issue) throw error;
      hits.set(issue, (hits.get(issue) ?? 0) + 1);
    }
  });
  const result = fc.check(property, { seed: SEED, numRuns: maxRuns, interruptAfterTimeLimit: ms, markInterruptAsFailure: false });
  console.log(`# fuzz ${name}: ${runs} cases in ${ms} ms budget, seed ${SEED}`);
  for (const [issue, count] of hits) console.log(`# fuzz ${name}: ${count} cases hit the known issue of ${issue.rule} (${issue.check}): ${issue.todo}`);
  if (result.failed) {
    const entry = { property: name, seed: result.seed, path: result.counterexamplePath, counterexample: result.counterexample?.[0] };
    assert.fail(
      `${name} failed after ${result.numRuns} cases: ${(result.errorInstance as Error)?.message ?? 'error'}\n` +
        `Replay with DOCKML_FUZZ_SEED=${result.seed}; keep it as a regression by adding this line to test/fuzz/regressions.json:\n${JSON.stringify(entry)}`,
    );
  }
  return runs;
}
