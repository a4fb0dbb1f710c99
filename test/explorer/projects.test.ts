// The Compose Projects view: projects found on the engine from Compose's labels, with running/total counts, folder
// and files, services with their containers, and the project's networks and volumes; and a real stack brought up,
// changed and taken down with the Compose found on the PATH, the view following it through engine events.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, describe, it } from 'node:test';
import type { ContainerJson, ExplorerNode } from '../../client/src/explorer/model';
import { buildProjectNodes } from '../../client/src/explorer/projects/nodes';
import { composeArgs, targetOfProject } from '../../client/src/explorer/projects/lifecycle';
import { ExplorerProvider } from '../../client/src/explorer/provider';
import { RefreshManager } from '../../client/src/explorer/refresh';
import { composeFolder, composeSkip, ensureImage, rawDocker, runCompose, testEngine, waitFor, writeComposeStack } from './harness';

const labels = (project: string, service: string) => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
  'com.docker.compose.project.working_dir': `/w/${project}`,
  'com.docker.compose.project.config_files': `/w/${project}/compose.yaml`,
});
const container = (id: string, name: string, project: string, service: string, state: string, status: string): ContainerJson => ({
  Id: id,
  Names: [`/${name}`],
  Image: 'busybox',
  State: state,
  Status: status,
  Labels: labels(project, service),
});

describe('Compose project nodes', () => {
  it('list each project with running/total, folder, services and containers, networks and volumes', () => {
    const nodes = buildProjectNodes(
      [
        container('1', 'ml-trainer-1', 'ml', 'trainer', 'running', 'Up 2 hours'),
        { ...container('2', 'ml-worker-1', 'ml', 'worker', 'running', 'Up 2 hours'), Mounts: [{ Type: 'volume', Name: 'ml_checkpoints', Destination: '/ckpt' }] },
        container('3', 'ml-worker-2', 'ml', 'worker', 'exited', 'Exited (1) 3 minutes ago'),
        { Id: '4', Names: ['/loose'], State: 'running' },
      ],
      [
        { Id: 'n1', Name: 'ml_default', Labels: { 'com.docker.compose.project': 'ml', 'com.docker.compose.network': 'default' }, IPAM: { Config: [{ Subnet: '172.18.0.0/16' }] } },
        { Id: 'n2', Name: 'bridge' },
      ],
      [
        { Name: 'ml_checkpoints', Labels: { 'com.docker.compose.project': 'ml', 'com.docker.compose.volume': 'checkpoints' } },
        { Name: 'old_data', Labels: { 'com.docker.compose.project': 'old' } },
      ],
    );
    assert.deepEqual(
      nodes.map((n) => [n.label, n.description, n.contextValue]),
      [
        ['ml', '2/3 running · /w/ml', 'project'],
        ['old', 'no containers · 1 volume', 'project'],
      ],
    );
    const ml = nodes[0];
    assert.deepEqual(ml.resource, { type: 'project', name: 'ml', containers: ['ml-trainer-1', 'ml-worker-1', 'ml-worker-2'] });
    assert.deepEqual(
      ml.children!.map((c) => `${c.label}: ${c.description}`),
      ['trainer: Up 2 hours · busybox', 'worker: 1/2 running · busybox', 'ml_default: network · 172.18.0.0/16', 'ml_checkpoints: volume'],
    );
    assert.deepEqual(
      ml.children![1].children!.map((c) => [c.label, c.description, c.contextValue]),
      [
        ['ml-worker-1', 'Up 2 hours', 'container.running'],
        ['ml-worker-2', 'Exited (1) 3 minutes ago', 'container.exited'],
      ],
    );
    // Inspect and Copy work on the project's network and volume, which know who uses them.
    assert.deepEqual(ml.children![2].resource, { type: 'network', id: 'n1', name: 'ml_default', builtin: false, project: 'ml', composeKey: 'default', users: [] });
    assert.deepEqual(ml.children![3].resource, { type: 'volume', name: 'ml_checkpoints', project: 'ml', composeKey: 'checkpoints', users: ['ml-worker-1 (running)'] });
    assert.deepEqual(ml.children!.slice(2).map((c) => c.contextValue), ['project.network', 'project.volume']);
    assert.match(ml.tooltip!, /- Compose files: `\/w\/ml\/compose\.yaml`/);
    assert.match(ml.tooltip!, /- Service `worker`: ml-worker-1 \(running\), ml-worker-2 \(exited\)/);
  });

  it('say when there is no Compose project', () => {
    const [node] = buildProjectNodes([{ Id: '1', Names: ['/loose'], State: 'running' }], [], []);
    assert.equal(node.label, 'No Compose projects');
    assert.equal(node.contextValue, 'state.empty');
  });
});

describe('the Compose Projects view on a real engine', { skip: composeSkip }, () => {
  const { dir, project, file, remove } = composeFolder('dmlproj');
  after(remove);

  it('shows a stack brought up, a container stopped, and the volume Down keeps, following the engine', async () => {
    const engine = testEngine();
    await ensureImage(rawDocker(engine));
    writeComposeStack(file);
    const compose = (args: string[]) => runCompose(engine, dir, args);
    const provider = new ExplorerProvider({ engine }, () => ({ groupByProject: false, sortBy: 'name' }));
    const manager = new RefreshManager(provider, () => engine);
    const shown = (want: (node: ExplorerNode | undefined) => boolean, what: string) =>
      waitFor(provider, async () => {
        const node = (await provider.getChildren('projects')).find((n) => n.label === project);
        return want(node) ? (node ?? true) : undefined;
      }, what);
    try {
      await provider.getChildren('projects');
      manager.setVisible('projects', true);
      await waitFor(provider, async () => (manager.streamState === 'open' ? true : undefined), 'the events stream');
      compose(composeArgs('up', { files: [file] }));
      const up = (await shown((n) => n?.description?.startsWith('2/2 running') === true, 'the project, all running')) as ExplorerNode;
      assert.equal(up.description, `2/2 running · ${dir}`);
      assert.equal(up.contextValue, 'project', 'the Compose commands (Up, Down…, Restart, Logs, Pull) are in its context menu');
      assert.deepEqual(up.children!.map((c) => c.label), ['api', 'trainer', `${project}_default`, `${project}_checkpoints`]);
      assert.match(up.children![0].description!, /^Up .* · dockml\/busybox:test$/);
      assert.deepEqual(up.children![1].children!.map((c) => c.contextValue), ['container.running']);
      // What the Compose commands run on the node: the files that made the project, found from its containers.
      const target = targetOfProject((up.resource as { name: string }).name, await engine.listContainers())!;
      assert.deepEqual(target.files.map((f) => fs.realpathSync(f)), [fs.realpathSync(file)]);

      const api = up.children![0].children![0];
      await rawDocker(engine).getContainer((api.resource as { id: string }).id).stop({ t: 0 });
      const one = (await shown((n) => n?.description?.startsWith('1/2 running') === true, 'one of two running')) as ExplorerNode;
      assert.match(one.children![0].description!, /^Exited \(\d+\)/);

      compose(composeArgs('down', { files: [file] }));
      const down = (await shown((n) => n?.description === 'no containers · 1 volume', 'the volume Down keeps')) as ExplorerNode;
      assert.deepEqual(down.children!.map((c) => c.label), [`${project}_checkpoints`]);
      compose(composeArgs('down', { files: [file] }, { removeVolumes: true }));
      await shown((n) => n === undefined, 'the project gone with its volume');
    } finally {
      manager.dispose();
      try {
        compose(composeArgs('down', { files: [file] }, { removeVolumes: true }));
      } catch {
        // Already down.
      }
    }
  });
});
