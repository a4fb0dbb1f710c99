// Incremental updates: an engine event re-reads only the container, network or volume it names, and the views
// still show exactly what the engine has; anything else (a poll, a reconnect, a fault) reads everything again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import { changesOf, MAX_CHANGED, NodeMemo, patchList } from '../../client/src/explorer/changes';
import type { DockerEngine, EngineApi } from '../../client/src/explorer/engine';
import { type ContainerJson, lazyTooltip, type NetworkJson, type ViewSettings } from '../../client/src/explorer/model';
import { buildNetworkNodes } from '../../client/src/explorer/networks/nodes';
import { ExplorerProvider } from '../../client/src/explorer/provider';
import { RefreshManager } from '../../client/src/explorer/refresh';
import { cleanup, engineSkip, ensureImage, find, lines, rawDocker, runContainer, TEST_LABEL, testEngine, waitFor } from './harness';

describe('what a burst of events names', () => {
  it('collects containers, networks and volumes once each, and the container a network or volume event is about', () => {
    const changes = changesOf([
      { Type: 'container', Action: 'start', Actor: { ID: 'c1' } },
      { Type: 'container', Action: 'die', Actor: { ID: 'c1' } },
      { Type: 'network', Action: 'connect', Actor: { ID: 'n1', Attributes: { container: 'c2' } } },
      { Type: 'volume', Action: 'mount', Actor: { ID: 'models', Attributes: { container: 'c1' } } },
      { Type: 'volume', Action: 'create', Actor: { ID: 'scratch' } },
      { Type: 'container', Action: 'start' },
    ]);
    assert.deepEqual(changes, { containers: ['c1', 'c2'], networks: ['n1'], volumes: ['models', 'scratch'] });
  });

  it('names nothing when a burst names more objects than is worth reading one by one (a prune): the view reads everything', () => {
    const prune = Array.from({ length: MAX_CHANGED + 1 }, (_, i) => ({ Type: 'volume', Action: 'destroy', Actor: { ID: `v${i}` } }));
    assert.equal(changesOf(prune), undefined);
    assert.equal(changesOf(prune.slice(1))?.volumes.length, MAX_CHANGED);
  });

  it('patches a list: updates in place, drops what is gone, appends what is new, keeps the rest', () => {
    const list = [
      { id: 'a', v: 1 },
      { id: 'b', v: 1 },
      { id: 'c', v: 1 },
    ];
    const patched = patchList(list, ['a', 'b', 'd'], [{ id: 'd', v: 2 }, { id: 'a', v: 2 }], (x) => x.id);
    assert.deepEqual(patched, [
      { id: 'a', v: 2 },
      { id: 'c', v: 1 },
      { id: 'd', v: 2 },
    ]);
    assert.equal(list.length, 3, 'the list read before is left alone');
  });
});

describe('nodes kept between builds', () => {
  it('are reused while the object and its inputs are the same, and built again when one differs', () => {
    const settings: ViewSettings = { groupByProject: false, sortBy: 'name' };
    const networks: NetworkJson[] = [
      { Id: 'n1', Name: 'front' },
      { Id: 'n2', Name: 'data' },
    ];
    const on = (id: string, network: string, ip: string, state: string): ContainerJson => ({
      Id: id,
      Names: [`/${id}`],
      State: state,
      NetworkSettings: { Networks: { [network]: { NetworkID: network === 'front' ? 'n1' : 'n2', IPAddress: ip, IPPrefixLen: 24 } } },
    });
    const containers = [on('api', 'front', '10.0.0.2', 'running'), on('db', 'data', '10.0.1.2', 'running')];
    const memo = new NodeMemo<NetworkJson>();
    const first = buildNetworkNodes(networks, containers, settings, memo);
    const again = buildNetworkNodes(networks, containers, settings, memo);
    assert.ok(first.every((node, i) => node === again[i]), 'nothing changed: the same nodes');
    // The db container stopped: an event re-read it, so it is a new object; only the data network is built again.
    const stopped = patchList(containers, ['db'], [{ ...containers[1], State: 'exited' }], (c) => c.Id);
    const next = buildNetworkNodes(networks, stopped, settings, memo);
    assert.equal(next.find((n) => n.label === 'front'), first.find((n) => n.label === 'front'));
    const data = next.find((n) => n.label === 'data')!;
    assert.notEqual(data, first.find((n) => n.label === 'data'));
    assert.equal(data.children![0].description, '10.0.1.2/24 · exited');
    assert.notEqual(buildNetworkNodes(networks, stopped, { ...settings, groupByProject: true }, memo)[0], next[0], 'another setting builds again');
  });
});

describe('tooltips written on hover', () => {
  it('are written the first time they are read, once, and compare and copy like any field', () => {
    let written = 0;
    const node = lazyTooltip({ id: 'n', label: 'n', contextValue: 'network' }, () => `**Network n** (${++written})`);
    assert.equal(written, 0, 'showing the list writes no tooltip');
    assert.equal(node.tooltip, '**Network n** (1)');
    assert.equal(node.tooltip, '**Network n** (1)');
    assert.equal(written, 1);
    assert.deepEqual({ ...node }, { id: 'n', label: 'n', contextValue: 'network', tooltip: '**Network n** (1)' });
    assert.match(JSON.stringify(node), /"tooltip":"\*\*Network n\*\* \(1\)"/);
  });
});

const p = `dmli${process.pid}`;
const settings: ViewSettings = { groupByProject: false, sortBy: 'name' };

/** The engine, recording each list call as `listContainers(all)` or `listContainers(ids)`. */
function recording(engine: DockerEngine): { engine: EngineApi; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(engine, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof key === 'string' && key.startsWith('list')) calls.push(`${key}(${args[0] ? 'ids' : 'all'})`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { engine: proxy, calls };
}

describe('incremental updates on a real engine', { skip: engineSkip }, () => {
  let docker: Dockerode;

  before(async () => {
    docker = rawDocker(testEngine());
    await ensureImage(docker);
    await cleanup(docker);
  });

  after(async () => {
    await cleanup(docker);
  });

  it('follows a container, a network and a volume through their lives without listing everything again', async () => {
    const { engine, calls } = recording(testEngine());
    const provider = new ExplorerProvider({ engine }, () => settings);
    const manager = new RefreshManager(provider, () => engine);
    const show = async (view: string, label: string, want: (description: string | undefined) => boolean, what: string) =>
      waitFor(provider, async () => {
        const node = await find(provider, view, label);
        return node && want(node.description) ? node : undefined;
      }, what);
    const gone = async (view: string, label: string) =>
      waitFor(provider, async () => ((await find(provider, view, label)) ? undefined : true), `${label} to leave the ${view} view`);
    try {
      for (const view of ['containers', 'networks', 'volumes']) {
        await provider.getChildren(view);
        manager.setVisible(view, true);
      }
      await provider.whenSettled();
      await waitFor(provider, async () => (manager.streamState === 'open' ? true : undefined), 'the events stream');
      calls.length = 0;

      await docker.createNetwork({ Name: `${p}_net`, Labels: { [TEST_LABEL]: '1' } });
      await docker.createVolume({ Name: `${p}_vol`, Labels: { [TEST_LABEL]: '1' } });
      await show('networks', `${p}_net`, () => true, 'the new network');
      await show('volumes', `${p}_vol`, (d) => !!d?.includes('unused'), 'the new volume, unused');

      const container = await runContainer(docker, `${p}-job`, [`${p}_net`], [{ volume: `${p}_vol`, target: '/data' }]);
      await show('containers', `${p}-job`, (d) => !!d?.startsWith('Up'), 'the running container');
      const net = await waitFor(provider, async () => {
        const node = await find(provider, 'networks', `${p}_net`);
        return lines(node).some((l) => l.startsWith(`${p}-job: `) && l.endsWith('· running')) ? node : undefined;
      }, 'the container under its network');
      assert.match(lines(net)[0], new RegExp(`^${p}-job: \\d+\\.\\d+\\.\\d+\\.\\d+/\\d+ · running$`));
      // The volume shows the container once it is created, then running once its start event is read.
      const vol = await waitFor(provider, async () => {
        const node = await find(provider, 'volumes', `${p}_vol`);
        return node?.description?.includes('1 container') && lines(node).some((l) => l.endsWith('· running')) ? node : undefined;
      }, 'the volume in use by the running container');
      assert.deepEqual(lines(vol), [`${p}-job: /data · rw · running`]);

      await container.stop({ t: 0 });
      await show('containers', `${p}-job`, (d) => !!d?.startsWith('Exited'), 'the stopped container');
      await container.remove();
      await gone('containers', `${p}-job`);
      await show('volumes', `${p}_vol`, (d) => !!d?.includes('unused'), 'the volume unused again');
      await docker.getNetwork(`${p}_net`).remove();
      await docker.getVolume(`${p}_vol`).remove();
      await gone('networks', `${p}_net`);
      await gone('volumes', `${p}_vol`);

      assert.deepEqual(
        calls.filter((c) => c.endsWith('(all)')),
        [],
        `after the first load, every event re-read only what it named: ${calls.join(', ')}`,
      );
      assert.ok(calls.includes('listContainers(ids)') && calls.includes('listNetworks(ids)') && calls.includes('listVolumes(ids)'));

      calls.length = 0;
      await manager.request('networks', 'manual');
      assert.deepEqual(calls.sort(), ['listContainers(all)', 'listNetworks(all)'], 'a manual refresh still reads everything');
    } finally {
      manager.dispose();
    }
  });
});
