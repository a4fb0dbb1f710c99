// The Containers view and its actions on a real engine: listed live, stopped, started, restarted and removed
// with a confirmation naming it; its log followed with timestamps, through an engine restart; a shell opened with
// the command line the explorer gives the terminal; and a network or volume in use removed after clearing the way.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import { changeState, LogFollower, removeContainer, shellCommand } from '../../client/src/explorer/containers/actions';
import type { DockerEngine } from '../../client/src/explorer/engine';
import { containerRef, type ContainerJson, type ViewSettings } from '../../client/src/explorer/model';
import { ExplorerProvider } from '../../client/src/explorer/provider';
import { RefreshManager } from '../../client/src/explorer/refresh';
import { removeResource } from '../../client/src/explorer/removal';
import { cleanup, engineSkip, ensureImage, find, rawDocker, root, runContainer, scriptedUi, TEST_LABEL, testEngine, throwawaySkip, waitFor } from './harness';

const p = `dmlc${process.pid}`;
const settings: ViewSettings = { groupByProject: false, sortBy: 'name' };

describe('containers on a real engine', { skip: engineSkip }, () => {
  let engine: DockerEngine;
  let docker: Dockerode;

  before(async () => {
    engine = testEngine();
    docker = rawDocker(engine);
    await ensureImage(docker);
    await cleanup(docker);
  });

  after(async () => {
    if (docker) await cleanup(docker);
  });

  const refOf = async (name: string) => {
    const found = (await engine.listContainers()).find((c: ContainerJson) => c.Names?.[0] === `/${name}`);
    assert.ok(found, `${name} exists`);
    return containerRef(found);
  };

  it('lists containers live and follows stop, start and restart', async () => {
    const provider = new ExplorerProvider({ engine }, () => settings);
    const manager = new RefreshManager(provider, () => engine, { debounceMs: 50 });
    try {
      manager.setVisible('containers', true);
      await runContainer(docker, `${p}-web`, [], []);
      const running = await waitFor(provider, async () => {
        const node = await find(provider, 'containers', `${p}-web`);
        return node?.contextValue === 'container.running' ? node : undefined;
      }, 'the new container, running');
      assert.match(running.description!, /^Up .* · dockml\/busybox:test$/);

      const ref = await refOf(`${p}-web`);
      assert.deepEqual(await changeState(engine, ref, 'stop'), { ok: true, message: `Stopped container “${p}-web”.` });
      const stopped = await waitFor(provider, async () => {
        const node = await find(provider, 'containers', `${p}-web`);
        return node?.contextValue === 'container.exited' ? node : undefined;
      }, 'the stopped state');
      assert.match(stopped.description!, /^Exited \(\d+\)/);
      assert.deepEqual(await changeState(engine, ref, 'stop'), { ok: true, message: `Container “${p}-web” was already stopped.` });

      assert.equal((await changeState(engine, ref, 'start')).ok, true);
      await waitFor(provider, async () => ((await find(provider, 'containers', `${p}-web`))?.contextValue === 'container.running' ? true : undefined), 'running again');
      assert.equal((await changeState(engine, ref, 'restart')).message, `Restarted container “${p}-web”.`);
      assert.ok(provider.history.filter((r) => r.view === 'containers').every((r, i) => i === 0 || r.reason === 'event'), 'events, not polls, redraw');
    } finally {
      manager.dispose();
    }
  });

  it('removes a container only after a confirmation naming it, keeping its volumes unless asked', async () => {
    await docker.createVolume({ Name: `${p}_keep`, Labels: { [TEST_LABEL]: '1' } });
    const container = await docker.createContainer({
      name: `${p}-rm`,
      Image: 'dockml/busybox:test',
      Cmd: ['sleep', '3600'],
      Labels: { [TEST_LABEL]: '1' },
      StopTimeout: 1,
      Volumes: { '/scratch': {} },
      HostConfig: { Mounts: [{ Type: 'volume', Source: `${p}_keep`, Target: '/keep' }] },
    });
    await container.start();
    const anonymous = (await container.inspect()).Mounts.find((m) => m.Destination === '/scratch')!.Name!;
    const ref = await refOf(`${p}-rm`);

    const declined = scriptedUi([false]);
    const kept = await removeContainer(engine, ref, declined.ui);
    assert.deepEqual(kept, { ok: false, cancelled: true, message: 'Nothing was removed.' });
    assert.equal(declined.asked[0].message, `Remove container “${p}-rm”?`);
    assert.match(declined.asked[0].detail, /It is running: it is stopped first/);
    assert.match(declined.asked[0].detail, new RegExp(`Named volumes are kept: ${p}_keep \\(/keep\\)`));
    assert.match(declined.asked[0].detail, /1 anonymous volume \(\/scratch\) is kept unless you choose “Remove with Anonymous Volumes”/);
    assert.deepEqual(declined.asked[0].buttons, ['Remove Container', 'Remove with Anonymous Volumes']);
    assert.equal((await container.inspect()).State.Running, true, 'still running after cancel');

    const confirmed = scriptedUi(['Remove Container']);
    assert.deepEqual(await removeContainer(engine, ref, confirmed.ui), { ok: true, message: `Removed container “${p}-rm”.` });
    const volumes = new Set(((await docker.listVolumes()).Volumes ?? []).map((v) => v.Name));
    assert.ok(volumes.has(`${p}_keep`) && volumes.has(anonymous), 'both volumes are kept');
    await docker.getVolume(anonymous).remove();
  });

  it('follows a log with timestamps, stdout and stderr apart, and says when the container stops', async () => {
    await runContainer(docker, `${p}-log`, [], [], 'echo first; echo oops >&2; sleep 1; echo second; sleep 2');
    const ref = await refOf(`${p}-log`);
    const lines: Array<[string, string]> = [];
    const notes: string[] = [];
    let opened = 0;
    const counted = () => {
      opened++;
      return engine;
    };
    const follower = new LogFollower(counted, ref, { line: (text, stream) => lines.push([text, stream]), note: (text) => notes.push(text) }, { retryMs: 200 });
    follower.start();
    try {
      const until = async (check: () => boolean) => {
        const deadline = Date.now() + 20_000;
        while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      };
      await until(() => notes.some((n) => n.includes('stopped')));
      // The follower keeps retrying while the container is stopped, and says it stopped only once.
      const retries = opened;
      await until(() => opened >= retries + 3);
      assert.ok(opened >= retries + 3, `the follower opened the log ${opened} times`);
      // The engine keeps stdout and stderr apart; lines written in the same instant may come in either order.
      const of = (stream: string) => lines.filter(([, s]) => s === stream).map(([text]) => text.replace(/^\S+ /, ''));
      assert.deepEqual(of('stdout'), ['first', 'second']);
      assert.deepEqual(of('stderr'), ['oops']);
      for (const [text] of lines) assert.match(text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /);
      assert.deepEqual(notes, [`Container “${p}-log” stopped; waiting for it to start again.`]);
      // Removed, the container has no log to wait for: the follower says so and stops retrying.
      await docker.getContainer(ref.id).remove({ force: true });
      await until(() => notes.length > 1);
      assert.deepEqual(notes.slice(1), [`Container “${p}-log” was removed; its log ends here.`]);
      const ended = opened;
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(opened, ended, 'no retry after the removal');
    } finally {
      follower.close();
    }
  });

  it('opens a shell with the command line the terminal runs, pointed at the explorer’s engine', async () => {
    await runContainer(docker, `${p}-sh`, [], []);
    const ref = await refOf(`${p}-sh`);
    const shell = shellCommand(ref, engine.endpoint);
    // The terminal gives the command a TTY (-it); here stdin is a pipe, so -i alone runs the same shell.
    const args = shell.args.map((a) => (a === '-it' ? '-i' : a));
    const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' } as Record<string, string | undefined>;
    for (const [key, value] of Object.entries(shell.env)) env[key] = value ?? undefined;
    const run = spawnSync(shell.command, args, { input: 'echo "in $(hostname): $((6*7))"\nexit\n', env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), `in ${ref.id.slice(0, 12)}: 42`);
  });

  it('offers to stop the containers that hold a network, asks again naming them, then removes it', async () => {
    await docker.createNetwork({ Name: `${p}_busy`, Labels: { [TEST_LABEL]: '1' } });
    await runContainer(docker, `${p}-holder`, [`${p}_busy`], []);
    const network = (await engine.listNetworks()).find((n) => n.Name === `${p}_busy`)!;
    const ref = { type: 'network' as const, id: network.Id, name: network.Name, builtin: false, users: [] };

    const cancelled = scriptedUi([true, false]);
    assert.equal((await removeResource(engine, ref, cancelled.ui)).cancelled, true);
    assert.equal(cancelled.asked[0].message, `Network “${p}_busy” is in use`);
    assert.deepEqual(cancelled.asked[0].buttons, ['Stop 1 container and Remove…']);
    assert.equal(cancelled.asked[1].message, `Stop ${p}-holder (running) and remove network “${p}_busy”?`);
    assert.equal((await docker.getContainer(`${p}-holder`).inspect()).State.Running, true, 'nothing stopped after cancel');

    const confirmed = scriptedUi([true, true]);
    const outcome = await removeResource(engine, ref, confirmed.ui);
    assert.deepEqual(outcome, { ok: true, message: `Stopped ${p}-holder; removed network “${p}_busy”.` });
    assert.ok(!(await engine.listNetworks()).some((n) => n.Name === `${p}_busy`));
  });

  it('offers to remove the containers that hold a volume, then deletes it', async () => {
    await docker.createVolume({ Name: `${p}_held`, Labels: { [TEST_LABEL]: '1' } });
    await runContainer(docker, `${p}-mounter`, [], [{ volume: `${p}_held`, target: '/data' }]);
    const ref = { type: 'volume' as const, name: `${p}_held`, users: [] };
    const dialog = scriptedUi([true, true]);
    const outcome = await removeResource(engine, ref, dialog.ui);
    assert.deepEqual(dialog.asked.map((q) => q.buttons), [['Remove 1 container and Delete…'], ['Remove Containers and Delete Volume']]);
    assert.match(dialog.asked[1].detail, new RegExp(`${p}-mounter \\(running\\) is removed .* then volume “${p}_held” and all its data are deleted for good`));
    assert.deepEqual(outcome, { ok: true, message: `Removed ${p}-mounter; removed volume “${p}_held”.` });
  });
});

describe('a log stream through an engine restart', { skip: throwawaySkip }, () => {
  const dockerd = (command: 'start' | 'stop') =>
    execFileSync(path.join(root, 'scripts', 'dockerd.sh'), [command, process.env.DOCKML_DOCKERD_DIR!], { stdio: ['ignore', 'ignore', 'inherit'] });

  it('says the stream was cut, retries every second, and resumes without repeating lines within 2 s of the engine answering', async () => {
    const engine = testEngine();
    const docker = rawDocker(engine);
    await ensureImage(docker);
    const name = `${p}-ticker`;
    const container = await docker.createContainer({
      name,
      Image: 'dockml/busybox:test',
      Cmd: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done'],
      Labels: { [TEST_LABEL]: '1' },
      HostConfig: { RestartPolicy: { Name: 'always' } },
    });
    await container.start();
    const ref = containerRef((await engine.listContainers()).find((c) => c.Names?.[0] === `/${name}`)!);
    const lines: string[] = [];
    const notes: Array<{ at: number; text: string }> = [];
    const follower = new LogFollower(() => engine, ref, { line: (text) => lines.push(text), note: (text) => notes.push({ at: Date.now(), text }) });
    follower.start();
    try {
      const until = async (check: () => boolean, what: string, ms = 30_000) => {
        const deadline = Date.now() + ms;
        while (!check()) {
          if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; notes: ${JSON.stringify(notes)}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await until(() => lines.length >= 3, 'the first ticks');
      dockerd('stop');
      // The daemon stops the container first (a clean end of its log), then the retries find no engine.
      await until(() => notes.some((n) => /was cut/.test(n.text)), 'the cut note');
      assert.match(notes.find((n) => /was cut/.test(n.text))!.text, /^The log stream of “.*” was cut: .*Retrying every 1 s\.$/);
      dockerd('start');
      const answering = Date.now();
      await until(() => notes.some((n) => /^Reconnected/.test(n.text)), 'the reconnection');
      const reconnected = notes.find((n) => /^Reconnected/.test(n.text))!;
      assert.ok(reconnected.at - answering < 2000, `reconnected ${reconnected.at - answering} ms after the engine answered`);
      const count = lines.length;
      await until(() => lines.length > count + 2, 'ticks after the restart');
      assert.equal(new Set(lines).size, lines.length, 'no line is shown twice');
    } finally {
      follower.close();
      dockerd('start');
      await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
    }
  });
});
