// Findings of an adversarial probe, each replayed on a real engine: views shown again, what removals really do,
// and what prunes take. Needs DOCKER_HOST, like engine.test.ts; the objects carry the test label and a unique prefix.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import type { DockerEngine } from '../../client/src/explorer/engine';
import type { ViewSettings } from '../../client/src/explorer/model';
import { ExplorerProvider } from '../../client/src/explorer/provider';
import { RefreshManager } from '../../client/src/explorer/refresh';
import { cleanup, engineSkip, ensureImage, find, rawDocker, TEST_LABEL, testEngine, waitFor } from './harness';

const p = `dmlh${process.pid}`;
const settings: ViewSettings = { groupByProject: false, sortBy: 'name' };

describe('explorer hardening on a real engine', { skip: engineSkip }, () => {
  let engine: DockerEngine;
  let docker: Dockerode;

  before(async () => {
    engine = testEngine();
    docker = rawDocker(engine);
    await ensureImage(docker);
  });

  after(async () => {
    await cleanup(docker);
  });

  it('refreshes a view shown again after being hidden: a network removed meanwhile disappears at once', async () => {
    await docker.createNetwork({ Name: `${p}_hidden`, Labels: { [TEST_LABEL]: '1' } });
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
