// Whole-process runs from a cold start, the way CI runs a linter: `node dist/cli.js lint` and the dclint
// command line, each timed as a child process (median of several runs).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORPUS, ROOT } from './corpus';
import { DCLINT_BIN } from './peers';
import { median } from './stats';

export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface ProcessRun {
  ms: number;
  code: number | null;
  stdout: string;
}

/** Runs a command `runs` times (after one unmeasured run that warms the disk cache) and returns the median. */
export function timeProcess(args: string[], runs: number, env: NodeJS.ProcessEnv = {}): ProcessRun {
  const once = () => {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } });
    return { ms: performance.now() - started, code: result.status, stdout: result.stdout };
  };
  once();
  const all = Array.from({ length: runs }, once);
  const ms = median(all.map((r) => r.ms));
  return { ...all[0], ms };
}

export function dockmlLint(paths: string[], runs: number, env: NodeJS.ProcessEnv = {}): ProcessRun {
  return timeProcess([CLI, 'lint', '--format', 'json', '--fail-on', 'never', ...paths], runs, env);
}

export function dclintLint(paths: string[], runs: number): ProcessRun {
  return timeProcess([DCLINT_BIN, ...paths], runs);
}

/** The whole corpus from a cold start, as `npm start` and CI would lint a repository. */
export function wholeCorpus(runs: number): ProcessRun {
  return timeProcess([CLI, 'lint', '--fail-on', 'never', CORPUS], runs);
}

/**
 * The corpus Dockerfiles copied `copies` times (with their folders, so neighbour files resolve as in the
 * corpus), for a throughput figure of the CLI with its worker threads that startup does not dominate.
 */
export function replicatedDockerfiles(files: string[], copies: number): { dir: string; paths: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-bench-corpus-'));
  const paths: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    const target = path.join(dir, `copy${copy}`);
    fs.cpSync(CORPUS, target, { recursive: true });
    for (const file of files) paths.push(path.join(target, path.relative(CORPUS, file)));
  }
  return { dir, paths };
}
