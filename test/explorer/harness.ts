// Shared setup for the engine tests: the engine named by DOCKER_HOST, a tiny image, an ML stack, and cleanup.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import type { ActionUi } from '../../client/src/explorer/actions';
import { findOnPath } from '../../client/src/explorer/cli';
import { dockerCliEnv } from '../../client/src/explorer/containers/actions';
import { resolveEndpoint } from '../../client/src/explorer/endpoint';
import { DockerEngine, dockerodeOptions } from '../../client/src/explorer/engine';
import type { ExplorerNode, ViewId } from '../../client/src/explorer/model';
import { findCompose, runsQuietly } from '../../client/src/explorer/projects/lifecycle';
import type { ExplorerProvider } from '../../client/src/explorer/provider';

export const root = path.join(__dirname, '..', '..');
export const IMAGE = 'dockml/busybox:test';
/** Every object the tests create carries this label, so cleanup never touches anything else. */
export const TEST_LABEL = 'dockml.test';

/** Why the engine tests are skipped here, or undefined when DOCKER_HOST names an engine to test against. */
export const engineSkip = process.env.DOCKER_HOST
  ? undefined
  : 'DOCKER_HOST is not set: engine tests need a throwaway daemon (scripts/dockerd.sh start), as .ci/run provides';

/** Why tests that prune everything unused or stop the daemon are skipped: they need the throwaway daemon itself. */
export const throwawaySkip =
  engineSkip ?? (process.env.DOCKML_DOCKERD_DIR ? undefined : 'DOCKML_DOCKERD_DIR is not set: this test stops or prunes the engine, so it runs only on scripts/dockerd.sh');

export function testEngine(timeoutMs = 5000): DockerEngine {
  const endpoint = resolveEndpoint({ env: process.env, platform: process.platform, homedir: os.homedir(), readFile: () => undefined, exists: () => false });
  return new DockerEngine(endpoint, { timeoutMs });
}

export function rawDocker(engine: DockerEngine): Dockerode {
  return new Dockerode(dockerodeOptions(engine.endpoint, 30_000));
}

export async function ensureImage(docker: Dockerode): Promise<void> {
  try {
    await docker.getImage(IMAGE).inspect();
  } catch {
    execFileSync(path.join(root, 'scripts', 'busybox-image.sh'), [IMAGE], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

/** Builds `dockerfile` in `dir` (optionally up to `target`) as `name`: the engine's error, if any, and the build's output. */
export async function buildImage(docker: Dockerode, dir: string, dockerfile: string, name: string, target?: string): Promise<{ error?: string; log: string }> {
  const stream = await docker.buildImage({ context: dir, src: fs.readdirSync(dir) }, { t: name, dockerfile, target, rm: true, forcerm: true });
  const output = await new Promise<Array<{ stream?: string; error?: string }>>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, result: Array<{ stream?: string; error?: string }>) => (error ? reject(error) : resolve(result)));
  });
  return { error: output.find((o) => o.error)?.error, log: output.map((o) => o.stream ?? '').join('') };
}

/** Starts a container that sleeps, on the given networks (the first at create, the rest connected after). */
export async function runContainer(
  docker: Dockerode,
  name: string,
  networks: string[],
  mounts: Array<{ volume: string; target: string; readOnly?: boolean }>,
  script = 'sleep 3600',
): Promise<Dockerode.Container> {
  const container = await docker.createContainer({
    name,
    Image: IMAGE,
    Cmd: ['sh', '-c', script],
    Labels: { [TEST_LABEL]: '1' },
    StopTimeout: 1,
    HostConfig: {
      NetworkMode: networks[0] ?? 'none',
      Mounts: mounts.map((m) => ({ Type: 'volume' as const, Source: m.volume, Target: m.target, ReadOnly: m.readOnly ?? false })),
    },
  });
  for (const network of networks.slice(1)) await docker.getNetwork(network).connect({ Container: container.id });
  await container.start();
  return container;
}

/** Removes every container, network and volume carrying the test label. */
export async function cleanup(docker: Dockerode): Promise<void> {
  const filters = { label: [TEST_LABEL] };
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true, v: false });
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove().catch(() => undefined);
  const { Volumes } = await docker.listVolumes({ filters });
  for (const v of Volumes ?? []) await docker.getVolume(v.Name).remove().catch(() => undefined);
}

/** Resolves once `check` holds, re-checking on every change the provider announces and every 200 ms. */
export async function waitFor<T>(provider: ExplorerProvider, check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((resolve) => {
      const sub = provider.onDidChange(() => {
        sub.dispose();
        resolve();
      });
      setTimeout(() => {
        sub.dispose();
        resolve();
      }, 200);
    });
  }
}

/** The top-level node of a view with this label, looking inside Compose project groups too. */
export async function find(provider: ExplorerProvider, view: ViewId, label: string): Promise<ExplorerNode | undefined> {
  const walk = (nodes: ExplorerNode[]): ExplorerNode | undefined => {
    for (const node of nodes) {
      if (node.label === label && node.resource) return node;
      if (node.contextValue === 'project') {
        const inner = walk(node.children ?? []);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return walk(await provider.getChildren(view));
}

/** A node's children as "label: description" lines, the way a user reads them. */
export function lines(node: ExplorerNode | undefined): string[] {
  return (node?.children ?? []).map((c) => `${c.label}: ${c.description}`);
}

/**
 * A stand-in for the explorer's dialogs: records every question, the texts opened and the progress reported.
 * Each question takes the next answer: a button label, `true` for the first button offered, `false` to cancel.
 * `during` runs while a question is open; `cancelAfter` asks long work to stop after that many reports.
 */
export function scriptedUi(answers: Array<string | boolean>, options: { during?: () => Promise<void>; cancelAfter?: number } = {}) {
  const asked: Array<{ message: string; detail: string; buttons: string[]; modal: boolean }> = [];
  const texts: Array<{ title: string; text: string }> = [];
  const progress: Array<{ done: number; total: number; current: string }> = [];
  const ui: ActionUi = {
    async choose(message, detail, buttons, modal = true) {
      asked.push({ message, detail, buttons, modal });
      await options.during?.();
      const answer = answers.shift() ?? false;
      if (answer === false) return undefined;
      if (answer === true) return buttons[0];
      if (!buttons.includes(answer)) throw new Error(`“${answer}” is not offered; the buttons are ${buttons.join(', ')}`);
      return answer;
    },
    async showText(title, text) {
      texts.push({ title, text });
    },
    withProgress(_title, work) {
      return work({
        report: (done, total, current) => void progress.push({ done, total, current }),
        get cancelled() {
          return options.cancelAfter !== undefined && progress.length >= options.cancelAfter;
        },
      });
    },
  };
  return { ui, asked, texts, progress };
}

/** Runs a command in the image (its own when none is given) to completion: its exit code and what it printed. */
export async function runToCompletion(docker: Dockerode, image: string, cmd?: string[]): Promise<{ code: number; output: string }> {
  const container = await docker.createContainer({ Image: image, Cmd: cmd, Tty: true, Labels: { [TEST_LABEL]: '1' } });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = await container.logs({ stdout: true, stderr: true });
    return { code: StatusCode, output: logs.toString('utf8').replace(/\r\n/g, '\n').trim() };
  } finally {
    await container.remove({ force: true });
  }
}

/** The Compose found on the PATH, as the extension finds it. */
const compose = findCompose({ which: (name) => findOnPath(name), runs: runsQuietly });

/** Why the tests that run Compose on the engine are skipped here, or undefined. */
export const composeSkip = engineSkip ?? ('error' in compose ? `no Compose to run: ${compose.error}` : undefined);

/** A new folder for a Compose file, whose name is the project's; `remove` deletes it. */
export function composeFolder(prefix: string): { dir: string; project: string; file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, project: path.basename(dir).toLowerCase(), file: path.join(dir, 'compose.yaml'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the Compose found on the PATH in `dir`, against `engine` as the extension's terminals do; throws when it fails. */
export function runCompose(engine: DockerEngine, dir: string, args: string[]): Buffer {
  if ('error' in compose) throw new Error(compose.error);
  const env = { ...process.env } as Record<string, string | undefined>;
  for (const [key, value] of Object.entries(dockerCliEnv(engine.endpoint))) env[key] = value ?? undefined;
  return execFileSync(compose.command, [...compose.prefix, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** Writes the tests' small ML stack: a trainer with a `checkpoints` volume and an api, both sleeping busybox. */
export function writeComposeStack(file: string): void {
  const service = (name: string, extra: string[] = []) => [
    `  ${name}:`,
    `    image: ${IMAGE}`,
    '    command: ["sleep", "3600"]',
    // sleep ignores SIGTERM as PID 1, so down would wait the default 10 s for each container.
    '    stop_grace_period: 1s',
    `    labels: { ${TEST_LABEL}: "1" }`,
    ...extra,
  ];
  const lines = [
    "version: '3.8'",
    'services:',
    ...service('trainer', ['    volumes: [ "checkpoints:/ckpt" ]']),
    ...service('api'),
    'volumes:',
    '  checkpoints:',
    `    labels: { ${TEST_LABEL}: "1" }`,
    '',
  ];
  fs.writeFileSync(file, lines.join('\n'));
}
