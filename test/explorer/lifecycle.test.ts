// Compose lifecycle: which Compose runs, the command lines, a project mapped back to its files, the confirmation
// before down; and a real stack brought up and down on the throwaway engine with the Compose found on the PATH.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, describe, it } from 'node:test';
import { ExplorerProvider } from '../../client/src/explorer/provider';
import {
  composeArgs,
  composeCwd,
  confirmDown,
  findCompose,
  NO_COMPOSE,
  targetOfProject,
} from '../../client/src/explorer/projects/lifecycle';
import { composeFolder, composeSkip, ensureImage, rawDocker, runCompose, scriptedUi, testEngine, writeComposeStack } from './harness';

describe('finding Compose', () => {
  const paths: Record<string, string> = { docker: '/usr/bin/docker', 'docker-compose': '/usr/bin/docker-compose', '/opt/dc/docker-compose': '/opt/dc/docker-compose' };
  const which = (available: string[]) => (name: string) => (available.includes(name) ? paths[name] : undefined);

  it('prefers the docker CLI’s compose plugin, falls back to docker-compose, and says what to do when neither exists', () => {
    assert.deepEqual(findCompose({ which: which(['docker', 'docker-compose']), runs: () => true }), { command: '/usr/bin/docker', prefix: ['compose'], name: 'docker compose' });
    assert.deepEqual(findCompose({ which: which(['docker', 'docker-compose']), runs: () => false }), { command: '/usr/bin/docker-compose', prefix: [], name: 'docker-compose' });
    assert.deepEqual(findCompose({ which: which(['docker']), runs: () => false }), { error: NO_COMPOSE });
    assert.match(NO_COMPOSE, /apt-get install docker-compose.*or set dockml\.compose\.path/);
  });

  it('uses the program set in dockml.compose.path, and explains a wrong one', () => {
    assert.deepEqual(findCompose({ setting: '/opt/dc/docker-compose', which: which(['/opt/dc/docker-compose']), runs: () => false }), {
      command: '/opt/dc/docker-compose',
      prefix: [],
      name: 'docker-compose',
    });
    assert.match((findCompose({ setting: '/nope', which: which([]), runs: () => true }) as { error: string }).error, /“\/nope”, which is not a program/);
    assert.match((findCompose({ setting: 'docker', which: which(['docker']), runs: () => false }) as { error: string }).error, /has no Compose plugin/);
  });
});

describe('Compose command lines', () => {
  const target = { files: ['/w/ml/compose.yaml'] };
  it('run detached, keep volumes unless asked, follow logs with timestamps', () => {
    assert.deepEqual(composeArgs('up', target), ['-f', '/w/ml/compose.yaml', 'up', '-d']);
    assert.deepEqual(composeArgs('up', target, { services: ['trainer'] }), ['-f', '/w/ml/compose.yaml', 'up', '-d', 'trainer']);
    assert.deepEqual(composeArgs('down', { ...target, project: 'ml' }), ['-f', '/w/ml/compose.yaml', '-p', 'ml', 'down']);
    assert.deepEqual(composeArgs('down', target, { removeVolumes: true }), ['-f', '/w/ml/compose.yaml', 'down', '--volumes']);
    assert.deepEqual(composeArgs('logs', target), ['-f', '/w/ml/compose.yaml', 'logs', '--follow', '--timestamps', '--tail', '200']);
    assert.deepEqual(composeArgs('pull', target), ['-f', '/w/ml/compose.yaml', 'pull']);
    assert.equal(composeCwd(target), '/w/ml');
  });

  it('map a project seen in the engine back to the files that made it', () => {
    const containers = [
      {
        Id: '1',
        Labels: {
          'com.docker.compose.project': 'ml',
          'com.docker.compose.project.config_files': 'compose.yaml,compose.gpu.yaml',
          'com.docker.compose.project.working_dir': '/w/ml',
        },
      },
    ];
    assert.deepEqual(targetOfProject('ml', containers), { files: ['/w/ml/compose.yaml', '/w/ml/compose.gpu.yaml'], project: 'ml', workingDir: '/w/ml' });
    assert.equal(targetOfProject('other', containers), undefined);
  });
});

describe('a Compose stack on a real engine', { skip: composeSkip }, () => {
  const { dir, project, file, remove } = composeFolder('dmlstack');
  after(remove);

  it('brings the stack up detached, lists it as a project, confirms down naming the containers, and keeps volumes unless asked', async () => {
    const engine = testEngine();
    const docker = rawDocker(engine);
    await ensureImage(docker);
    writeComposeStack(file);
    const compose = (args: string[]) => runCompose(engine, dir, args);
    try {
      compose(composeArgs('up', { files: [file] }));
      const provider = new ExplorerProvider({ engine }, () => ({ groupByProject: true, sortBy: 'name' }));
      const group = (await provider.getChildren('containers')).find((n) => n.label === project);
      assert.ok(group, `project ${project} is a group`);
      assert.equal(group.contextValue, 'project');
      assert.deepEqual(
        group.children!.map((c) => [c.contextValue, c.description?.split(' · ')[1]]),
        [
          ['container.running', 'api'],
          ['container.running', 'trainer'],
        ],
      );
      const containers = await engine.listContainers();
      const target = targetOfProject(project, containers)!;
      assert.deepEqual(target.files.map((f) => fs.realpathSync(f)), [fs.realpathSync(file)]);

      const declined = scriptedUi([false]);
      assert.equal(await confirmDown(project, containers, declined.ui), undefined);
      assert.equal(declined.asked[0].message, `Take Compose project “${project}” down?`);
      assert.match(declined.asked[0].detail, new RegExp(`These containers are stopped and removed: ${project}[-_]api[-_]1 \\(running\\), ${project}[-_]trainer[-_]1 \\(running\\)\\.`));
      assert.deepEqual(declined.asked[0].buttons, ['Down', 'Down and Delete Volumes']);

      const options = await confirmDown(project, containers, scriptedUi(['Down']).ui);
      compose(composeArgs('down', target, options));
      assert.ok(!(await engine.listContainers()).some((c) => c.Labels?.['com.docker.compose.project'] === project), 'the containers are gone');
      assert.ok((await engine.listVolumes()).some((v) => v.Name === `${project}_checkpoints`), 'the volume is kept');

      compose(composeArgs('down', target, { removeVolumes: true }));
      assert.ok(!(await engine.listVolumes()).some((v) => v.Name === `${project}_checkpoints`), 'down --volumes deletes it');
    } finally {
      try {
        compose(composeArgs('down', { files: [file] }, { removeVolumes: true }));
      } catch {
        // Already down.
      }
    }
  });
});
