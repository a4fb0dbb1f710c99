// The Images view on the throwaway engine: images listed once with their tags, size, dangling mark and container
// count; layers of an image built from a test Dockerfile linked to its lines; remove and prune with confirmations
// (nothing removed when cancelled); an image event updates the view.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import { buildImage as buildFromEditor } from '../../client/src/build/build';
import type { DockerEngine } from '../../client/src/explorer/engine';
import { removeImage } from '../../client/src/explorer/images/actions';
import { buildImageNodes, OPEN_LAYER_LINE } from '../../client/src/explorer/images/nodes';
import type { ExplorerNode, ViewSettings } from '../../client/src/explorer/model';
import { ExplorerProvider } from '../../client/src/explorer/provider';
import { RefreshManager } from '../../client/src/explorer/refresh';
import { prune } from '../../client/src/explorer/removal';
import { VIEW_DEFINITIONS } from '../../client/src/explorer/views';
import { buildImage, cleanup, engineSkip, ensureImage, IMAGE, rawDocker, scriptedUi, testEngine, TEST_LABEL, throwawaySkip, waitFor } from './harness';

const settings: ViewSettings = { groupByProject: false, sortBy: 'name' };
const p = `dockml-images-${process.pid}`;

const DOCKERFILE = `# 50 MB of zeros, and a command
FROM ${IMAGE}
ENV MODE=test
RUN head -c 50000000 /dev/zero > /big && \\
    echo wrote
COPY app.txt /app/
CMD ["sh"]
`;

describe('image nodes', () => {
  const NOW = Date.parse('2026-12-02T06:00:00Z');
  const hex = (c: string) => `sha256:${c.repeat(64)}`;
  const images = [
    { Id: hex('a'), RepoTags: ['trainer:latest', 'trainer:dev', 'reg/trainer:1', 'reg/trainer:2', 'reg/trainer:3'], Created: NOW / 1000 - 7200, Size: 4_210_000_000 },
    { Id: hex('b'), RepoTags: ['<none>:<none>'], Created: NOW / 1000 - 86_400, Size: 4_200_000_000 },
    { Id: hex('c'), RepoTags: ['python:3.12-slim'], Created: NOW / 1000 - 3 * 7 * 86_400, Size: 125_000_000 },
    { Id: hex('d'), RepoTags: null, Created: NOW / 1000 - 60, Size: 1000 },
  ];
  const containers = [{ Id: 'x', Names: ['/t'], State: 'running', ImageID: hex('a') }];
  const facts = { histories: new Map(), sources: new Map(), loading: true };

  it('lists tagged images by name, then dangling ones newest first, with tags, size, age and use', () => {
    const nodes = buildImageNodes(images, containers, facts, { groupByProject: false, sortBy: 'name' }, NOW);
    assert.deepEqual(
      nodes.map((n) => [n.label, n.description, n.contextValue]),
      [
        ['python:3.12-slim', '125 MB · 21 days ago · unused', 'image'],
        ['reg/trainer:1', 'also reg/trainer:2, reg/trainer:3, trainer:dev and 1 more · 4.21 GB · 2 hours ago · 1 container', 'image'],
        ['<none>', 'dangling · dddddddddddd · 1 kB · 1 minute ago · unused', 'image.dangling'],
        ['<none>', 'dangling · bbbbbbbbbbbb · 4.2 GB · 1 day ago · unused', 'image.dangling'],
      ],
    );
    assert.deepEqual(nodes[0].icon, { id: 'package', color: 'disabledForeground' });
    assert.deepEqual(nodes[1].icon, { id: 'package' });
    assert.match(nodes[1].tooltip!, /- Containers: t \(running\)/);
    assert.deepEqual(nodes[1].children!.map((c) => c.label), ['Reading layers…'], 'layers are on their way');
  });

  it('puts the newest first when sorted by creation, and says when layers could not be read', () => {
    const failed = { histories: new Map([[hex('c'), { error: 'no such image' }]]), sources: new Map(), loading: false };
    const nodes = buildImageNodes(images, [], failed, { groupByProject: false, sortBy: 'created' }, NOW);
    assert.deepEqual(nodes.map((n) => n.label), ['reg/trainer:1', 'python:3.12-slim', '<none>', '<none>']);
    assert.deepEqual(nodes[1].children!.map((c) => [c.label, c.description]), [['Layers could not be read', 'no such image']]);
  });
});

describe('Images view', { skip: engineSkip }, () => {
  let engine: DockerEngine;
  let docker: Dockerode;
  let dir: string;
  let dockerfile: string;

  const image = async (provider: ExplorerProvider, label: string): Promise<ExplorerNode | undefined> => {
    await provider.refresh('images', 'manual');
    await provider.whenSettled();
    return (await provider.getChildren('images')).find((n) => n.label === label);
  };
  const idOf = async (tag: string) => ((await docker.getImage(tag).inspect()) as { Id: string }).Id;
  const exists = (tag: string) => docker.getImage(tag).inspect().then(() => true, () => false);

  before(async () => {
    engine = testEngine(15_000);
    docker = rawDocker(engine);
    await ensureImage(docker);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-images-'));
    dockerfile = path.join(dir, 'Dockerfile');
    fs.writeFileSync(dockerfile, DOCKERFILE);
    fs.writeFileSync(path.join(dir, 'app.txt'), `app ${process.pid}\n`);
    // Built outside the extension's code path, by the Engine API as `docker build` does.
    const built = await buildImage(docker, dir, 'Dockerfile', `${p}:built`);
    assert.equal(built.error, undefined, built.log);
    await docker.getImage(`${p}:built`).tag({ repo: p, tag: 'also' });
  });
  after(async () => {
    await cleanup(docker);
    for (const tag of [`${p}:built`, `${p}:also`, `${p}:labelled`, `${p}:used`, `${p}:gone`, `${p}:dangling`, `${p}:event`, `${p}:forced`]) {
      await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists an image with several tags once, with its other tags, size, age and container count', async () => {
    const provider = new ExplorerProvider({ engine }, () => settings);
    const container = await docker.createContainer({ Image: `${p}:built`, Cmd: ['true'], Labels: { [TEST_LABEL]: '1' } });
    try {
      const node = await image(provider, `${p}:also`);
      assert.ok(node, 'listed under its first tag');
      assert.ok(!(await provider.getChildren('images')).some((n) => n.label === `${p}:built`), 'listed once');
      assert.match(node.description!, new RegExp(`^also ${p}:built · 5[0-2](\\.\\d+)? MB · (just now|\\d+ minutes? ago) · 1 container$`));
      assert.equal(node.contextValue, 'image');
      assert.deepEqual(node.resource && node.resource.type === 'image' && node.resource.tags, [`${p}:also`, `${p}:built`]);
      assert.match(node.tooltip!, /- Containers: .+ \(created\)/);
    } finally {
      await container.remove({ force: true });
    }
    const unused = await image(provider, `${p}:also`);
    assert.match(unused!.description!, / · unused$/);
  });

  it('marks an image whose tag went to a newer build as dangling', async () => {
    const build = async (text: string) => {
      fs.writeFileSync(path.join(dir, 'Dockerfile.dangling'), `FROM ${IMAGE}\nRUN echo ${text} > /version\n`);
      const result = await buildImage(docker, dir, 'Dockerfile.dangling', `${p}:dangling`);
      assert.equal(result.error, undefined, result.log);
      return idOf(`${p}:dangling`);
    };
    const old = await build(`one-${Date.now()}`);
    await build(`two-${Date.now()}`);
    const provider = new ExplorerProvider({ engine }, () => settings);
    await provider.refresh('images', 'manual');
    const node = (await provider.getChildren('images')).find((n) => n.id === `image:${old}`);
    assert.ok(node, 'the old build is still listed');
    assert.equal(node.label, '<none>');
    assert.equal(node.contextValue, 'image.dangling');
    assert.match(node.description!, new RegExp(`^dangling · ${old.slice(7, 19)} · `));
  });

  it('lists the layers with their size and instruction, and links them to the lines of the workspace Dockerfile', async () => {
    const linked = new ExplorerProvider({ engine }, () => settings, undefined, VIEW_DEFINITIONS, { dockerfiles: async () => [dockerfile] });
    const node = await image(linked, `${p}:also`);
    const layers = node!.children!;
    const run = layers.find((l) => l.label.startsWith('RUN head -c 50000000'))!;
    assert.equal(run.label, 'RUN head -c 50000000 /dev/zero > /big &&     echo wrote', 'the shell prefix is gone');
    assert.match(run.description!, /^5\d(\.\d+)? MB · Dockerfile:4$/);
    assert.deepEqual(run.command, { command: OPEN_LAYER_LINE, title: 'Open Dockerfile Line', arguments: [dockerfile, 3] });
    const copy = layers.find((l) => l.label.startsWith('COPY'))!;
    assert.match(copy.label, /^COPY file:[0-9a-f]{12}… in \/app\/$/, 'the #(nop) prefix is gone, the content hash shortened');
    assert.equal(copy.command?.arguments?.[1], 5);
    assert.equal(layers.find((l) => l.label === 'ENV MODE=test')!.command?.arguments?.[1], 2);
    assert.equal(layers.find((l) => l.label === 'CMD ["sh"]')!.command?.arguments?.[1], 6);
    // The base image's layer comes first, and no line of this Dockerfile made it.
    assert.equal(layers[0].label, '(Imported from -)');
    assert.equal(layers[0].command, undefined);

    // Without that Dockerfile in the workspace, nothing links; nor when the Dockerfile no longer matches.
    const alone = await image(new ExplorerProvider({ engine }, () => settings), `${p}:also`);
    assert.ok(alone!.children!.every((l) => l.command === undefined));
    const other = path.join(dir, 'Dockerfile.other');
    fs.writeFileSync(other, DOCKERFILE.replace('echo wrote', 'echo other'));
    const mismatched = await image(new ExplorerProvider({ engine }, () => settings, undefined, VIEW_DEFINITIONS, { dockerfiles: async () => [other] }), `${p}:also`);
    assert.ok(mismatched!.children!.every((l) => l.command === undefined), 'a Dockerfile that differs in a RUN links nothing');
  });

  it('links the layers of an image built from the editor through its dockml.dockerfile label', async () => {
    await buildFromEditor(docker, { dockerfile, contextDir: dir, tag: `${p}:labelled` }, { line: () => undefined });
    const node = await image(new ExplorerProvider({ engine }, () => settings), `${p}:labelled`);
    const run = node!.children!.find((l) => l.label.startsWith('RUN head'))!;
    assert.deepEqual(run.command?.arguments, [dockerfile, 3]);
    assert.match(node!.tooltip!, new RegExp(`- Built from: \`${dockerfile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\``));
  });

  it('removes an image only after a confirmation naming it; cancelling removes nothing', async () => {
    await docker.getImage(IMAGE).tag({ repo: p, tag: 'gone' });
    const provider = new ExplorerProvider({ engine }, () => settings);
    // The busybox image is named by another tag too, so only this tag goes and the layers stay.
    const node = (await provider.getChildren('images')).find((n) => n.resource?.type === 'image' && n.resource.tags.includes(`${p}:gone`))!;
    const ref = { ...(node.resource as Extract<ExplorerNode['resource'], { type: 'image' }>), tags: [`${p}:gone`] };
    const cancelled = scriptedUi([false]);
    const outcome = await removeImage(engine, ref, cancelled.ui);
    assert.equal(outcome.cancelled, true);
    assert.match(cancelled.asked[0].message, new RegExp(`^Remove image “${p}:gone” \\(\\d\\.\\d+ MB\\)\\?$`));
    assert.deepEqual(cancelled.asked[0].buttons, ['Remove Image']);
    assert.ok(await exists(`${p}:gone`), 'still there after cancel');

    const agreed = scriptedUi(['Remove Image']);
    const done = await removeImage(engine, ref, agreed.ui);
    assert.equal(done.ok, true, done.message);
    assert.match(done.message, /its layers stay, as another image or a container still uses them/);
    assert.ok(!(await exists(`${p}:gone`)));
    assert.ok(await exists(IMAGE), 'the other tag is kept');
  });

  it('explains an image in use, and removes its containers first only after a second confirmation', async () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile.used'), `FROM ${IMAGE}\nRUN echo used-${process.pid} > /used\n`);
    assert.equal((await buildImage(docker, dir, 'Dockerfile.used', `${p}:used`)).error, undefined);
    const container = await docker.createContainer({ name: `${p}-user`, Image: `${p}:used`, Cmd: ['sleep', '3600'], Labels: { [TEST_LABEL]: '1' }, StopTimeout: 1 });
    await container.start();
    const provider = new ExplorerProvider({ engine }, () => settings);
    const ref = (await image(provider, `${p}:used`))!.resource as Extract<ExplorerNode['resource'], { type: 'image' }>;

    const declined = scriptedUi(['Remove 1 container and the Image…', false]);
    assert.equal((await removeImage(engine, ref, declined.ui)).cancelled, true);
    assert.equal(declined.asked[0].message, `Image “${p}:used” (${declined.asked[0].message.match(/\((.+)\)/)![1]}) is in use`);
    assert.match(declined.asked[0].detail, new RegExp(`^${p}-user \\(running\\) was created from it`));
    assert.deepEqual(declined.asked[0].buttons, ['Remove 1 container and the Image…', 'Force Remove…']);
    assert.match(declined.asked[1].detail, new RegExp(`^${p}-user \\(running\\) is removed \\(stopped first if running`));
    assert.ok(await exists(`${p}:used`), 'nothing removed when the second question is declined');
    assert.equal(((await container.inspect()) as { State: { Running: boolean } }).State.Running, true);

    const forced = scriptedUi(['Force Remove…', false]);
    assert.equal((await removeImage(engine, ref, forced.ui)).cancelled, true);
    assert.match(forced.asked[1].message, /^Force-remove image .* though 1 container uses it\?$/);
    assert.ok(await exists(`${p}:used`), 'force asks again, and nothing goes when declined');

    const agreed = scriptedUi(['Remove 1 container and the Image…', 'Remove Containers and Image']);
    const outcome = await removeImage(engine, ref, agreed.ui);
    assert.equal(outcome.ok, true, outcome.message);
    assert.match(outcome.message, new RegExp(`^Removed ${p}-user; removed image “${p}:used” .*\\(\\d+ layers? deleted\\)\\.$`));
    assert.ok(!(await exists(`${p}:used`)));
  });

  it('forces the removal of an image a running container uses only after its own confirmation: the tag goes, the container runs on', async () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile.forced'), `FROM ${IMAGE}\nRUN echo forced-${process.pid} > /forced\n`);
    assert.equal((await buildImage(docker, dir, 'Dockerfile.forced', `${p}:forced`)).error, undefined);
    const id = await idOf(`${p}:forced`);
    const container = await docker.createContainer({ Image: `${p}:forced`, Cmd: ['sleep', '3600'], Labels: { [TEST_LABEL]: '1' }, StopTimeout: 1 });
    await container.start();
    try {
      const ref = (await image(new ExplorerProvider({ engine }, () => settings), `${p}:forced`))!.resource as Extract<ExplorerNode['resource'], { type: 'image' }>;
      const forced = scriptedUi(['Force Remove…', 'Force Remove Image']);
      const outcome = await removeImage(engine, ref, forced.ui);
      assert.equal(outcome.ok, true, outcome.message);
      assert.match(forced.asked[1].detail, /the engine only takes the tags away/);
      assert.ok(!(await exists(`${p}:forced`)), 'the tag is gone');
      assert.ok(await exists(id), 'the image stays while the container runs it');
      assert.equal(((await container.inspect()) as { State: { Running: boolean } }).State.Running, true);
    } finally {
      await container.remove({ force: true });
      await docker.getImage(id).remove().catch(() => undefined);
    }
  });

  it('prunes dangling images by default, after listing them; cancelling removes nothing', { skip: throwawaySkip }, async () => {
    const dangling = (await docker.listImages({ filters: { dangling: ['true'] } })).map((i) => i.Id);
    assert.ok(dangling.length > 0, 'the dangling test left one');
    const cancelled = scriptedUi([false]);
    const nothing = await prune(engine, 'image', cancelled.ui);
    assert.equal(nothing.cancelled, true);
    assert.match(cancelled.asked[0].message, /^Remove \d+ dangling images? \(.+\)\?$/);
    assert.deepEqual(cancelled.asked[0].buttons, ['Remove Dangling Images', 'Remove All Unused Images', 'Show All']);
    assert.match(cancelled.asked[0].detail, /will be removed:\n• /);
    assert.match(cancelled.asked[0].detail, new RegExp(`${p}:also`), 'unused tagged images are named as kept');
    assert.deepEqual((await docker.listImages({ filters: { dangling: ['true'] } })).map((i) => i.Id).sort(), [...dangling].sort());

    const agreed = scriptedUi(['Remove Dangling Images']);
    const result = await prune(engine, 'image', agreed.ui);
    assert.equal(result.ok, true, result.message);
    assert.equal(result.removed.length, dangling.length);
    assert.deepEqual(await docker.listImages({ filters: { dangling: ['true'] } }), []);
    assert.ok(await exists(`${p}:also`), 'tagged images are kept by the default prune');
    assert.ok(agreed.progress.length > 0, 'progress was reported');
  });

  it('follows image events: a new tag shows without a manual refresh', async () => {
    const provider = new ExplorerProvider({ engine }, () => settings);
    const manager = new RefreshManager(provider, () => engine, { debounceMs: 100 });
    try {
      await provider.getChildren('images');
      manager.setVisible('images', true);
      await waitFor(provider, async () => (manager.streamState === 'open' ? true : undefined), 'the events stream');
      await docker.getImage(IMAGE).tag({ repo: p, tag: 'event' });
      const tagged = await waitFor(
        provider,
        async () => (await provider.getChildren('images')).find((n) => n.resource?.type === 'image' && n.resource.tags.includes(`${p}:event`)),
        'the new tag',
      );
      assert.ok(tagged);
      await docker.getImage(`${p}:event`).remove();
      await waitFor(
        provider,
        async () => ((await provider.getChildren('images')).some((n) => n.resource?.type === 'image' && n.resource.tags.includes(`${p}:event`)) ? undefined : true),
        'the untag',
      );
      assert.ok(provider.history.some((r) => r.view === 'images' && r.reason === 'event'));
    } finally {
      manager.dispose();
    }
  });
});
