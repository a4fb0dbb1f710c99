// Findings of an adversarial probe, each replayed on a real engine: views shown again, what removals really do,
// and what prunes take. Needs DOCKER_HOST, like engine.test.ts; the objects carry the test label and a unique prefix.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import { removeResource } from '../../client/src/explorer/removal';
import type { DockerEngine } from '../../client/src/explorer/engine';
import type { ViewSettings } from '../../client/src/explorer/model';
import { ExplorerProvider } from '../../client/src/explorer/provider';
import { RefreshManager } from '../../client/src/explorer/refresh';
import { engineSkip, ensureImage, find, IMAGE, rawDocker, scriptedUi, testEngine, waitFor } from './harness';

const p = `dmlh${process.pid}`;
const settings: ViewSettings = { groupByProject: false, sortBy: 'name' };
// A label of its own: engine.test.ts cleans up everything with the shared test label, and may run alongside.
const LABEL = 'dockml.test.hardening';

describe('explorer hardening on a real engine', { skip: engineSkip }, () => {
  let engine: DockerEngine;
  let docker: Dockerode;

  before(async () => {
    engine = testEngine();
    docker = rawDocker(engine);
    await ensureImage(docker);
  });

  after(async () => {
    const filters = { label: [LABEL] };
    for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
    for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove().catch(() => undefined);
    for (const v of (await docker.listVolumes({ filters })).Volumes ?? []) await docker.getVolume(v.Name).remove().catch(() => undefined);
  });

  /** Creates a container that is never started, on a network and mounting a volume. */
  const stoppedContainer = (name: string, network: string, volume?: string) =>
    docker.createContainer({
      name,
      Image: IMAGE,
      Cmd: ['true'],
      Labels: { [LABEL]: '1' },
      HostConfig: { NetworkMode: network, Mounts: volume ? [{ Type: 'volume', Source: volume, Target: '/data' }] : [] },
    });

  it('warns that removing a network used only by stopped containers succeeds and keeps them from starting, and it does', async () => {
    await docker.createNetwork({ Name: `${p}_stale`, Labels: { [LABEL]: '1' } });
    const container = await stoppedContainer(`${p}-stopped`, `${p}_stale`);
    const provider = new ExplorerProvider({ engine }, () => settings);
    const node = (await find(provider, 'networks', `${p}_stale`))!;
    const dialog = scriptedUi([true]);
    const outcome = await removeResource(engine, node.resource!, dialog.ui);
    assert.deepEqual(dialog.asked[0].buttons, ['Remove Network']);
    assert.equal(
      dialog.asked[0].detail,
      `Containers will no longer be able to join it, and its subnet is released. ${p}-stopped (created) is attached but not running: the engine removes the network anyway, and then that container fails to start (“network not found”) until connected to another network.`,
    );
    assert.doesNotMatch(dialog.asked[0].detail, /expected to refuse/);
    assert.deepEqual(outcome, { ok: true, message: `Removed network “${p}_stale”.` });
    // What the dialog said is what the engine does.
    await assert.rejects(container.start(), /not found/);
  });

  it('does not offer to delete a volume a stopped container holds, because the engine refuses, as it does', async () => {
    await docker.createVolume({ Name: `${p}_held`, Labels: { [LABEL]: '1' } });
    await docker.createNetwork({ Name: `${p}_net`, Labels: { [LABEL]: '1' } });
    await stoppedContainer(`${p}-holder`, `${p}_net`, `${p}_held`);
    const dialog = scriptedUi([false]);
    const outcome = await removeResource(engine, { type: 'volume', name: `${p}_held`, users: [] }, dialog.ui);
    assert.equal(outcome.cancelled, true);
    // The only button offered clears the way first (with its own confirmation); none deletes the volume directly.
    assert.deepEqual(dialog.asked[0].buttons, ['Remove 1 container and Delete…']);
    assert.equal(
      dialog.asked[0].detail,
      `Volume “${p}_held” cannot be deleted while ${p}-holder (created) mounts it: the engine refuses to delete a volume that any container holds, running or stopped. Remove that container first. Nothing was deleted.`,
    );
    await assert.rejects(docker.getVolume(`${p}_held`).remove(), /in use/);
  });

  it('refreshes a view shown again after being hidden: a network removed meanwhile disappears at once', async () => {
    await docker.createNetwork({ Name: `${p}_hidden`, Labels: { [LABEL]: '1' } });
    const provider = new ExplorerProvider({ engine }, () => settings);
    const manager = new RefreshManager(provider, () => engine, { debounceMs: 50 });
    try {
      manager.setVisible('networks', true);
      await waitFor(provider, async () => find(provider, 'networks', `${p}_hidden`), 'the network to show');
      await waitFor(provider, async () => (manager.streamState === 'open' ? true : undefined), 'the events stream');
      manager.setVisible('networks', false);
      await docker.getNetwork(`${p}_hidden`).remove();
      manager.setVisible('networks', true);
      await waitFor(provider, async () => ((await find(provider, 'networks', `${p}_hidden`)) ? undefined : true), 'the removed network to go', 3000);
      assert.equal(provider.history.at(-1)?.reason, 'shown');
    } finally {
      manager.dispose();
    }
  });
});
