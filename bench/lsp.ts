// Editor latency through the real language server (dist/server.js over stdio, as VS Code runs it): time from
// didChange to the publishDiagnostics of that version for every corpus file, a file typed into character by
// character, and the server's memory with 500 documents open.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CorpusFile } from './corpus';
import { ROOT } from './corpus';
import { percentile } from './stats';

interface Published {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

const LANGUAGE = { dockerfile: 'dockerfile', compose: 'dockercompose' } as const;

/** A minimal LSP client for a server child process. */
/**
 * Node options for the server, from BENCH_SERVER_ARGS: `--cpu-prof --cpu-prof-dir=DIR` profiles it while it is
 * measured.
 */
const SERVER_ARGS = process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [];

export class ServerProcess {
  readonly child: ChildProcess;
  readonly connection: MessageConnection;
  private waiters: { test: (p: Published) => boolean; resolve: (p: Published) => void }[] = [];
  /** Versions published per URI, in order, to check that stale results are never published. */
  readonly publishedVersions = new Map<string, number[]>();
  private readonly versions = new Map<string, number>();

  constructor(server = path.join(ROOT, 'dist', 'server.js')) {
    this.child = spawn(process.execPath, [...SERVER_ARGS, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      if (p.version !== undefined) (this.publishedVersions.get(p.uri) ?? this.publishedVersions.set(p.uri, []).get(p.uri)!).push(p.version);
      const ready = this.waiters.filter((w) => w.test(p));
      this.waiters = this.waiters.filter((w) => !w.test(p));
      for (const w of ready) w.resolve(p);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the first publication for `uri` at `version` or later (a later one supersedes it). */
  published(uri: string, version: number): Promise<Published> {
    return new Promise((resolve) => this.waiters.push({ test: (p) => p.uri === uri && (p.version ?? 0) >= version, resolve }));
  }

  async open(uri: string, languageId: string, text: string): Promise<Published> {
    this.versions.set(uri, 1);
    const published = this.published(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return published;
  }

  /** Sends an incremental change and returns its version. */
  change(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    const cleared = new Promise<void>((resolve) => this.waiters.push({ test: (p) => p.uri === uri && p.version === undefined, resolve: () => resolve() }));
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await cleared;
  }

  /** Resident memory of the server process, from /proc. */
  rss(): number {
    const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) * 1024;
  }

  async dispose(): Promise<void> {
    await this.connection.sendRequest('shutdown').catch(() => undefined);
    await this.connection.sendNotification('exit').catch(() => undefined);
    this.connection.dispose();
    // Node writes a profile asked for in SERVER_ARGS as the server exits: give it the time.
    if (SERVER_ARGS.length > 0 && this.child.exitCode === null) await new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill();
  }
}

function endOf(text: string): { line: number; character: number } {
  const lines = text.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

export interface LatencyResult {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  openP50: number;
  openP99: number;
}

/** didChange → publishDiagnostics of that version, `edits` times for every corpus file. */
export async function corpusLatency(files: CorpusFile[], edits: number): Promise<LatencyResult> {
  const server = new ServerProcess();
  await server.initialize();
  const latencies: number[] = [];
  const opens: number[] = [];
  // One unmeasured pass warms the JIT as a few minutes of editing would.
  for (const measured of [false, true]) {
    for (const f of files) {
      const uri = pathToFileURL(f.file).href;
      let started = performance.now();
      await server.open(uri, LANGUAGE[f.kind], f.text);
      if (measured) opens.push(performance.now() - started);
      let text = f.text;
      for (let i = 0; i < edits; i++) {
        // Type a space at the end of the file: every rule runs again, as on any keystroke.
        const end = endOf(text);
        text += ' ';
        started = performance.now();
        const version = server.change(uri, { start: end, end }, ' ');
        await server.published(uri, version);
        if (measured) latencies.push(performance.now() - started);
      }
      await server.close(uri);
    }
  }
  await server.dispose();
  return { samples: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), openP50: percentile(opens, 50), openP99: percentile(opens, 99) };
}

export interface TypingResult {
  keystrokes: number;
  p50: number;
  p99: number;
  /** Publications whose version was older than one already published for the same document. */
  stale: number;
  /** Whether the last version typed was the last one published. */
  finalPublished: boolean;
  /** In a burst with no pause between keystrokes: how many versions were published out of how many sent. */
  burst: { sent: number; published: number; stale: number; finalPublished: boolean };
}

function staleCount(versions: number[]): number {
  let stale = 0;
  let highest = 0;
  for (const v of versions) {
    if (v < highest) stale++;
    highest = Math.max(highest, v);
  }
  return stale;
}

/**
 * Types `line` character by character at the end of a corpus Dockerfile, one keystroke every `gapMs`, and
 * measures each keystroke's latency to a publication of its version or a later one; then the same line in a
 * burst with no pause, where the server should skip superseded versions and never publish an older one.
 */
export async function typing(file: CorpusFile, line: string, gapMs: number): Promise<TypingResult> {
  const server = new ServerProcess();
  await server.initialize();
  const uri = pathToFileURL(file.file).href;
  await server.open(uri, LANGUAGE[file.kind], file.text);
  let text = file.text.endsWith('\n') ? file.text : `${file.text}\n`;
  if (text !== file.text) {
    const end = endOf(file.text);
    await server.published(uri, server.change(uri, { start: end, end }, '\n'));
  }
  const latencies: number[] = [];
  const type = async (pause: boolean) => {
    const pending: Promise<void>[] = [];
    let last = 0;
    for (const ch of line + '\n') {
      const end = endOf(text);
      text += ch;
      const started = performance.now();
      const version = server.change(uri, { start: end, end }, ch);
      last = version;
      const done = server.published(uri, version).then(() => void (pause && latencies.push(performance.now() - started)));
      pending.push(done);
      // A typist does not wait for the server: the next key comes `gapMs` later whatever happens.
      if (pause) await new Promise((r) => setTimeout(r, gapMs));
    }
    await Promise.all(pending);
    return last;
  };
  // One unmeasured line first: the server's JIT warms up as in any editing session's first seconds.
  await type(true);
  latencies.length = 0;
  const warm = (server.publishedVersions.get(uri) ?? []).length;
  const lastSlow = await type(true);
  const slowVersions = [...(server.publishedVersions.get(uri) ?? [])].slice(warm);
  const before = (server.publishedVersions.get(uri) ?? []).length;
  const lastBurst = await type(false);
  const all = server.publishedVersions.get(uri) ?? [];
  const burstVersions = all.slice(before);
  await server.dispose();
  return {
    keystrokes: line.length + 1,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    stale: staleCount(slowVersions),
    finalPublished: slowVersions.includes(lastSlow),
    burst: { sent: line.length + 1, published: burstVersions.length, stale: staleCount(all), finalPublished: all[all.length - 1] === lastBurst },
  };
}

/** The server's resident memory once `count` documents are open and analysed (corpus files, cycled). */
export async function memoryWithOpenDocuments(files: CorpusFile[], count: number): Promise<{ baseline: number; open: number; perDocument: number }> {
  const server = new ServerProcess();
  await server.initialize();
  await new Promise((r) => setTimeout(r, 200));
  const baseline = server.rss();
  for (let i = 0; i < count; i++) {
    const f = files[i % files.length];
    // Distinct documents in distinct folders, as in a large monorepo, opened one after the other as a person
    // (or an editor restoring its tabs) opens them.
    const uri = pathToFileURL(path.join(path.dirname(f.file), `bench-copy-${i}`, path.basename(f.file))).href;
    await server.open(uri, LANGUAGE[f.kind], f.text);
  }
  await new Promise((r) => setTimeout(r, 500));
  const open = server.rss();
  await server.dispose();
  return { baseline, open, perDocument: (open - baseline) / count };
}

/** The editor requests measured for every corpus file, each at a few positions. */
const EDITOR_REQUESTS = [
  'textDocument/completion',
  'textDocument/hover',
  'textDocument/documentHighlight',
  'textDocument/references',
  'textDocument/prepareRename',
  'textDocument/documentSymbol',
  'textDocument/foldingRange',
  'textDocument/documentLink',
  'textDocument/formatting',
] as const;

export type EditorRequestResult = Record<(typeof EDITOR_REQUESTS)[number], { samples: number; p50: number; p99: number; max: number }>;

/**
 * The time of each editor request (completion, hover, outline, formatting, …) through the real server, for every
 * corpus file: the whole-document requests once per file, the positional ones at the start and end of up to 20
 * lines spread over the file. The document is open and analysed first, as when a person works in it.
 */
export async function editorRequests(files: CorpusFile[]): Promise<EditorRequestResult> {
  const server = new ServerProcess();
  await server.initialize();
  const times = new Map<string, number[]>(EDITOR_REQUESTS.map((r) => [r, []]));
  // One unmeasured pass warms the JIT as a few minutes of editing would.
  for (const measured of [false, true]) {
    for (const f of files) {
      const uri = pathToFileURL(f.file).href;
      await server.open(uri, LANGUAGE[f.kind], f.text);
      const lines = f.text.split(/\r\n|\r|\n/);
      const step = Math.max(1, Math.floor(lines.length / 20));
      const positions: { line: number; character: number }[] = [];
      for (let line = 0; line < lines.length; line += step) positions.push({ line, character: Math.min(2, lines[line].length) }, { line, character: lines[line].length });
      for (const method of EDITOR_REQUESTS) {
        const whole = method === 'textDocument/documentSymbol' || method === 'textDocument/foldingRange' || method === 'textDocument/documentLink' || method === 'textDocument/formatting';
        for (const position of whole ? [undefined] : positions) {
          const params = {
            textDocument: { uri },
            ...(position ? { position } : {}),
            ...(method === 'textDocument/references' ? { context: { includeDeclaration: true } } : {}),
            ...(method === 'textDocument/formatting' ? { options: { tabSize: 4, insertSpaces: true } } : {}),
          };
          const started = performance.now();
          await server.connection.sendRequest(method, params);
          if (measured) times.get(method)!.push(performance.now() - started);
        }
      }
      await server.close(uri);
    }
  }
  await server.dispose();
  const result = {} as EditorRequestResult;
  for (const [method, samples] of times) {
    result[method as (typeof EDITOR_REQUESTS)[number]] = { samples: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples) };
  }
  return result;
}
