// The Docker engine the explorer scenarios read: the throwaway daemon of scripts/dockerd.sh, reused when the
// caller (.ci/run) already started one, started here otherwise; and the docker CLI to change it "from outside".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './fixtures.mjs';
import { run } from './processes.mjs';

const DOCKERD_SH = join(ROOT, 'scripts', 'dockerd.sh');

/** Whether the engine behind `dockerHost` answers. */
export function engineAnswers(dockerHost) {
  const result = spawnSync('docker', ['-H', dockerHost, 'version', '--format', '{{.Server.APIVersion}}'], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0;
}

/** Reads the `export NAME=value` lines dockerd.sh prints. */
function parseExports(text) {
  const env = {};
  for (const match of text.matchAll(/^export (\w+)=(.*)$/gm)) env[match[1]] = match[2];
  return env;
}

/**
 * The engine for this run: {dockerHost, dir, owned} when one runs, or {error} saying why there is none.
 * `owned` tells whether this run started it (and so destroys it at the end).
 */
export function acquireEngine(scratchDir) {
  const reuseDir = process.env.DOCKML_DOCKERD_DIR;
  if (reuseDir && existsSync(join(reuseDir, 'env'))) {
    const env = parseExports(readFileSync(join(reuseDir, 'env'), 'utf8'));
    if (env.DOCKER_HOST && engineAnswers(env.DOCKER_HOST)) return { dockerHost: env.DOCKER_HOST, dir: reuseDir, owned: false };
  }
  if (process.getuid?.() !== 0) return { error: 'the throwaway Docker engine needs root (scripts/dockerd.sh)' };
  const dockerd = spawnSync('sh', ['-c', 'command -v dockerd'], { encoding: 'utf8' });
  if (dockerd.status !== 0) return { error: 'dockerd is not installed (scripts/e2e-setup.sh installs docker.io)' };
  try {
    const dir = join(scratchDir, 'dockerd');
    const env = parseExports(run('bash', [DOCKERD_SH, 'start', dir], { timeout: 60_000 }));
    return { dockerHost: env.DOCKER_HOST, dir: env.DOCKML_DOCKERD_DIR ?? dir, owned: true };
  } catch (error) {
    return { error: `scripts/dockerd.sh start failed: ${error.message}` };
  }
}

/** Stops the daemon but keeps its state, as a user stopping Docker would. */
export function stopEngine(engine) {
  run('bash', [DOCKERD_SH, 'stop', engine.dir], { timeout: 60_000 });
}

/** Starts a stopped daemon again from its state (a no-op when it runs). */
export function restartEngine(engine) {
  run('bash', [DOCKERD_SH, 'start', engine.dir], { timeout: 60_000 });
}

/** Ends the engine as this run found it: destroyed when it started it, running otherwise. */
export function releaseEngine(engine) {
  if (!engine?.dir) return;
  if (engine.owned) run('bash', [DOCKERD_SH, 'destroy', engine.dir], { timeout: 60_000 });
  else if (!engineAnswers(engine.dockerHost)) restartEngine(engine);
}

/** Runs the docker CLI against the engine and returns its trimmed stdout. */
export function docker(engine, ...args) {
  return run('docker', ['-H', engine.dockerHost, ...args], { timeout: 60_000 }).trim();
}

export function networkNames(engine) {
  return docker(engine, 'network', 'ls', '--format', '{{.Name}}').split('\n').filter(Boolean);
}

export function volumeNames(engine) {
  return docker(engine, 'volume', 'ls', '--format', '{{.Name}}').split('\n').filter(Boolean);
}
