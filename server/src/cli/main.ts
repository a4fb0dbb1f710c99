// The `dockml` command line: `lint` and `fix` over files and directories, with text, JSON and SARIF
// output, running exactly the rules the editor runs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyze, bulkFix, DocumentKind, Finding, INTERNAL_ERROR, preferredEdits } from '../analysis/diagnostics';
import { DiskFileHost } from '../analysis/documents';
import { readTextFile, Snapshot } from '../files/read';
import { escapeControl } from '../files/terminal';
import { ChangedError, createFile, replaceFile, WriteError } from '../files/write';
import { ComposeBuildersIndex, repositoryRoot } from '../project/builders';
import { classifyExplicit, scanDirectory, UnreadableError } from '../project/scan';
import { rules, ruleIds } from '../rules';
import type { FileEdit, Severity } from '../rules/types';
import { ProjectConfigResolver, ruleSeverity } from '../analysis/settings';
import { applyEdits } from '../text';
import { renderRuleDoc } from '../rules/docs';
import { contextCommand, ContextSizeCache } from './context';

const VERSION = '0.1.0';
const FORMATS = ['text', 'json', 'sarif'] as const;
const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;
const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };
/** Files over this size are reported as unreadable rather than analysed for minutes. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
/**
 * Files each linting thread must have before another thread pays for its start-up: a worker loads the bundle
 * and runs cold code for its first hundred files or so, and V8's own background threads (GC, compilation)
 * already keep a second core half busy. Measured on 2 cores: 193 files are faster on one thread, 770 break
 * even, 1,500 gain about 15% on a quiet machine and lose about 10% on a busy one; so a second thread starts
 * only from 2,000 files. See docs/benchmarks.md.
 */
const FILES_PER_THREAD = 1000;

const USAGE = `Usage: dockml <command> [options] PATHS...

Commands:
  lint   Report problems in Dockerfiles and Compose files (files, or directories searched recursively).
  fix    Apply each problem's preferred fix in place when it is safe (the image or stack does the same
         thing afterwards), then report what remains.
  rules  List every rule: id, kind, default severity, whether its fixes are safe, the names other tools
         (BuildKit, hadolint) give it, and what it catches (--format text|json).
  context [DOCKERFILE]  Print the build context and what it sends to the engine (see 'dockml context --help').

Options:
  --format text|json|sarif            Output format (default: text).
  --fail-on error|warning|info|never  Exit 1 when a problem at or above this severity remains (default: error).
  --unsafe                            With fix: also apply unsafe fixes (they change the base image, the user,
                                      the installed packages, or delete or create files).
  -h, --help                          Show this help.
  -v, --version                       Show the version.

Exit codes: 0 below the --fail-on level, 1 at or above it, 2 on bad usage, unreadable input, a file that
changed while it was being fixed, a failed write, or a rule that failed (an internal-error finding).`;

/** A problem that ends the run with exit code 2 and one line on stderr. */
class UsageError extends Error {}

interface Options {
  command: 'lint' | 'fix' | 'rules';
  format: (typeof FORMATS)[number];
  failOn: (typeof FAIL_ON)[number];
  /** `fix --unsafe`: apply unsafe preferred fixes too. */
  unsafe: boolean;
  paths: string[];
}

/** The JSON shape of one problem, as documented in the README. */
export interface JsonProblem {
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  range: Finding['range'];
  fixes: { title: string; preferred: boolean; safe: boolean; edits: { file: string; range: Finding['range']; newText: string }[] }[];
}

interface Output {
  out(text: string): void;
  err(text: string): void;
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const options: Partial<Options> & { paths: string[] } = { paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '-h' || name === '--help') return 'help';
    if (name === '-v' || name === '--version') return 'version';
    if (name === '--format') {
      const v = value();
      if (!FORMATS.includes(v as Options['format'])) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${v}"`);
      options.format = v as Options['format'];
    } else if (name === '--fail-on') {
      const v = value();
      if (!FAIL_ON.includes(v as Options['failOn'])) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${v}"`);
      options.failOn = v as Options['failOn'];
    } else if (name === '--unsafe' && inline === undefined) {
      options.unsafe = true;
    } else if (name.startsWith('-') && name !== '-') {
      throw new UsageError(`unknown option ${name}`);
    } else if (!options.command) {
      if (name !== 'lint' && name !== 'fix' && name !== 'rules') throw new UsageError(`unknown command "${name}" (expected lint, fix or rules)`);
      options.command = name;
    } else {
      options.paths.push(arg);
    }
  }
  if (!options.command) throw new UsageError('missing command (lint, fix or rules)');
  if (options.command === 'rules') {
    if (options.paths.length > 0) throw new UsageError(`rules takes no paths, not "${options.paths[0]}"`);
    if (options.format === 'sarif') throw new UsageError('rules --format must be text or json');
    if (options.failOn !== undefined || options.unsafe) throw new UsageError('rules takes only --format');
    return { command: 'rules', format: options.format ?? 'text', failOn: 'never', unsafe: false, paths: [] };
  }
  if (options.paths.length === 0) throw new UsageError(`${options.command} needs at least one file or directory`);
  if (options.unsafe && options.command !== 'fix') throw new UsageError('--unsafe only applies to fix');
  const unsafe = options.unsafe ?? false;
  return { command: options.command, format: options.format ?? 'text', failOn: options.failOn ?? 'error', unsafe, paths: options.paths };
}

/**
 * Expands the given paths into the files to lint: a directory yields the files `scanDirectory` finds (each remembers the
 * scanned folder, which bounds the search for the Compose files that build it), a file is classified by `classifyExplicit`.
 */
function collectFiles(paths: string[]): FileToLint[] {
  const found: FileToLint[] = [];
  const seen = new Set<string>();
  const add = (file: FileToLint) => {
    const key = path.resolve(file.file);
    if (!seen.has(key)) {
      seen.add(key);
      found.push(file);
    }
  };
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `no such file or directory: ${given}` : `cannot read ${given}: ${code}`);
    }
    if (stat.isDirectory()) {
      try {
        for (const file of scanDirectory(given)) add({ ...file, root: path.resolve(given) });
      } catch (error) {
        throw error instanceof UnreadableError ? new UsageError(error.message) : error;
      }
    } else {
      const classified = classifyExplicit(given);
      if ('problem' in classified) throw new UsageError(classified.problem);
      add({ file: given, kind: classified.kind });
    }
  }
  return found;
}

/** Reads a Dockerfile or Compose file given to the CLI, or ends the run with one line saying why it cannot. */
function readText(file: string): string {
  return readSnapshot(file).text;
}

function readSnapshot(file: string): { text: string; snapshot: Snapshot } {
  const read = readTextFile(file, MAX_FILE_BYTES);
  if ('problem' in read) throw new UsageError(read.problem);
  return read;
}

class Linter {
  /** Rules that threw, as one line each: a bug in DockML, reported on stderr without stopping the run. */
  readonly failures: string[] = [];
  private readonly files = new DiskFileHost();
  private readonly configs = new ProjectConfigResolver(this.files, ruleIds);
  /** The Compose services that build each Dockerfile, found once per run. */
  private readonly builders = new ComposeBuildersIndex();
  /** The scanned folder each file was found in, which bounds the search for Compose files. */
  private readonly roots: Map<string, string>;
  private readonly contextSizes = new ContextSizeCache();

  constructor(files: readonly FileToLint[]) {
    this.roots = new Map(files.flatMap((f) => (f.root ? [[path.resolve(f.file), f.root] as const] : [])));
  }

  lint(file: string, kind: DocumentKind, text: string): Finding[] {
    const absolute = path.resolve(file);
    const config = this.configs.forFile(absolute);
    if (config && config.problems.length > 0) throw new UsageError(config.problems[0]);
    const { findings, failures } = analyze({
      kind,
      text,
      path: absolute,
      files: this.files,
      severity: (rule) => ruleSeverity(rule, config),
      builders: kind === 'dockerfile' ? this.builders.of(absolute, this.files, this.roots.get(absolute)) : [],
      root: kind === 'dockerfile' ? repositoryRoot(absolute, this.files, this.roots.get(absolute)) : undefined,
      contextSize: (dir, ignoreFile) => this.contextSizes.get(dir, ignoreFile),
    });
    for (const failure of failures) {
      const error = failure.error as Error;
      this.failures.push(`rule ${failure.rule} failed on ${file}: ${process.env.DOCKML_DEBUG ? error?.stack : (error?.message ?? String(error))}`);
    }
    return findings;
  }
}

/** What a `fix` run did to the disk so far, to say so when it stops half-way. */
interface FixRun {
  /** `fix --unsafe`: unsafe preferred fixes are applied too. */
  unsafe: boolean;
  /** Files written, in order. */
  changed: string[];
  /** Files left alone because they changed on disk while they were being fixed, one line each. */
  skipped: string[];
}

/**
 * Applies preferred fixes until none is left (or ten passes), as fixes may overlap within one pass; each pass
 * applies every non-overlapping fix at once. Returns the number of problems fixed; writes each changed file once,
 * the linted file first, and only if it still holds the text that was fixed.
 */
function fixFile(linter: Linter, file: string, kind: DocumentKind, run: FixRun): number {
  const absolute = path.resolve(file);
  const { text: original, snapshot } = readSnapshot(file);
  let text = original;
  /** Other files the fixes edit: their text as read (undefined for a file to create), and as edited. */
  const others = new Map<string, { read?: { text: string; snapshot: Snapshot }; text: string }>();
  let fixed = 0;
  // A finding still there after its fix was applied is not fixed again: its fix does not work on this text,
  // and applying it on every pass would only repeat the same edit.
  const applied = new Set<string>();
  const key = (f: Finding) => `${f.rule} ${f.range.start.line}:${f.range.start.character} ${f.message}`;
  for (let pass = 0; pass < 10; pass++) {
    const findings = linter.lint(file, kind, text).filter((f) => !applied.has(key(f)));
    const edits = preferredEdits(findings, { unsafe: run.unsafe });
    if (edits.length === 0) break;
    const byFile = new Map<string, FileEdit[]>();
    for (const edit of edits) {
      const target = edit.file ?? absolute;
      const list = byFile.get(target);
      if (list) list.push(edit);
      else byFile.set(target, [edit]);
    }
    for (const [target, list] of byFile) {
      if (target === absolute) text = applyEdits(text, list);
      else {
        let other = others.get(target);
        if (!other) {
          // A fix that creates a file does nothing when anything has that name, even a link to nowhere; one that
          // edits a file needs it readable.
          const creates = list.some((e) => e.create);
          const read = creates ? undefined : readTextFile(target, MAX_FILE_BYTES);
          if ((creates && nameTaken(target)) || (read && 'problem' in read)) continue;
          other = { read, text: creates ? '' : read!.text };
          others.set(target, other);
        }
        other.text = applyEdits(other.text, list);
      }
    }
    const taken = new Set(edits);
    const done = findings.filter((f) => bulkFix(f, { unsafe: run.unsafe })?.edits.every((e) => taken.has(e)));
    for (const f of done) applied.add(key(f));
    fixed += done.length;
  }
  // A file that changed under the fixer keeps that change: its edits, and those its fixes made to other files, are dropped.
  if (text !== original && !write(run, file, () => replaceFile(file, original, snapshot, text, MAX_FILE_BYTES))) return 0;
  for (const [target, other] of others) {
    const relative = path.relative(process.cwd(), target) || target;
    if (other.read) write(run, relative, () => replaceFile(relative, other.read!.text, other.read!.snapshot, other.text, MAX_FILE_BYTES));
    else write(run, relative, () => createFile(relative, other.text));
  }
  return fixed;
}

/** Whether anything has this name, even a link to nowhere, or the name cannot be checked. */
function nameTaken(file: string): boolean {
  try {
    return fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
  }
}

/**
 * Runs one write of a `fix` run. Returns false when the file changed on disk and was left alone; a failed write
 * ends the run, saying which files were already changed.
 */
function write(run: FixRun, file: string, step: () => void): boolean {
  try {
    step();
    run.changed.push(file);
    return true;
  } catch (error) {
    if (error instanceof ChangedError) {
      run.skipped.push(error.message);
      return false;
    }
    if (!(error instanceof WriteError)) throw error;
    const done = run.changed.length === 0 ? 'no file was changed' : `already fixed: ${run.changed.join(', ')}`;
    throw new UsageError(`${error.message}; stopped (${done})`);
  }
}

function toJson(file: string, finding: Finding): JsonProblem {
  return {
    file,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    range: finding.range,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      preferred: fix.preferred === true,
      safe: fix.safe,
      edits: fix.edits.map((e) => ({ file: e.file === undefined ? file : path.relative(process.cwd(), e.file) || e.file, range: e.range, newText: e.newText })),
    })),
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function formatText(results: { file: string; findings: Finding[] }[]): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const { file, findings } of results) {
    for (const f of findings) {
      counts[f.severity]++;
      lines.push(escapeControl(`${file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.rule}: ${f.message}`));
    }
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const count = (unsafe: boolean) => results.reduce((n, r) => n + r.findings.filter((f) => bulkFix(f, { unsafe })).length, 0);
  const fixable = count(false);
  const unsafeOnly = count(true) - fixable;
  const files = plural(results.length, 'file');
  lines.push(
    total === 0
      ? `No problems in ${files}.`
      : `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info + counts.hint, 'info')}) in ${files}; ${fixable} fixable with \`dockml fix\`` +
          (unsafeOnly > 0 ? `, ${unsafeOnly} more with \`dockml fix --unsafe\`.` : '.'),
  );
  return lines.join('\n');
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function formatSarif(results: { file: string; findings: Finding[] }[]): string {
  const used = rules.filter((r) => results.some((res) => res.findings.some((f) => f.rule === r.id)));
  const descriptors = used.map((r) => ({
    id: r.id,
    name: r.id,
    shortDescription: { text: r.docs.summary },
    fullDescription: { text: r.docs.rationale },
    help: { text: r.docs.rationale, markdown: renderRuleDoc(r) },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
  }));
  // Not a registered rule: a rule that threw, leaving the file not fully checked.
  if (results.some((res) => res.findings.some((f) => f.rule === INTERNAL_ERROR))) {
    descriptors.push({
      id: INTERNAL_ERROR,
      name: INTERNAL_ERROR,
      shortDescription: { text: 'A DockML rule failed on this file, which was not fully checked.' },
      fullDescription: { text: 'A rule threw an exception: a bug in DockML. The other rules still ran.' },
      help: { text: 'Please report it with the file that caused it.', markdown: 'Please report it with the file that caused it.' },
      defaultConfiguration: { level: 'error' },
    });
  }
  const index = new Map(descriptors.map((r, i) => [r.id, i]));
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'DockML',
              version: VERSION,
              rules: descriptors,
            },
          },
          results: results.flatMap(({ file, findings }) =>
            findings.map((f) => ({
              ruleId: f.rule,
              ruleIndex: index.get(f.rule),
              level: SARIF_LEVEL[f.severity],
              message: { text: f.message },
              // The safety of the fix `dockml fix` would choose: "safe", "unsafe", or absent without one.
              ...(bulkFix(f, { unsafe: true }) ? { properties: { fix: bulkFix(f) ? 'safe' : 'unsafe' } } : {}),
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/') },
                    region: {
                      startLine: f.range.start.line + 1,
                      startColumn: f.range.start.character + 1,
                      endLine: f.range.end.line + 1,
                      endColumn: f.range.end.character + 1,
                    },
                  },
                },
              ],
            })),
          ),
        },
      ],
    },
    null,
    2,
  );
}

type Io = Output;
/** A file to lint; `root` is the scanned folder it was found in, if any. */
type FileToLint = { file: string; kind: DocumentKind; root?: string };
type Results = { file: string; findings: Finding[] }[];

const defaultIo: Io = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') };

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. Lints on this thread. */
export function main(argv: string[], io: Io = defaultIo): number {
  if (argv[0] === 'context') return guarded(io, () => contextCommand(argv.slice(1), io));
  return guarded(io, () => {
    const options = parseArgs(argv);
    if (typeof options === 'string') return meta(options, io);
    return options.command === 'rules' ? listRules(options.format, io) : lintOnThisThread(options, collectFiles(options.paths), io);
  });
}

/**
 * The command line entry: like `main`, with identical output and exit code, but `lint` spreads many files over
 * worker threads (`fix` writes files, and stays on one thread).
 */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  if (argv[0] === 'context') return guarded(io, () => contextCommand(argv.slice(1), io));
  let job: { options: Options; files: FileToLint[] } | undefined;
  const code = guarded(io, () => {
    const options = parseArgs(argv);
    if (typeof options === 'string') return meta(options, io);
    if (options.command === 'rules') return listRules(options.format, io);
    job = { options, files: collectFiles(options.paths) };
    return 0;
  });
  if (!job) return code;
  const { options, files } = job;
  const threads = threadCount(files.length);
  if (options.command !== 'lint' || threads < 2) return guarded(io, () => lintOnThisThread(options, files, io));
  const outcomes = await lintInParallel(files, threads);
  return guarded(io, () => {
    const results: Results = [];
    const failures: string[] = [];
    // In file order, as one thread meets them: the first error ends the run before any output.
    for (const [index, outcome] of outcomes.entries()) {
      if ('error' in outcome) throw revive(outcome.error);
      results.push({ file: files[index].file, findings: outcome.findings });
      for (const failure of outcome.failures) failures.push(failure);
    }
    return report(options, results, 0, failures, io);
  });
}

function lintOnThisThread(options: Options, files: FileToLint[], io: Io): number {
  const linter = new Linter(files);
  let fixed = 0;
  const run: FixRun = { unsafe: options.unsafe, changed: [], skipped: [] };
  if (options.command === 'fix') for (const { file, kind } of files) fixed += fixFile(linter, file, kind, run);
  // Afresh once every file is fixed: a fix to one file (a Compose file) can change the findings of another (the
  // Dockerfile it builds).
  const failures = linter.failures.length;
  const results = files.map(({ file, kind }) => ({ file, findings: linter.lint(file, kind, readText(file)) }));
  const code = report(options, results, fixed, linter.failures.slice(failures), io);
  for (const skipped of run.skipped) io.err(escapeControl(`dockml: ${skipped}`));
  return run.skipped.length > 0 ? 2 : code;
}

/** How many threads should lint `count` files: one per core, each with enough files to pay for itself. */
function threadCount(count: number): number {
  const forced = Number(process.env.DOCKML_THREADS);
  if (Number.isInteger(forced) && forced > 0) return Math.min(forced, count);
  return Math.max(1, Math.min(os.availableParallelism(), Math.floor(count / FILES_PER_THREAD)));
}

/** The JSON shape of one rule in `dockml rules --format json`, as documented in the README. */
export interface JsonRule {
  id: string;
  kind: 'dockerfile' | 'compose';
  severity: Severity;
  fixable: boolean;
  /** Whether the rule's fixes are safe: all (`true`), none (`false`), `sometimes`, or `null` when it has none. */
  safe: boolean | 'sometimes' | null;
  aliases: { buildkit: string[]; hadolint: string[] };
  summary: string;
}

/** `dockml rules`: every rule with its metadata, sorted by kind and id. */
function listRules(format: Options['format'], io: Io): number {
  const listed: JsonRule[] = [...rules]
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id))
    .map((rule) => {
      const safety = rule.docs.fixSafety;
      return {
        id: rule.id,
        kind: rule.kind,
        severity: rule.severity,
        fixable: rule.fixable,
        safe: !rule.fixable || safety === undefined ? null : safety === 'safe' ? true : safety === 'unsafe' ? false : 'sometimes',
        aliases: { buildkit: [...(rule.aliases?.buildkit ?? [])], hadolint: [...(rule.aliases?.hadolint ?? [])] },
        summary: rule.docs.summary,
      };
    });
  if (format === 'json') {
    io.out(JSON.stringify(listed, null, 2));
    return 0;
  }
  const fix = (r: JsonRule) => (r.safe === null ? '-' : r.safe === true ? 'safe' : r.safe === false ? 'unsafe' : 'sometimes');
  const rows = listed.map((r) => [r.id, r.kind, r.severity, fix(r), [...r.aliases.buildkit, ...r.aliases.hadolint].join(',') || '-', r.summary.replace(/`/g, '')]);
  const header = ['RULE', 'KIND', 'SEVERITY', 'FIX', 'ALIASES', 'SUMMARY'];
  const widths = header.slice(0, -1).map((h) => h.length);
  for (const row of rows) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], row[i].length);
  for (const row of [header, ...rows]) io.out(row.map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]) : cell)).join('  '));
  io.out(`${plural(rows.length, 'rule')}.`);
  return 0;
}

function meta(what: 'help' | 'version', io: Io): number {
  io.out(what === 'help' ? USAGE : VERSION);
  return 0;
}

/** Prints the results in the chosen format and returns the exit code. */
function report(options: Options, results: Results, fixed: number, failures: string[], io: Io): number {
  if (options.format === 'json') io.out(JSON.stringify(results.flatMap((r) => r.findings.map((f) => toJson(r.file, f))), null, 2));
  else if (options.format === 'sarif') io.out(formatSarif(results));
  else {
    if (options.command === 'fix') io.out(`Fixed ${plural(fixed, 'problem')}.`);
    io.out(formatText(results));
  }
  for (const failure of new Set(failures)) io.err(escapeControl(`dockml: internal error: ${failure} (please report it)`, Boolean(process.env.DOCKML_DEBUG)));
  // A rule that threw left its files unchecked: the run is incomplete, whatever --fail-on says.
  if (results.some((r) => r.findings.some((f) => f.rule === INTERNAL_ERROR))) return 2;
  if (options.failOn === 'never') return 0;
  const threshold = RANK[options.failOn];
  return results.some((r) => r.findings.some((f) => RANK[f.severity] >= threshold)) ? 1 : 0;
}

/** Runs a step of the CLI, turning a usage error into exit code 2 with one line, and anything else into an internal error. */
function guarded(io: Io, step: () => number): number {
  try {
    return step();
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(escapeControl(`dockml: ${error.message}`));
      if (/^(missing command|unknown|--|.* needs at least)/.test(error.message)) io.err("Run 'dockml --help' for usage.");
      return 2;
    }
    const detail = process.env.DOCKML_DEBUG ? (error as Error)?.stack : `${(error as Error)?.message ?? String(error)} (set DOCKML_DEBUG=1 for details)`;
    io.err(escapeControl(`dockml: internal error: ${detail}`, true));
    return 2;
  }
}

/** What linting one file came to, as it crosses from a worker thread. */
type Outcome = { findings: Finding[]; failures: string[] } | { error: { usage: boolean; message: string; stack?: string } };

interface WorkerInput {
  dockmlLintWorker: true;
  files: FileToLint[];
  /** One Int32: the index of the next file to claim, shared by every thread through Atomics. */
  next: SharedArrayBuffer;
}

/** Lints one file the way `main` does, catching what it throws so that the caller can replay it in order. */
function lintOne(linter: Linter, file: string, kind: DocumentKind): Outcome {
  const before = linter.failures.length;
  try {
    const findings = linter.lint(file, kind, readText(file));
    return { findings, failures: linter.failures.slice(before) };
  } catch (error) {
    return { error: { usage: error instanceof UsageError, message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack } };
  }
}

function revive(error: { usage: boolean; message: string; stack?: string }): Error {
  const revived = error.usage ? new UsageError(error.message) : new Error(error.message);
  if (error.stack) revived.stack = error.stack;
  return revived;
}

/**
 * Lints the files on this thread and `threads - 1` workers. Files are claimed one at a time from a shared
 * counter, so a thread that meets a big file simply claims fewer; results come back by index, in file order.
 */
async function lintInParallel(files: FileToLint[], threads: number): Promise<Outcome[]> {
  const next = new SharedArrayBuffer(4);
  const counter = new Int32Array(next);
  const outcomes: (Outcome | undefined)[] = new Array(files.length);
  const input: WorkerInput = { dockmlLintWorker: true, files, next };
  const workers = Array.from({ length: threads - 1 }, () => {
    let worker: Worker;
    try {
      worker = new Worker(__filename, { workerData: input });
    } catch {
      return Promise.resolve(); // No worker (a resource limit, say): this thread lints its share.
    }
    return new Promise<void>((resolve) => {
      worker.on('message', (message: { index: number; outcome: Outcome }) => (outcomes[message.index] = message.outcome));
      // A worker that dies leaves its claimed file without an outcome; this thread lints it again below.
      worker.on('error', () => undefined);
      worker.on('exit', () => resolve());
    });
  });
  const linter = new Linter(files);
  for (let index = Atomics.add(counter, 0, 1); index < files.length; index = Atomics.add(counter, 0, 1)) {
    outcomes[index] = lintOne(linter, files[index].file, files[index].kind);
  }
  await Promise.all(workers);
  return outcomes.map((outcome, index) => outcome ?? lintOne(linter, files[index].file, files[index].kind));
}

/** A worker thread's loop: claim the next file, lint it, post the outcome, until no file is left. */
function lintWorker(input: WorkerInput): void {
  const counter = new Int32Array(input.next);
  const linter = new Linter(input.files);
  for (let index = Atomics.add(counter, 0, 1); index < input.files.length; index = Atomics.add(counter, 0, 1)) {
    parentPort!.postMessage({ index, outcome: lintOne(linter, input.files[index].file, input.files[index].kind) });
  }
}

if (!isMainThread && (workerData as Partial<WorkerInput> | null)?.dockmlLintWorker) lintWorker(workerData as WorkerInput);
else if (require.main === module) {
  // A closed pipe (`dockml lint . | head`) ends the output quietly instead of with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  void run(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
