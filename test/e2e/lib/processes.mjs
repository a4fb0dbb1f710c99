// Starting and ending the end-to-end run's own processes: each in its own process group, ended by id.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Starts a long-lived process in a new process group, so it and every child it forks can be ended together. */
export function startGroup(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true });
  child.on('error', () => undefined);
  return child;
}

/** Ends a process group: SIGTERM, then SIGKILL for whatever is left after `graceMs`. */
export async function endGroup(child, graceMs = 5000) {
  if (!child?.pid) return;
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal('SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!signal(0)) return;
    await delay(100);
  }
  signal('SIGKILL');
}

/**
 * Ends every process whose command line contains `marker` (a temporary folder of this run), by pid.
 * Catches what left its process group: Chromium, which Playwright starts detached, and its helpers.
 */
export function endProcessesMentioning(marker) {
  const ended = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cmdline;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.includes(marker)) continue;
    let comm = '?';
    try {
      comm = readFileSync(`/proc/${name}/comm`, 'utf8').trim();
    } catch {
      // Gone already.
    }
    try {
      process.kill(Number(name), 'SIGKILL');
      ended.push(`${name} (${comm})`);
    } catch {
      // It ended by itself meanwhile.
    }
  }
  return ended;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers with a 2xx status; rejects after `timeoutMs` or when `child` exits first. */
export async function waitForHttp(url, { timeoutMs, child, what }) {
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  child?.once('exit', (code, signal) => {
    exited = signal ?? code;
  });
  let last = '';
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`${what} exited (${exited}) before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await delay(200);
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s (last: ${last})`);
}

/** Runs a command to completion and returns its stdout; throws with its stderr when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${output}`);
  }
  return result.stdout;
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
