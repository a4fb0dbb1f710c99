// The build context measurement on a generated 100,000-file context: how long the walk takes (the shipped code,
// bundled), and how long other documents' diagnostics wait in the real language server while it runs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine } from './build';
import { ServerProcess } from './lsp';
import { percentile } from './stats';

export interface ContextBenchResult {
  files: number;
  kept: number;
  bytes: number;
  /** The fastest walk, in milliseconds, and every round's. */
  fastestMs: number;
  roundsMs: number[];
  /** didChange → publishDiagnostics of another Dockerfile while the server measures the context. */
  editsDuring: number;
  p50: number;
  p99: number;
  max: number;
  /** The same edits before the measurement started. */
  baselineP50: number;
  baselineP99: number;
  /** How long the server took from opening the Dockerfile to reporting the measured context. */
  serverMeasureMs: number;
}

/**
 * Writes `count` small files in folders of 100 (a tenth of them under `cache/`, which `.dockerignore` leaves out),
 * plus one sparse 200 MB file, so that the context is reported.
 */
function generate(dir: string, count: number): void {
  const made = new Set<string>();
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, i % 10 === 0 ? 'cache' : 'src', `d${Math.floor(i / 100)}`);
    if (!made.has(folder)) fs.mkdirSync(folder, { recursive: true }), made.add(folder);
    fs.writeFileSync(path.join(folder, `f${i}.py`), 'x = 1\n');
  }
  fs.mkdirSync(path.join(dir, 'data'));
  fs.closeSync(fs.openSync(path.join(dir, 'data', 'images.tar'), 'w'));
  fs.truncateSync(path.join(dir, 'data', 'images.tar'), 200_000_000);
  fs.writeFileSync(path.join(dir, '.dockerignore'), 'cache\n');
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n');
}

export async function contextBench(engine: Engine, count: number, rounds: number): Promise<ContextBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-bench-context-'));
  try {
    generate(dir, count);
    const ignore = path.join(dir, '.dockerignore');
    const roundsMs: number[] = [];
    let size = await engine.measureContext(dir, ignore, 60_000);
    for (let i = 0; i < rounds; i++) {
      size = await engine.measureContext(dir, ignore, 60_000);
      roundsMs.push(size.elapsedMs);
    }

    // The server measures the context after its first analysis of the Dockerfile; meanwhile another Dockerfile is
    // edited line by line, and each edit's diagnostics are timed.
    const server = new ServerProcess();
    await server.initialize();
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    const other = pathToFileURL(path.join(os.tmpdir(), 'dockml-bench-other', 'Dockerfile')).href;
    const reported = (async () => {
      for (;;) {
        const published = await server.published(uri, 1);
        if ((published.diagnostics as { code?: string }[]).some((d) => d.code === 'large-build-context')) return performance.now();
      }
    })();
    await server.open(other, 'dockerfile', 'FROM python:3.12-slim\n');
    // The same edits with no measurement running first: what the machine gives without one.
    const baseline: number[] = [];
    for (let line = 1; line <= 30; line++) {
      const started = performance.now();
      await server.published(other, server.change(other, { start: { line, character: 0 }, end: { line, character: 0 } }, 'RUN true\n'));
      baseline.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const opened = performance.now();
    await server.open(uri, 'dockerfile', fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'));
    let done = false;
    const finished = reported.then((at) => ((done = true), at));
    const latencies: number[] = [];
    for (let line = 31; !done && line < 100_000; line++) {
      const started = performance.now();
      await server.published(other, server.change(other, { start: { line, character: 0 }, end: { line, character: 0 } }, 'RUN true\n'));
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const serverMeasureMs = (await finished) - opened;
    await server.dispose();
    return {
      files: count,
      kept: size.files,
      bytes: size.bytes,
      fastestMs: Math.min(...roundsMs),
      roundsMs,
      editsDuring: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      baselineP50: percentile(baseline, 50),
      baselineP99: percentile(baseline, 99),
      serverMeasureMs,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
