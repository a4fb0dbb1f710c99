// A table-driven tester for one rule, after ESLint's RuleTester: snippets that must pass, snippets that
// must fail with exact message ids and ranges, the exact text after the preferred fixes, and whether those
// fixes are safe (applied by `dockml fix`) or unsafe (only by `dockml fix --unsafe`).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, Finding } from '../../server/src/analysis/diagnostics';
import { ContextFilter, ContextSize } from '../../server/src/project/contextSize';
import type { ComposeBuilder, Rule, Severity } from '../../server/src/rules/types';
import { applyEdits } from '../../server/src/text';
import { MemoryHost } from './memoryHost';

/** Where test documents live; other files of a case are given relative to this folder. */
export const PROJECT = '/project';

export interface ValidCase {
  name?: string;
  code: string;
  /** Other files of the project, by path relative to the project folder. */
  files?: Record<string, string>;
  /** The document's own path relative to the project folder, such as `.devcontainer/Dockerfile`; `Dockerfile` or `compose.yaml` by default. */
  path?: string;
  /** For a Dockerfile: the Compose services that build it, with paths relative to the project folder. */
  builders?: ComposeBuilder[];
  /**
   * For a Dockerfile: what build context folders hold on disk, by folder relative to the project folder (`.` for the
   * project itself); the rule sees the top-level entries that the case's `.dockerignore` keeps.
   */
  contextSizes?: Record<string, ContextSize>;
}

export interface ExpectedError {
  messageId: string;
  /** `startLine:startChar-endLine:endChar`, 0-based like LSP. */
  range: string;
  /** The finding's severity, asserted only when given: for reports milder than their rule. */
  severity?: Severity;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** The document after every report's preferred fix, safe or not (as `dockml fix --unsafe`), or null when no report has one. */
  output: string | null;
  /**
   * Whether the preferred fixes of this case are safe, so that `dockml fix` applies them. May be left out when the
   * rule's `docs.fixSafety` is `safe` or `unsafe`, which it then defaults to; required when it is "sometimes".
   */
  safe?: boolean;
  /** Other files after the fixes (created or changed), relative to the project folder. */
  outputFiles?: Record<string, string>;
}

function documentPath(rule: Rule, c: ValidCase): string {
  return path.posix.join(PROJECT, c.path ?? (rule.kind === 'compose' ? 'compose.yaml' : 'Dockerfile'));
}

function run(rule: Rule, c: ValidCase): Finding[] {
  const files = new MemoryHost(Object.fromEntries(Object.entries(c.files ?? {}).map(([p, t]) => [path.posix.join(PROJECT, p), t])));
  const docPath = documentPath(rule, c);
  const { findings, failures } = analyze({
    kind: rule.kind,
    text: c.code,
    path: docPath,
    root: PROJECT,
    files,
    rules: [rule],
    severity: (r) => r.severity,
    builders: c.builders?.map((b) => ({ ...b, composeFile: path.posix.join(PROJECT, b.composeFile), contextDir: path.posix.join(PROJECT, b.contextDir) })),
    contextSize: (dir, ignoreFile) => applyIgnore(c.contextSizes?.[path.posix.relative(PROJECT, dir) || '.'], ignoreFile && files.readFile(ignoreFile)),
  });
  assert.deepEqual(failures, [], `rule ${rule.id} threw`);
  return findings;
}

/** A measured context without the top-level entries that a `.dockerignore` text leaves out. */
export function applyIgnore(size: ContextSize | undefined, ignoreText: string | undefined): ContextSize | undefined {
  if (!size || ignoreText === undefined) return size;
  const filter = new ContextFilter(ignoreText.split('\n'));
  const entries = size.entries.filter((e) => !filter.ignores(e.name.replace(/\/$/, '')));
  return { ...size, entries, bytes: entries.reduce((n, e) => n + e.bytes, 0), files: entries.reduce((n, e) => n + e.files, 0) };
}

export function formatRange(f: { range: Finding['range'] }): string {
  const { start, end } = f.range;
  return `${start.line}:${start.character}-${end.line}:${end.character}`;
}

/** Applies the preferred fix of each finding, as `dockml fix` does; returns the texts by file. */
export function applyPreferred(
  code: string,
  findings: Finding[],
  docPath: string,
  files: Record<string, string> = {},
): { text: string; others: Record<string, string> } {
  const mine = [];
  const others: Record<string, { range: Finding['range']; newText: string }[]> = {};
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.preferred);
    if (!fix) continue;
    for (const edit of fix.edits) {
      if (edit.file === undefined || edit.file === docPath) mine.push(edit);
      else (others[edit.file] ??= []).push(edit);
    }
  }
  return {
    text: mine.length > 0 ? applyEdits(code, mine) : code,
    others: Object.fromEntries(Object.entries(others).map(([file, edits]) => [path.posix.relative(PROJECT, file), applyEdits(files[path.posix.relative(PROJECT, file)] ?? '', edits)])),
  };
}

/**
 * Every fix states `safe` as a boolean and agrees with the rule's `docs.fixSafety`; the case's preferred fixes
 * have the safety the case states (or the rule's docs imply).
 */
function checkSafety(rule: Rule, c: InvalidCase, findings: Finding[]): void {
  const declared = rule.docs.fixSafety;
  for (const finding of findings) {
    // The last fix is the engine's "Ignore … on this line", which is always safe.
    for (const fix of finding.fixes.slice(0, -1)) {
      assert.equal(typeof fix.safe, 'boolean', `"${fix.title}" states whether it is safe`);
      assert.ok(rule.fixable && declared !== undefined, `${rule.id} offers "${fix.title}" but its docs declare no fixSafety`);
      if (typeof declared === 'string') assert.equal(fix.safe, declared === 'safe', `"${fix.title}" is ${declared}, as ${rule.id}'s docs say`);
    }
  }
  const preferred = findings.flatMap((f) => f.fixes.filter((x) => x.preferred));
  if (preferred.length === 0) {
    assert.equal(c.safe, undefined, 'a case without a preferred fix states no safety');
    return;
  }
  const expected = c.safe ?? (typeof declared === 'string' ? declared === 'safe' : undefined);
  assert.notEqual(expected, undefined, `${rule.id}'s fixes are sometimes safe: the case must state \`safe\``);
  assert.deepEqual(preferred.map((x) => `${x.title}: ${x.safe ? 'safe' : 'unsafe'}`), preferred.map((x) => `${x.title}: ${expected ? 'safe' : 'unsafe'}`), 'safety of the preferred fixes');
}

export function ruleTester(rule: Rule, cases: { valid: (string | ValidCase)[]; invalid: InvalidCase[] }): void {
  describe(rule.id, () => {
    describe('valid', () => {
      for (const raw of cases.valid) {
        const c = typeof raw === 'string' ? { code: raw } : raw;
        it(c.name ?? c.code, () => {
          assert.deepEqual(run(rule, c).map((f) => `${f.messageId} ${formatRange(f)}`), []);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name ?? c.code, () => {
          const findings = run(rule, c);
          assert.deepEqual(
            findings.map((f, i) => ({ messageId: f.messageId, range: formatRange(f), ...(c.errors[i]?.severity ? { severity: f.severity } : {}) })),
            c.errors,
          );
          for (const f of findings) assert.ok(!f.message.includes('{'), `unfilled placeholder in "${f.message}"`);
          checkSafety(rule, c, findings);
          const docPath = documentPath(rule, c);
          const fixed = applyPreferred(c.code, findings, docPath, c.files);
          const hasFix = findings.some((f) => f.fixes.some((x) => x.preferred));
          assert.equal(hasFix ? fixed.text : null, c.output, 'text after the preferred fixes');
          assert.deepEqual(fixed.others, c.outputFiles ?? {}, 'other files after the preferred fixes');
          if (hasFix) {
            // After the fix, the findings that had a preferred fix are gone.
            const files = { ...(c.files ?? {}), ...fixed.others };
            const after = run(rule, { ...c, code: fixed.text, files });
            const fixable = findings.filter((f) => f.fixes.some((x) => x.preferred)).length;
            assert.ok(after.length <= findings.length - fixable, `still reported after the fix: ${after.map((f) => `${f.messageId} ${formatRange(f)}`).join(', ')}`);
          }
        });
      }
    });
  });
}
