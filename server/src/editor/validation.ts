// Keeps each open document's diagnostics current: schedules analysis after edits (debounced by what the
// last analysis of that document cost), drops superseded work, and publishes results tagged with the
// version they were computed for, so stale results never overwrite fresh ones.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Connection, Diagnostic, DiagnosticSeverity, Range, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticData, SOURCE } from './codeActions';
import { analyze, Finding, ParsedModel } from '../analysis/diagnostics';
import { kindOfDocument, OverlayFileHost, ParseCache } from '../analysis/documents';
import { ComposeBuildersIndex, repositoryRoot } from '../project/builders';
import { serviceBuild, ServiceBuild } from '../project/serviceBuild';
import { buildContext, BuildContext } from '../project/context';
import { ContextSize, ContextSizes } from '../project/contextSize';
import { ContextWorker } from '../project/contextWorker';
import { DockerfileModel } from '../dockerfile/model';
import { ruleIds } from '../rules';
import type { RuleDocsLinks } from './ruleDocs';
import type { ComposeBuilder, Severity } from '../rules/types';
import { DockmlSettings, ProjectConfig, ProjectConfigResolver, ruleSeverity } from '../analysis/settings';
import { comparePositions, plainText } from '../text';

/**
 * Parsed models kept for this many open documents, the most recently analysed or asked about; the others are
 * parsed again when next needed. A model takes about 75 kB, so 500 open documents would otherwise hold 38 MB.
 */
const KEPT_MODELS = 50;

/**
 * The longest a build context is walked before its size is given as a lower bound. The walk runs in slices between
 * other work, so this bounds the disk traffic of a huge context, not the wait of any request.
 */
const CONTEXT_BUDGET_MS = 10_000;
/** A measured context is checked against the disk again when asked for after this long. */
const CONTEXT_RECHECK_MS = 5_000;

/** What an unreadable `.dockml.yaml` means for the documents below it. */
const UNREADABLE_CONSEQUENCE = 'the rules below this folder run at their default severities until it can be read.';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The path of a `file:` URI, or undefined for unsaved and virtual documents. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Where the rule pages are: passed by the client, else found beside the bundle or the sources. */
export function findDocsRoot(hint: string | undefined): string | undefined {
  if (hint && fs.existsSync(hint)) return hint;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * How long to wait before analysing a document again, given what its last analyses cost (the latest first). What fits
 * in a frame runs at once; a document whose last two analyses both took longer waits twice the cheaper of them, so that
 * typing stays smooth. One slow analysis alone (the first, before the JIT has warmed; one a garbage collection
 * interrupted) delays nothing: waiting twice its cost before the next keystroke's diagnostics made every hiccup count
 * three times.
 */
export function analysisDelay(costs: readonly number[]): number {
  const cost = costs.length < 2 ? 0 : Math.min(costs[0], costs[1]);
  return cost < 16 ? 0 : Math.min(500, cost * 2);
}

export class Validator {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** What the last two analyses of each document cost, in milliseconds (the latest first), to size its debounce. */
  private readonly costs = new Map<string, number[]>();
  private readonly findings = new Map<string, { version: number; findings: Finding[] }>();
  private readonly configProblems = new Set<string>();
  /** For each file path, the documents whose findings read it (a Compose file reads the Dockerfiles it builds). */
  private readonly dependents = new Map<string, Set<string>>();
  /**
   * The open documents by file path, for reading them instead of the disk. Looked up by the path the client's
   * uri names, not by a uri rebuilt from a path (which costs seconds on a path 20,000 folders deep, and need
   * not spell the uri as the client does).
   */
  private readonly openPaths = new Map<string, string>();
  readonly cache = new ParseCache();
  /** The documents whose models the cache keeps, least recently used first. */
  private readonly kept = new Set<string>();
  readonly files: OverlayFileHost;
  readonly configs: ProjectConfigResolver;
  /** The Compose services that build each Dockerfile; folder listings are forgotten when files change on disk. */
  private readonly builders = new ComposeBuildersIndex();
  /** The workspace folders' paths, which bound the search for those Compose files. */
  workspaceFolders: string[] = [];
  /** Build context sizes, measured in the background; a finished measurement analyses the documents that asked again. */
  readonly contextSizes: ContextSizes;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: (uri: string) => Promise<DockmlSettings>,
    private readonly docs: RuleDocsLinks | undefined,
    /** The script that measures build contexts on a worker thread (the server's own), if any. */
    contextWorkerScript?: string,
  ) {
    const worker = contextWorkerScript ? new ContextWorker(contextWorkerScript) : undefined;
    this.contextSizes = new ContextSizes({
      budgetMs: CONTEXT_BUDGET_MS,
      recheckMs: CONTEXT_RECHECK_MS,
      onMeasured: (size) => {
        for (const dependent of this.dependents.get(size.dir) ?? []) if (this.documents.get(dependent)) this.scheduleOne(dependent);
      },
      measure: worker && ((dir, ignoreFile, budgetMs, dirs) => worker.measure(dir, ignoreFile, budgetMs, dirs)),
    });
    this.files = new OverlayFileHost((file) => {
      const uri = this.openPaths.get(file);
      return uri === undefined ? undefined : this.documents.get(uri)?.getText();
    });
    this.configs = new ProjectConfigResolver(this.files, ruleIds);
  }

  /**
   * Schedules an analysis of a document and of the documents that depend on it; a call while one is
   * pending for the same document joins it (the pending run reads the document's latest version).
   */
  schedule(uri: string): void {
    this.scheduleOne(uri);
    const file = uriToPath(uri);
    if (file) this.openPaths.set(file, uri);
    for (const dependent of (file && this.dependents.get(file)) || []) {
      if (dependent !== uri && this.documents.get(dependent)) this.scheduleOne(dependent);
    }
  }

  private scheduleOne(uri: string): void {
    // A pending run analyses whatever version is current when it fires, so it is kept: restarting it on every
    // keystroke published nothing until the typist paused (over a second on a 400-line Dockerfile).
    if (this.timers.has(uri)) return;
    this.timers.set(uri, setTimeout(() => void this.run(uri), analysisDelay(this.costs.get(uri) ?? [])));
  }

  /** Forgets a closed document and clears its diagnostics. */
  close(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.costs.delete(uri);
    this.findings.delete(uri);
    this.cache.delete(uri);
    this.kept.delete(uri);
    this.forgetDependencies(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    // Documents that read this one now read it from disk.
    const file = uriToPath(uri);
    if (file) this.openPaths.delete(file);
    for (const dependent of (file && this.dependents.get(file)) || []) this.scheduleOne(dependent);
  }

  /** Re-analyses every open document, after settings or configuration files changed. */
  revalidateAll(): void {
    this.configs.clear();
    this.builders.forget();
    for (const uri of this.configProblems) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.configProblems.clear();
    for (const document of this.documents.all()) this.schedule(document.uri);
  }

  /** The parsed model of an open document's current version, shared with the analysis. */
  model(uri: string): ParsedModel | undefined {
    const document = this.documents.get(uri);
    const kind = document && kindOfDocument(document.languageId, uriToPath(uri), document.getText());
    return document && kind ? this.keep(uri, this.cache.get(uri, document.version, kind, document.getText())) : undefined;
  }

  /** Marks a document's model as recently used, and lets the cache forget the least recently used beyond KEPT_MODELS. */
  private keep<T>(uri: string, model: T): T {
    this.kept.delete(uri);
    this.kept.add(uri);
    for (const oldest of this.kept) {
      if (this.kept.size <= KEPT_MODELS) break;
      this.kept.delete(oldest);
      this.cache.delete(oldest);
    }
    return model;
  }

  /** The link to a rule's page, in a diagnostic or a hover, when the pages are available. */
  docsLink(rule: string, where: keyof RuleDocsLinks = 'diagnostic'): string | undefined {
    // The engine's own findings (`internal-error`, `file-too-large`) are no rules and have no page.
    return this.docs && ruleIds.has(rule) ? this.docs[where](rule) : undefined;
  }

  /** The findings of the document's current version, analysing it now if needed (for hovers). */
  async current(uri: string): Promise<Finding[]> {
    return (await this.analysis(uri))?.findings ?? [];
  }

  /**
   * The findings of the document's current version together with that version, analysing it now if needed
   * (for fix-all, whose edits must name the version they were computed for); undefined when the document is
   * closed, of no kind DockML reads, or changed during the analysis.
   */
  async analysis(uri: string): Promise<{ version: number; findings: Finding[] } | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const known = this.findings.get(uri);
    if (known && known.version === document.version) return known;
    const findings = await this.analyze(document);
    return findings && { version: document.version, findings };
  }

  /**
   * The diagnostics a code action request names, made current: a DockML diagnostic computed for another
   * version of the document (its fixes hold that version's offsets) is replaced by the current findings of
   * its rule within `range`. Also returns the version the result belongs to.
   */
  async currentDiagnostics(uri: string, requested: Diagnostic[], range: Range): Promise<{ version: number; diagnostics: Diagnostic[] } | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const isStale = (d: Diagnostic) => d.source === SOURCE && (d.data as DiagnosticData | undefined)?.version !== document.version;
    const stale = requested.filter(isStale);
    if (stale.length === 0) return { version: document.version, diagnostics: requested };
    const current = await this.analysis(uri);
    if (!current) return undefined;
    const rules = new Set(stale.map((d) => d.code));
    const fresh = current.findings
      .filter((f) => rules.has(f.rule) && comparePositions(f.range.start, range.end) <= 0 && comparePositions(range.start, f.range.end) <= 0)
      .map((f) => this.toDiagnostic(f, current.version));
    return { version: current.version, diagnostics: [...requested.filter((d) => !isStale(d)), ...fresh] };
  }

  /** Analyses a document and publishes the result; a failure is logged, and never ends the server. */
  private async run(uri: string): Promise<void> {
    this.timers.delete(uri);
    const document = this.documents.get(uri);
    if (!document) return;
    try {
      const findings = await this.analyze(document);
      // The document may have changed or closed while settings were fetched: then this result is stale.
      const now = this.documents.get(uri);
      if (!findings || !now || now.version !== document.version) return;
      const diagnostics = findings.map((f) => this.toDiagnostic(f, document.version));
      void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    } catch (error) {
      this.connection.console.error(`Analysis of ${uri} failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  }

  private async analyze(document: TextDocument): Promise<Finding[] | undefined> {
    const file = uriToPath(document.uri);
    const kind = kindOfDocument(document.languageId, file, document.getText());
    if (!kind) return undefined;
    const version = document.version;
    const settings = await this.settings(document.uri);
    if (this.documents.get(document.uri)?.version !== version) return undefined;
    const started = performance.now();
    const config = file ? this.configs.forFile(file) : undefined;
    if (config) this.publishConfigProblems(config);
    const text = document.getText();
    const read = new Set<string>();
    const files = {
      readFile: (p: string) => (read.add(p), this.files.readFile(p)),
      exists: (p: string) => (read.add(p), this.files.exists(p)),
    };
    const { findings, failures } = analyze({
      kind,
      text,
      path: file,
      files,
      // Read through `files`, so that an edit to a Compose file that builds this Dockerfile schedules it again.
      builders: kind === 'dockerfile' && file ? this.builders.of(file, files, this.workspaceFolderOf(file)) : [],
      root: kind === 'dockerfile' && file ? repositoryRoot(file, files, this.workspaceFolderOf(file)) : undefined,
      model: this.keep(document.uri, this.cache.get(document.uri, version, kind, text)),
      // The context folder is recorded like a file read, so that its measurement, when it arrives, schedules this document.
      contextSize: (dir, ignoreFile) => (read.add(dir), this.contextSizes.get(dir, ignoreFile)),
      severity: (rule) => ruleSeverity(rule, config, settings),
    });
    for (const failure of failures) {
      const error = failure.error as Error;
      this.connection.console.error(`Rule ${failure.rule} failed on ${document.uri}: ${error?.stack ?? String(error)}`);
    }
    this.recordDependencies(document.uri, read);
    const cost = performance.now() - started;
    this.costs.set(document.uri, [cost, ...(this.costs.get(document.uri) ?? []).slice(0, 1)]);
    this.connection.console.debug(`Analysed ${file ?? document.uri} (version ${version}, ${kind}) in ${cost.toFixed(1)} ms: ${findings.length} findings`);
    this.findings.set(document.uri, { version, findings });
    return findings;
  }

  /**
   * The build context of an open Dockerfile and its size when measured (asking starts the measurement), for hovers;
   * undefined for other documents and unsaved ones.
   */
  buildContextOf(uri: string): { context: BuildContext; size?: ContextSize } | undefined {
    const file = uriToPath(uri);
    const model = this.model(uri);
    if (!file || !(model instanceof DockerfileModel)) return undefined;
    const context = buildContext(file, model, this.builders.of(file, this.files, this.workspaceFolderOf(file)), this.files);
    return { context, size: this.contextSizes.get(context.dir, context.ignored ? context.ignoreFile : undefined) };
  }

  /** What the roles of an open Dockerfile depend on besides its text: the Compose services that build it and its project root. */
  projectOf(uri: string): { builders: ComposeBuilder[]; root?: string } {
    const file = uriToPath(uri);
    if (!file || !(this.model(uri) instanceof DockerfileModel)) return { builders: [] };
    return { builders: this.builders.of(file, this.files, this.workspaceFolderOf(file)), root: repositoryRoot(file, this.files, this.workspaceFolderOf(file)) };
  }

  /** How each Compose service that builds an open Dockerfile builds it, nearest Compose file first. */
  serviceBuildsOf(uri: string): ServiceBuild[] {
    const file = uriToPath(uri);
    if (!file || !(this.model(uri) instanceof DockerfileModel)) return [];
    return this.builders.of(file, this.files, this.workspaceFolderOf(file)).flatMap((b) => serviceBuild(b.composeFile, b.service, this.files) ?? []);
  }

  /** The innermost workspace folder holding `file`, if any. */
  workspaceFolderOf(file: string): string | undefined {
    return this.workspaceFolders.filter((folder) => file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  private recordDependencies(uri: string, paths: Set<string>): void {
    this.forgetDependencies(uri);
    for (const p of paths) {
      const set = this.dependents.get(p) ?? new Set<string>();
      set.add(uri);
      this.dependents.set(p, set);
    }
  }

  private forgetDependencies(uri: string): void {
    for (const [p, set] of this.dependents) {
      set.delete(uri);
      if (set.size === 0) this.dependents.delete(p);
    }
  }

  private toDiagnostic(finding: Finding, version: number): Diagnostic {
    const data: DiagnosticData = { version, fixes: finding.fixes };
    const href = this.docsLink(finding.rule);
    return {
      range: finding.range,
      severity: SEVERITY[finding.severity],
      code: finding.rule,
      codeDescription: href ? { href } : undefined,
      source: SOURCE,
      // The Problems panel shows plain text, so the message's Markdown quoting becomes plain quotes.
      message: plainText(finding.message),
      data,
    };
  }

  /** Shows what is wrong in a `.dockml.yaml` as diagnostics on that file, once per configuration load. */
  private publishConfigProblems(config: ProjectConfig): void {
    const uri = pathToFileURL(config.path).href;
    if (config.problems.length === 0 || this.configProblems.has(uri)) return;
    this.configProblems.add(uri);
    const start = { line: 0, character: 0 };
    void this.connection.sendDiagnostics({
      uri,
      diagnostics: config.problems.map((message) => ({
        range: { start, end: start },
        severity: DiagnosticSeverity.Warning,
        source: SOURCE,
        message: `${message.replace(`${config.path}: `, '')}; ${config.unreadable ? UNREADABLE_CONSEQUENCE : 'this entry is ignored.'}`,
      })),
    });
  }
}
