// The rule engine: runs every enabled rule on one parsed document and returns findings with their
// messages, severities and fixes, after `# dockml-ignore` suppressions and the other tools' own (BuildKit's
// `# check=skip=`, hadolint's `# hadolint ignore=`), for rules whose aliases name them. The CLI, the language server
// and the tests all call this one function.
import type { Range } from 'vscode-languageserver-types';
import { resolveBuild } from '../compose/build';
import { ComposeModel } from '../compose/model';
import { names } from '../dockerfile/buildkit';
import { DockerfileModel } from '../dockerfile/model';
import { rules } from '../rules';
import type { ComposeBuilder, ComposeContext, DockerfileContext, FileEdit, FileHost, Fix, Report, Rule, Severity } from '../rules/types';
import type { RuleSetting } from './settings';
import { comparePositions, LineIndex, MAX_ANALYSED_CHARACTERS, MAX_ANALYSED_LINES, oversize } from '../text';

export type DocumentKind = 'dockerfile' | 'compose';

/** The parsed form of a document of either kind. */
export type ParsedModel = DockerfileModel | ComposeModel;

/** One diagnostic, independent of LSP and of output formats. */
export interface Finding {
  rule: string;
  /** The rule's message id, which tests assert instead of prose. */
  messageId: string;
  severity: Severity;
  message: string;
  range: Range;
  /** The rule's fixes (the preferred one first), then "Ignore this rule on this line". */
  fixes: Fix[];
}

export interface AnalysisInput {
  kind: DocumentKind;
  text: string;
  /** The document's absolute path; undefined for an unsaved document. */
  path?: string;
  files: FileHost;
  /** The configured severity of a rule, or `off`. */
  severity(rule: Rule): RuleSetting;
  /** A model already parsed for this text (of the input's kind), to share the parse with other features. */
  model?: ParsedModel;
  /** The rules to consider; all registered rules by default. */
  rules?: readonly Rule[];
  /** For a Dockerfile: the Compose services in the project that build it. */
  builders?: readonly ComposeBuilder[];
  /** For a Dockerfile: the folder its project starts at (see `DockerfileContext.root`). */
  root?: string;
  /** For a Dockerfile: the measured size of a build context (see `DockerfileContext.contextSize`); none by default. */
  contextSize?: DockerfileContext['contextSize'];
}

export interface Analysis {
  findings: Finding[];
  /** Rules that threw: a bug in DockML, logged by callers; the other rules' findings still stand. */
  failures: { rule: string; error: unknown }[];
}

/**
 * The id of the finding that stands for a rule that threw: not a registered rule, and so neither configurable nor
 * suppressible. It makes a run that could not check everything visible in every output, and fail.
 */
export const INTERNAL_ERROR = 'internal-error';

const IGNORE = /#\s*dockml-ignore\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;
/** hadolint's suppression of the next instruction: `# hadolint ignore=DL3008,SC2086`. */
const HADOLINT_IGNORE = /^\s*#\s*hadolint\s+ignore\s*=\s*([A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)/;
/** hadolint's suppression for the whole file: `# hadolint global ignore=DL3008`. */
const HADOLINT_GLOBAL = /^\s*#\s*hadolint\s+global\s+ignore\s*=\s*([A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)/gm;

/** The finding that stands for the analysis of a document above the size caps, or undefined when it is within them. */
export function sizeCapFinding(text: string): Finding | undefined {
  const size = oversize(text);
  if (size === undefined) return undefined;
  const start = { line: 0, character: 0 };
  return {
    rule: 'file-too-large',
    messageId: 'tooLarge',
    severity: 'warning',
    message:
      `This file has ${size}, more than DockML analyses (${MAX_ANALYSED_CHARACTERS.toLocaleString('en-US')} characters or ` +
      `${MAX_ANALYSED_LINES.toLocaleString('en-US')} lines), so it was not checked.`,
    range: { start, end: start },
    fixes: [],
  };
}

/** Runs the enabled rules of the document's kind. Never throws for any input text. */
export function analyze(input: AnalysisInput): Analysis {
  const tooLarge = sizeCapFinding(input.text);
  if (tooLarge) return { findings: [tooLarge], failures: [] };
  const findings: Finding[] = [];
  const failures: Analysis['failures'] = [];
  const model = input.model ?? parse(input.kind, input.text);
  const hadolintGlobal = model instanceof DockerfileModel ? hadolintGlobalIgnores(model.text) : undefined;
  for (const rule of input.rules ?? rules) {
    if (rule.kind !== input.kind) continue;
    const configured = input.severity(rule);
    if (configured === 'off') continue;
    const buildkit = rule.aliases?.buildkit ?? [];
    const hadolint = rule.aliases?.hadolint ?? [];
    let forceError = false;
    if (model instanceof DockerfileModel && buildkit.length > 0) {
      // BuildKit's `# check=skip=<names>|all` turns its checks off, except an experimental check the directive names;
      // `error=true` makes their findings fail the build.
      const { skip, experimental } = model.checks;
      if (buildkit.some((name) => names(skip, name)) && !buildkit.some((name) => experimental !== 'all' && experimental.has(name))) continue;
      forceError = model.checks.error;
    }
    if (hadolintGlobal && hadolint.some((code) => hadolintGlobal.has(code))) continue;
    const report = (report: Report) => {
      // Lines are read only once there is a finding: a Compose model indexes them when first asked.
      const lines = model.lines;
      const anchor = anchorLine(model, report.range.start.line);
      if (isSuppressed(lines, anchor, rule.id)) return;
      if (hadolint.length > 0 && hadolintIgnored(lines, anchor, hadolint)) return;
      findings.push({
        rule: rule.id,
        messageId: report.messageId,
        severity: forceError ? 'error' : milder(configured, report.severity),
        message: formatMessage(rule, report),
        range: report.range,
        fixes: [...sortFixes(report.fixes ?? []), ignoreFix(lines, anchor, rule.id)],
      });
    };
    // Each context is written out whole rather than spread from a shared base: a spread object's properties are
    // slower to read, and every rule reads them (the corpus analysis took 8% longer that way).
    try {
      if (rule.kind === 'dockerfile') {
        const contextSize = input.contextSize ?? (() => undefined);
        rule.check({ path: input.path, text: input.text, files: input.files, report, model: model as DockerfileModel, builders: input.builders ?? [], root: input.root, contextSize } satisfies DockerfileContext);
      } else {
        const compose = model as ComposeModel;
        rule.check({ path: input.path, text: input.text, files: input.files, report, model: compose, build: (service) => resolveBuild(compose, service, input.path, input.files) } satisfies ComposeContext);
      }
    } catch (error) {
      failures.push({ rule: rule.id, error });
      findings.push(internalError(model.lines, rule.id, error));
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule));
  return { findings, failures };
}

/** Parses a document of the given kind. Never throws. */
export function parse(kind: DocumentKind, text: string): ParsedModel {
  return kind === 'dockerfile' ? new DockerfileModel(text) : new ComposeModel(text);
}

const LOUDNESS: Severity[] = ['hint', 'info', 'warning', 'error'];

/** The milder of the configured severity and the one a report asks for. */
function milder(configured: Severity, reported: Severity | undefined): Severity {
  return reported !== undefined && LOUDNESS.indexOf(reported) < LOUDNESS.indexOf(configured) ? reported : configured;
}

/** The error finding, on the first line, that says a rule threw and the file was not fully checked. */
function internalError(lines: LineIndex, ruleId: string, error: unknown): Finding {
  const reason = ((error as Error)?.message ?? String(error)).split('\n')[0];
  return {
    rule: INTERNAL_ERROR,
    messageId: 'ruleFailed',
    severity: 'error',
    message: `Rule ${ruleId} failed on this file (${reason}), so the file was not fully checked. This is a bug in DockML; please report it.`,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: lines.lineEnd(0) } },
    fixes: [],
  };
}

function formatMessage(rule: Rule, report: Report): string {
  const template = rule.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} reported unknown message id "${report.messageId}"`);
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (report.data && key in report.data ? String(report.data[key]) : whole));
}

function sortFixes(fixes: Fix[]): Fix[] {
  return [...fixes].sort((a, b) => Number(b.preferred ?? false) - Number(a.preferred ?? false));
}

/**
 * The line a suppression comment must stand above: in a Dockerfile the first line of the instruction
 * holding `line`, in Compose the line itself.
 */
function anchorLine(model: ParsedModel, line: number): number {
  return model instanceof DockerfileModel ? (model.instructionAt(line)?.range.start.line ?? line) : line;
}

function isSuppressed(lines: LineIndex, anchor: number, ruleId: string): boolean {
  if (anchor === 0) return false;
  const match = IGNORE.exec(lines.lineText(anchor - 1));
  return match !== null && match[1].split(',').some((id) => id.trim() === ruleId);
}

/** True when the line above the anchor is `# hadolint ignore=` naming one of the rule's hadolint codes. */
function hadolintIgnored(lines: LineIndex, anchor: number, codes: readonly string[]): boolean {
  if (anchor === 0) return false;
  const match = HADOLINT_IGNORE.exec(lines.lineText(anchor - 1));
  return match !== null && match[1].split(',').some((code) => codes.includes(code.trim().toUpperCase()));
}

/** The codes that `# hadolint global ignore=` comments turn off for the whole file. */
function hadolintGlobalIgnores(text: string): Set<string> {
  const codes = new Set<string>();
  if (!text.includes('hadolint')) return codes;
  for (const match of text.matchAll(HADOLINT_GLOBAL)) for (const code of match[1].split(',')) codes.add(code.trim().toUpperCase());
  return codes;
}

/**
 * Inserts `# dockml-ignore <rule>` above the anchor line, or adds the rule to a directive already there; a
 * comment changes nothing the image does, so the fix is safe.
 */
function ignoreFix(lines: LineIndex, anchor: number, ruleId: string): Fix {
  const title = `Ignore ${ruleId} on this line`;
  const above = anchor > 0 ? lines.lineText(anchor - 1) : '';
  const match = IGNORE.exec(above);
  if (match && match.index !== undefined) {
    const end = lines.lineStart(anchor - 1) + match.index + match[0].length;
    const position = lines.positionAt(end);
    return { title, safe: true, edits: [{ range: { start: position, end: position }, newText: `, ${ruleId}` }] };
  }
  const indent = /^[ \t]*/.exec(lines.lineText(anchor))?.[0] ?? '';
  const start = { line: anchor, character: 0 };
  return { title, safe: true, edits: [{ range: { start, end: start }, newText: `${indent}# dockml-ignore ${ruleId}${lines.eol}` }] };
}

/** Which fixes a bulk fix may apply. */
export interface BulkFixOptions {
  /** Also apply unsafe fixes and fixes that create a file, as `dockml fix --unsafe` does. */
  unsafe?: boolean;
}

/**
 * The fix of a finding that a bulk fix (`dockml fix`, fix-all) applies: its preferred fix, when that is safe and
 * creates no file, or with `unsafe` whatever it is.
 */
export function bulkFix(finding: Finding, options: BulkFixOptions = {}): Fix | undefined {
  const fix = finding.fixes.find((f) => f.preferred);
  if (!fix || options.unsafe) return fix;
  return fix.safe && !fix.edits.some((edit) => edit.create) ? fix : undefined;
}

/**
 * The edits of every finding's bulk fix (see `bulkFix`), leaving out a fix that overlaps one already taken (a
 * later pass picks it up once the text has changed). Edits to other files keep their `file`.
 */
export function preferredEdits(findings: Finding[], options: BulkFixOptions = {}): FileEdit[] {
  const taken: FileEdit[] = [];
  const byFile = new Map<string | undefined, TakenEdits>();
  for (const finding of findings) {
    const fix = bulkFix(finding, options);
    if (!fix) continue;
    if (fix.edits.some((edit) => byFile.get(edit.file)?.overlaps(edit))) continue;
    for (const edit of fix.edits) {
      let edits = byFile.get(edit.file);
      if (!edits) byFile.set(edit.file, (edits = new TakenEdits()));
      edits.add(edit);
    }
    for (const edit of fix.edits) taken.push(edit);
  }
  return taken;
}

/**
 * The edits already taken for one file, sorted by position, so that a new edit is checked against its neighbours
 * only: `fix` on a file with thousands of findings would otherwise compare every pair.
 */
class TakenEdits {
  private readonly sorted: FileEdit[] = [];
  private created = false;

  overlaps(edit: FileEdit): boolean {
    if (edit.create) return this.created || this.sorted.length > 0;
    if (this.created) return true;
    // Taken edits do not overlap one another, so sorted by start their ends ascend too: the only candidates are
    // those left of the insertion point that end at or after the edit's start, and those right of it that start
    // at or before its end.
    const at = this.insertionPoint(edit);
    for (let i = at - 1; i >= 0 && comparePositions(this.sorted[i].range.end, edit.range.start) >= 0; i--) {
      if (overlaps(edit, this.sorted[i])) return true;
    }
    for (let i = at; i < this.sorted.length && comparePositions(this.sorted[i].range.start, edit.range.end) <= 0; i++) {
      if (overlaps(edit, this.sorted[i])) return true;
    }
    return false;
  }

  add(edit: FileEdit): void {
    if (edit.create) this.created = true;
    else this.sorted.splice(this.insertionPoint(edit), 0, edit);
  }

  /** The index of the first taken edit that sorts after `edit` (by start, then end). */
  private insertionPoint(edit: FileEdit): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const other = this.sorted[mid].range;
      const order = comparePositions(other.start, edit.range.start) || comparePositions(other.end, edit.range.end);
      if (order <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function overlaps(a: FileEdit, b: FileEdit): boolean {
  const before = (x: Range['start'], y: Range['start']) => comparePositions(x, y) < 0;
  // Two edits touching at one point overlap only when both insert there (their order would be a guess).
  const aEmpty = comparePositions(a.range.start, a.range.end) === 0;
  const bEmpty = comparePositions(b.range.start, b.range.end) === 0;
  if (aEmpty && bEmpty) return comparePositions(a.range.start, b.range.start) === 0;
  return before(a.range.start, b.range.end) && before(b.range.start, a.range.end);
}
