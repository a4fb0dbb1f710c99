// The explorer against a real engine: a Compose-style ML stack built through the API, then read, watched and acted on.
//
// Needs DOCKER_HOST (scripts/dockerd.sh start prints it); the prune and daemon-restart tests also need
// DOCKML_DOCKERD_DIR, because they remove every unused object or stop the daemon. Without them the suites skip.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import { prune, removeResource } from '../../client/src/explorer/removal';
import type { DockerEngine } from '../../client/src/explorer/engine';
import type { ExplorerNode, ViewId, ViewSettings } from '../../client/src/explorer/model';
import { ExplorerProvider } from '../../client/src/explorer/provider';
import { RefreshManager } from '../../client/src/explorer/refresh';
import { cleanup, engineSkip, ensureImage, find, lines, rawDocker, root, runContainer, scriptedUi, TEST_LABEL, testEngine, throwawaySkip, waitFor } from './harness';

const p = `dmlt${process.pid}`;
const settings: ViewSettings = { groupByProject: false, sortBy: 'name' };
const composeLabels = (kind: 'network' | 'volume', key: string) => ({
  [TEST_LABEL]: '1',
  'com.docker.compose.project': p,
  [`com.docker.compose.${kind}`]: key,
});

/** A confirmation that answers every question with its first button, or cancels. */
const answering = (answer: boolean, during?: () => Promise<void>) => scriptedUi([answer, answer], { during });

describe('explorer on a real engine', { skip: engineSkip }, () => {
  let engine: DockerEngine;
  let docker: Dockerode;
  let ips: Record<string, string>;

  before(async () => {
    engine = testEngine();
    docker = rawDocker(engine);
    await ensureImage(docker);
    await cleanup(docker);
    await docker.createNetwork({
      Name: `${p}_front`,
      Driver: 'bridge',
      Attachable: true,
      IPAM: { Config: [{ Subnet: '10.201.0.0/24', Gateway: '10.201.0.1' }] },
      Labels: composeLabels('network', 'front'),
    });
    await docker.createNetwork({
      Name: `${p}_data`,
      Driver: 'bridge',
      Internal: true,
      IPAM: { Config: [{ Subnet: '10.202.0.0/24', Gateway: '10.202.0.1' }] },
      Labels: composeLabels('network', 'data'),
    });
    await docker.createVolume({ Name: `${p}_models`, Labels: composeLabels('volume', 'models') });
    await docker.createVolume({ Name: `${p}_checkpoints`, Labels: composeLabels('volume', 'checkpoints') });
    await docker.createVolume({ Name: `${p}_spare`, Labels: { [TEST_LABEL]: '1' } });
    // The trainer writes a 1 MB checkpoint, so the volume has a size worth showing.
    await runContainer(
      docker,
      `${p}-trainer`,
      [`${p}_front`, `${p}_data`],
      [
        { volume: `${p}_models`, target: '/models', readOnly: true },
        { volume: `${p}_checkpoints`, target: '/ckpt' },
      ],
      'dd if=/dev/zero of=/ckpt/epoch1.pt bs=1000 count=1000 2>/dev/null; sleep 3600',
    );
    await runContainer(docker, `${p}-db`, [`${p}_data`], [{ volume: `${p}_checkpoints`, target: '/backup' }]);
    await runContainer(docker, `${p}-api`, [`${p}_front`], []);
    ips = {};
    for (const name of ['trainer', 'db', 'api']) {
      const info = await docker.getContainer(`${p}-${name}`).inspect();
      for (const [net, attachment] of Object.entries(info.NetworkSettings.Networks)) ips[`${name}@${net}`] = `${attachment.IPAddress}/${attachment.IPPrefixLen}`;
    }
  });

  after(async () => {
    await cleanup(docker);
  });

  it('shows the networks of the stack with badges, subnets and attached containers with their IPs', async () => {
    const provider = new ExplorerProvider({ engine }, () => settings);
    const front = await find(provider, 'networks', `${p}_front`);
    const data = await find(provider, 'networks', `${p}_data`);
    assert.equal(front?.description, `10.201.0.0/24 · attachable · project ${p}`);
    assert.equal(data?.description, `10.202.0.0/24 · internal · project ${p}`);
    assert.equal(data?.icon?.id, 'shield');
    assert.match(data!.tooltip!, /gateway 10\.202\.0\.1/);
    assert.deepEqual(lines(front), [`${p}-api: ${ips[`api@${p}_front`]} · running`, `${p}-trainer: ${ips[`trainer@${p}_front`]} · running`]);
    assert.deepEqual(lines(data), [`${p}-db: ${ips[`db@${p}_data`]} · running`, `${p}-trainer: ${ips[`trainer@${p}_data`]} · running`]);
    assert.match(ips[`db@${p}_data`], /^10\.202\.0\.\d+\/24$/);
    const bridge = await find(provider, 'networks', 'bridge');
    assert.equal(bridge?.contextValue, 'network.builtin');
    assert.match(bridge!.description!, /built-in/);
    assert.match(provider.title, /^unix:\/\/.+ \(DOCKER_HOST\) · Docker Engine .+ \(API 1\.\d+\)$/);
  });

  it('shows the volumes with size, users, mount paths and unused marks, sizes arriving after the list', async () => {
    const provider = new ExplorerProvider({ engine }, () => settings);
    const first = await find(provider, 'volumes', `${p}_checkpoints`);
    assert.match(first!.description!, /^(size …|[\d.]+ [kM]?B) · 2 containers · project /);
    await provider.whenSettled();
    const checkpoints = await waitFor(
      provider,
      async () => {
        const node = await find(provider, 'volumes', `${p}_checkpoints`);
        return node?.description?.startsWith('1 MB') ? node : (await provider.refresh('volumes', 'manual'), undefined);
      },
      'the checkpoint volume to hold 1 MB',
    );
    assert.equal(checkpoints.description, `1 MB · 2 containers · project ${p}`);
    assert.deepEqual(lines(checkpoints), [`${p}-db: /backup · rw · running`, `${p}-trainer: /ckpt · rw · running`]);
    const models = await find(provider, 'volumes', `${p}_models`);
    assert.equal(models?.description, `0 B · 1 container · project ${p}`);
    assert.deepEqual(lines(models), [`${p}-trainer: /models · ro · running`]);
    const spare = await find(provider, 'volumes', `${p}_spare`);
    assert.equal(spare?.description, '0 B · unused');
    assert.equal(spare?.contextValue, 'volume.unused');
    assert.match(spare!.tooltip!, /Mountpoint: `\/.+\/volumes\/.+_spare\/_data`/);
  });

  it('groups by Compose project when the setting asks for it', async () => {
    const provider = new ExplorerProvider({ engine }, () => ({ groupByProject: true, sortBy: 'name' }));
    const group = (await provider.getChildren('networks')).find((n) => n.label === p);
    assert.equal(group?.description, 'Compose project · 2 networks');
    assert.deepEqual(group?.children?.map((n) => n.label), [`${p}_data`, `${p}_front`]);
  });

  it('updates only the affected nodes on an engine event, without a manual refresh', async () => {
    const provider = new ExplorerProvider({ engine }, () => settings);
    const manager = new RefreshManager(provider, () => engine, { debounceMs: 100 });
    const emitted: Array<{ view: ViewId; nodes: string[] | 'root' }> = [];
    provider.onDidChange((view, nodes) => emitted.push({ view, nodes: nodes ? nodes.map((n) => n.label) : 'root' }));
    try {
      await provider.getChildren('networks');
      await provider.getChildren('volumes');
      await provider.whenSettled();
      manager.setVisible('networks', true);
      manager.setVisible('volumes', true);
      await waitFor(provider, async () => (manager.streamState === 'open' ? true : undefined), 'the events stream');
      emitted.length = 0;
      const loadsBefore = provider.history.length;

      await runContainer(docker, `${p}-eval`, [`${p}_front`], [{ volume: `${p}_spare`, target: '/data', readOnly: true }]);
      const front = await waitFor(
        provider,
        async () => {
          const node = await find(provider, 'networks', `${p}_front`);
          return lines(node).some((l) => l.startsWith(`${p}-eval: 10.201.0.`)) ? node : undefined;
        },
        'the new container under the front network',
      );
      assert.match(lines(front).join('\n'), new RegExp(`${p}-eval: 10\\.201\\.0\\.\\d+/24 · running`));
      const spare = await waitFor(
        provider,
        async () => {
          const node = await find(provider, 'volumes', `${p}_spare`);
          return node?.contextValue === 'volume' && lines(node)[0]?.endsWith('running') ? node : undefined;
        },
        'the spare volume to be in use by a running container',
      );
      assert.deepEqual(lines(spare), [`${p}-eval: /data · ro · running`]);

      const refreshes = provider.history.slice(loadsBefore);
      assert.ok(refreshes.length > 0 && refreshes.every((r) => r.reason === 'event'), `refreshes were ${JSON.stringify(refreshes)}`);
      const networkChanges = emitted.filter((e) => e.view === 'networks');
      assert.ok(networkChanges.length > 0);
      for (const change of networkChanges) {
        assert.notEqual(change.nodes, 'root', 'the list of networks did not change, so the view is not reloaded');
        assert.ok(!change.nodes.includes(`${p}_data`), `the data network was redrawn: ${JSON.stringify(change)}`);
      }
    } finally {
      manager.dispose();
    }
  });

  it('does not offer to delete an in-use volume, says why, and loses nothing', async () => {
    const provider = new ExplorerProvider({ engine }, () => settings);
    const node = (await find(provider, 'volumes', `${p}_checkpoints`)) as ExplorerNode;
    const { ui, asked } = scriptedUi([false]);
    const outcome = await removeResource(engine, node.resource!, ui);
    assert.deepEqual(asked[0].buttons, ['Remove 2 containers and Delete…'], 'no button that deletes what the engine refuses to');
    assert.deepEqual(outcome, { ok: false, cancelled: true, message: 'Nothing was removed.' });
    assert.equal(
      asked[0].detail,
      `Volume “${p}_checkpoints” cannot be deleted while ${p}-db (running), ${p}-trainer (running) mount it: the engine refuses to delete a volume that any container holds, running or stopped. Remove those containers first. Nothing was deleted.`,
    );
    const usage = await engine.volumeUsage();
    assert.equal(usage.get(`${p}_checkpoints`)?.size, 1_000_000, 'the checkpoint is still there');
  });

  it('does not offer to remove a network with running containers, never asks about a built-in one, and does nothing when the user says no', async () => {
    const provider = new ExplorerProvider({ engine }, () => settings);
    const data = (await find(provider, 'networks', `${p}_data`))!;
    const yes = scriptedUi([false]);
    const refused = await removeResource(engine, data.resource!, yes.ui);
    assert.deepEqual(yes.asked[0].buttons, ['Stop 2 containers and Remove…']);
    assert.equal(refused.cancelled, true);
    assert.equal(
      yes.asked[0].detail,
      `Network “${p}_data” cannot be removed while ${p}-db (running), ${p}-trainer (running) are attached: the engine refuses. Stop or disconnect them first. Nothing was removed.`,
    );

    const bridge = (await find(provider, 'networks', 'bridge'))!;
    const never = answering(true);
    const builtin = await removeResource(engine, bridge.resource!, never.ui);
    assert.equal(never.asked.length, 0);
    assert.match(builtin.message, /built-in network/);

    await docker.createVolume({ Name: `${p}_keep`, Labels: { [TEST_LABEL]: '1' } });
    const keep = (await find(provider, 'volumes', `${p}_keep`)) ?? (await provider.refresh('volumes', 'manual'), await find(provider, 'volumes', `${p}_keep`));
    const no = answering(false);
    assert.deepEqual(await removeResource(engine, keep!.resource!, no.ui), { ok: false, cancelled: true, message: 'Nothing was removed.' });
    assert.equal(no.asked.length, 1);
    assert.ok((await engine.listVolumes()).some((v) => v.Name === `${p}_keep`));
  });

  it('removes an unused volume after confirmation', async () => {
    await docker.createVolume({ Name: `${p}_scratch`, Labels: { [TEST_LABEL]: '1' } });
    const outcome = await removeResource(engine, { type: 'volume', name: `${p}_scratch`, users: [] }, answering(true).ui);
    assert.deepEqual(outcome, { ok: true, message: `Removed volume “${p}_scratch”.` });
    assert.ok(!(await engine.listVolumes()).some((v) => v.Name === `${p}_scratch`));
  });
});

describe('explorer on the throwaway daemon', { skip: throwawaySkip }, () => {
  let engine: DockerEngine;
  let docker: Dockerode;
  const dir = process.env.DOCKML_DOCKERD_DIR!;
  const dockerd = (command: 'start' | 'stop') => execFileSync(path.join(root, 'scripts', 'dockerd.sh'), [command, dir], { stdio: ['ignore', 'ignore', 'inherit'] });

  before(async () => {
    engine = testEngine();
    docker = rawDocker(engine);
    await ensureImage(docker);
    await cleanup(docker);
    await docker.createNetwork({ Name: `${p}_live`, Labels: { [TEST_LABEL]: '1' } });
    await docker.createVolume({ Name: `${p}_weights`, Labels: { [TEST_LABEL]: '1' } });
    await runContainer(docker, `${p}-server`, [`${p}_live`], [{ volume: `${p}_weights`, target: '/w' }]);
  });

  after(async () => {
    dockerd('start');
    await cleanup(docker);
  });

  it('prunes exactly the unused objects it listed, and nothing that appeared after', async () => {
    for (const name of ['junk1', 'junk2']) await docker.createVolume({ Name: `${p}_${name}`, Labels: { [TEST_LABEL]: '1' } });
    await docker.createNetwork({ Name: `${p}_junknet`, Labels: { [TEST_LABEL]: '1' } });
    const lateVolume = () => docker.createVolume({ Name: `${p}_late`, Labels: { [TEST_LABEL]: '1' } }).then(() => undefined);
    // Named volumes go only when asked for (as with `docker volume prune --all`); the full list is what is removed.
    const volumes = scriptedUi(['Show All', 'Delete All Unused Volumes'], { during: lateVolume });
    const result = await prune(engine, 'volume', volumes.ui);
    assert.equal(volumes.asked.length, 2);
    const listed = volumes.texts[0].text.split('\n').slice(2, -1).map((l) => l.replace(/ \(.*\)$/, ''));
    assert.ok(listed.includes(`${p}_junk1`) && listed.includes(`${p}_junk2`), volumes.texts[0].text);
    assert.ok(!listed.includes(`${p}_weights`), 'an in-use volume is not listed');
    assert.deepEqual(result.removed, listed);
    assert.equal(result.ok, true);
    const left = (await engine.listVolumes()).map((v) => v.Name);
    assert.ok(left.includes(`${p}_late`), 'a volume created after the listing survives');
    assert.ok(left.includes(`${p}_weights`));
    for (const name of listed) assert.ok(!left.includes(name), `${name} was listed but not removed`);

    const networks = answering(true);
    const netResult = await prune(engine, 'network', networks.ui);
    assert.match(networks.asked[0].message, /^Remove \d+ unused networks?\?$/);
    assert.ok(netResult.removed.includes(`${p}_junknet`));
    assert.ok(!netResult.removed.some((n) => ['bridge', 'host', 'none', `${p}_live`].includes(n)));
    const declined = answering(false);
    assert.deepEqual(await prune(engine, 'volume', declined.ui), { ok: false, cancelled: true, message: 'Nothing was pruned.', removed: [] });
    assert.ok((await engine.listVolumes()).some((v) => v.Name === `${p}_late`));
  });

  it('deletes anonymous volumes by default and keeps named and Compose ones unless asked, marking them', async () => {
    const anonymous = (await docker.createVolume({ Labels: { [TEST_LABEL]: '1' } } as Dockerode.VolumeCreateOptions)).name;
    await docker.createVolume({ Name: `${p}_cache`, Labels: { [TEST_LABEL]: '1' } });
    await docker.createVolume({ Name: `${p}_proj_models`, Labels: { [TEST_LABEL]: '1', 'com.docker.compose.project': `${p}proj`, 'com.docker.compose.volume': 'models' } });
    const dialog = scriptedUi(['Delete Anonymous Volumes']);
    const result = await prune(engine, 'volume', dialog.ui);
    assert.deepEqual(dialog.asked[0].buttons, ['Delete Anonymous Volumes', 'Delete All Unused Volumes', 'Show All']);
    assert.match(dialog.asked[0].message, /^Delete \d+ unused anonymous volumes? and their data/);
    assert.ok(dialog.asked[0].detail.includes(`• ${anonymous} (anonymous`), dialog.asked[0].detail);
    assert.ok(dialog.asked[0].detail.includes(`• ${p}_cache (named`), dialog.asked[0].detail);
    assert.ok(dialog.asked[0].detail.includes(`• ${p}_proj_models (named, Compose project ${p}proj`), dialog.asked[0].detail);
    assert.match(dialog.asked[0].detail, /They are kept, as `docker volume prune` keeps them, unless you choose “Delete All Unused Volumes”/);
    assert.ok(result.removed.includes(anonymous));
    assert.ok(!result.removed.some((name) => name.startsWith(p)), 'no named volume is deleted');
    const left = (await engine.listVolumes()).map((v) => v.Name);
    assert.ok(left.includes(`${p}_cache`) && left.includes(`${p}_proj_models`) && !left.includes(anonymous));
  });

  it('summarises a long prune list, opens the full one on request, reports progress and stops when cancelled', async () => {
    const created: string[] = [];
    for (let i = 0; i < 25; i++) created.push((await docker.createVolume({ Labels: { [TEST_LABEL]: '1' } } as Dockerode.VolumeCreateOptions)).name);
    const dialog = scriptedUi(['Show All', 'Delete Anonymous Volumes'], { cancelAfter: 5 });
    const result = await prune(engine, 'volume', dialog.ui);
    const first = dialog.asked[0];
    assert.ok(first.detail.split('\n').filter((l) => l.startsWith('• ')).length <= 20, 'at most ten names per kind');
    assert.match(first.detail, /… and \d+ more \(“Show All” lists them\)\./);
    assert.ok(first.detail.length < 3000, `a ${first.detail.length}-character dialog`);
    for (const name of created) assert.ok(dialog.texts[0].text.includes(name), `${name} is in the full list`);
    assert.deepEqual(dialog.asked[1].buttons, ['Delete Anonymous Volumes', 'Delete All Unused Volumes']);
    assert.equal(dialog.asked[1].modal, false, 'asked again without a modal, so the list can be read');
    assert.equal(dialog.progress.length, 5);
    assert.deepEqual(dialog.progress.map((r) => r.done), [0, 1, 2, 3, 4]);
    assert.equal(result.removed.length, 5);
    assert.match(result.message, /^Removed 5 volumes: .*\. Stopped as asked; \d+ volumes left in place\.$/);
    const left = new Set((await engine.listVolumes()).map((v) => v.Name));
    assert.equal(created.filter((name) => left.has(name)).length, 20);
  });

  it('keeps the swarm routing-mesh network (ingress) out of a network prune', async () => {
    await docker.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
    try {
      await docker.createNetwork({ Name: `${p}_swarmjunk`, Labels: { [TEST_LABEL]: '1' } });
      const ingress = async () => (await engine.listNetworks()).find((n) => n.Ingress === true);
      const deadline = Date.now() + 20_000;
      while (!(await ingress()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      assert.ok(await ingress(), 'swarm mode creates the ingress network');
      const dialog = scriptedUi([true]);
      const result = await prune(engine, 'network', dialog.ui);
      assert.ok(result.removed.includes(`${p}_swarmjunk`));
      assert.ok(!result.removed.includes('ingress') && !dialog.asked[0].detail.includes('ingress'));
      assert.ok(await ingress(), 'the ingress network is still there');
    } finally {
      await docker.swarmLeave({ force: true });
    }
  });

  it('turns into the unreachable node when the daemon stops, and recovers by itself when it returns', async () => {
    const provider = new ExplorerProvider({ engine }, () => settings);
    const manager = new RefreshManager(provider, () => engine, { debounceMs: 100, backoffInitialMs: 250, backoffMaxMs: 1000 });
    try {
      assert.ok(await find(provider, 'networks', `${p}_live`));
      manager.setVisible('networks', true);
      await waitFor(provider, async () => (manager.streamState === 'open' ? true : undefined), 'the events stream');

      dockerd('stop');
      const down = await waitFor(
        provider,
        async () => {
          const roots = await provider.getChildren('networks');
          return roots[0]?.contextValue === 'state.unreachable' ? roots : undefined;
        },
        'the unreachable node',
      );
      assert.equal(down[0].label, 'Cannot reach the container engine');
      assert.equal(down[0].description, `${process.env.DOCKER_HOST} (DOCKER_HOST)`);
      assert.match(down[1].label, /^(There is no socket at|Nothing accepts connections at|The connection to) .*docker\.sock/);
      assert.deepEqual(
        down.slice(-2).map((n) => [n.label, n.command?.command]),
        [
          ['Retry', 'dockml.explorer.refresh'],
          ['Open settings', 'dockml.explorer.openSettings'],
        ],
      );

      dockerd('start');
      const back = await waitFor(provider, async () => find(provider, 'networks', `${p}_live`), 'the networks to come back', 30_000);
      assert.equal(back.contextValue, 'network');
      assert.ok(provider.history.every((r) => r.reason !== 'manual' || r === provider.history[0]), 'no manual refresh after the first load');
    } finally {
      manager.dispose();
    }
  });
});
