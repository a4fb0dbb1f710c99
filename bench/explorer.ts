// The explorer against a real Docker engine with 1,000 containers, 1,000 networks and 1,000 volumes: first render
// (the four views' top level, as VS Code asks when the views open) and event-to-refresh (an engine event until the view has
// redrawn with the change). Uses the explorer's vscode-free core in client/src/explorer/.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { resolveEndpoint } from '../client/src/explorer/endpoint';
import { DockerEngine, dockerodeOptions } from '../client/src/explorer/engine';
import type { ViewId } from '../client/src/explorer/model';
import { ExplorerProvider } from '../client/src/explorer/provider';
import { DEFAULT_DEBOUNCE_MS, RefreshManager } from '../client/src/explorer/refresh';
import { ROOT } from './corpus';
import { median } from './stats';

const LABEL = 'dockml.bench';
const BENCH_IMAGE = 'dockml/busybox:bench';

export interface ExplorerResult {
  containers: number;
  networks: number;
  volumes: number;
  firstRenderMs: number;
  /** With the refresh manager's default debounce, as the extension registers it. */
  eventToRefreshMs: number;
  debounceMs: number;
  /** With no debounce: the cost of one refresh after an event, what the debounce adds to. */
  eventToRefreshUndebouncedMs: number;
  /** A container created until the containers view shows it, with the default debounce. */
  containerEventToRefreshMs: number;
  engine: string;
}

/** Starts a throwaway daemon with scripts/dockerd.sh unless DOCKER_HOST names one; returns how to stop it. */
function engineHost(): { env: NodeJS.ProcessEnv; stop: () => void } {
  if (process.env.DOCKER_HOST) return { env: process.env, stop: () => undefined };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-bench-dockerd-'));
  const script = path.join(ROOT, 'scripts', 'dockerd.sh');
  const exports = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const m of exports.matchAll(/export (\w+)=['"]?([^'"\n]+)['"]?/g)) env[m[1]] = m[2];
  return { env, stop: () => execFileSync('bash', [script, 'destroy', dir], { stdio: ['ignore', 'ignore', 'inherit'] }) };
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export async function explorerBench(count: number, rounds: number): Promise<ExplorerResult> {
  const host = engineHost();
  try {
    const endpoint = resolveEndpoint({ env: host.env, platform: process.platform, homedir: os.homedir(), readFile: () => undefined, exists: () => false });
    const docker = new Dockerode(dockerodeOptions(endpoint, 60_000));
    const version = await docker.version();
    const ids = Array.from({ length: count }, (_, i) => i);
    // Config-only networks: real network objects in the engine's list, without a kernel bridge each (1,000
    // bridges would exhaust the default address pools and add nothing the explorer reads).
    await inBatches(ids, 20, (i) => docker.createNetwork({ Name: `bench-net-${i}`, ConfigOnly: true, Labels: { [LABEL]: '1' } } as Dockerode.NetworkCreateOptions));
    await inBatches(ids, 20, (i) => docker.createVolume({ Name: `bench-vol-${i}`, Labels: { [LABEL]: '1' } }));
    // Created, not started: listed like any container (the view shows every state) without 1,000 processes.
    try {
      await docker.getImage(BENCH_IMAGE).inspect();
    } catch {
      execFileSync(path.join(ROOT, 'scripts', 'busybox-image.sh'), [BENCH_IMAGE], { env: host.env, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    await inBatches(ids, 10, (i) => docker.createContainer({ name: `bench-ctr-${i}`, Image: BENCH_IMAGE, Cmd: ['true'], Labels: { [LABEL]: '1' }, HostConfig: { NetworkMode: 'none' } }));
    const settings = () => ({ groupByProject: false, sortBy: 'name' as const });
    try {
      const renders: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const provider = new ExplorerProvider({ engine: new DockerEngine(endpoint) }, settings);
        const started = performance.now();
        const [containers, networks, volumes] = await Promise.all([
          provider.getChildren('containers'),
          provider.getChildren('networks'),
          provider.getChildren('volumes'),
          provider.getChildren('projects'),
        ]);
        renders.push(performance.now() - started);
        if (containers.length < count || networks.length < count || volumes.length < count) {
          throw new Error(`explorer shows ${containers.length} containers, ${networks.length} networks and ${volumes.length} volumes`);
        }
        await provider.whenSettled();
      }
      // From creating an object until `view`, loaded before with everything above, shows a node labelled with its name.
      const eventToRefresh = async (view: ViewId, debounceMs: number | undefined, create: (name: string) => Promise<unknown>) => {
        const provider = new ExplorerProvider({ engine: new DockerEngine(endpoint) }, settings);
        await provider.getChildren(view);
        const manager = new RefreshManager(provider, () => provider.engine!, debounceMs === undefined ? {} : { debounceMs });
        manager.setVisible(view, true);
        await new Promise((r) => setTimeout(r, 500)); // the events stream is open
        const times: number[] = [];
        for (let round = 0; round < rounds; round++) {
          const name = `bench-event-${view}-${debounceMs ?? 'default'}-${round}`;
          const shown = new Promise<number>((resolve) => {
            const listener = provider.onDidChange(async (changed: ViewId) => {
              if (changed !== view) return;
              const nodes = await provider.getChildren(view);
              if (nodes.some((n) => n.label === name)) {
                listener.dispose();
                resolve(performance.now());
              }
            });
          });
          const started = performance.now();
          await create(name);
          times.push((await shown) - started);
        }
        manager.dispose();
        return median(times);
      };
      const createNetwork = (name: string) => docker.createNetwork({ Name: name, ConfigOnly: true, Labels: { [LABEL]: '1' } } as Dockerode.NetworkCreateOptions);
      const createContainer = (name: string) =>
        docker.createContainer({ name, Image: BENCH_IMAGE, Cmd: ['true'], Labels: { [LABEL]: '1' }, HostConfig: { NetworkMode: 'none' } });
      const debounced = await eventToRefresh('networks', undefined, createNetwork);
      const undebounced = await eventToRefresh('networks', 0, createNetwork);
      const containerEvent = await eventToRefresh('containers', undefined, createContainer);
      return {
        containers: count,
        networks: count,
        volumes: count,
        firstRenderMs: median(renders),
        eventToRefreshMs: debounced,
        debounceMs: DEFAULT_DEBOUNCE_MS,
        eventToRefreshUndebouncedMs: undebounced,
        containerEventToRefreshMs: containerEvent,
        engine: `Docker Engine ${version.Version} (API ${version.ApiVersion})`,
      };
    } finally {
      const filters = { label: [LABEL] };
      await inBatches(await docker.listContainers({ all: true, filters }), 10, (c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined));
      for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove().catch(() => undefined);
      const { Volumes } = await docker.listVolumes({ filters });
      await inBatches(Volumes ?? [], 20, (v) => docker.getVolume(v.Name).remove().catch(() => undefined));
    }
  } finally {
    host.stop();
  }
}
