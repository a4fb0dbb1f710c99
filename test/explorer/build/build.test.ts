// Building from the editor on the throwaway engine: the context goes as a tar with .dockerignore applied, the output
// streams step by step, build args and targets reach the engine, failures say why, and a cancellation ends the build.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import { BuildCancelled, BuildError, buildImage, contextEntries, defaultTag, DOCKERFILE_LABEL, TARGET_LABEL } from '../../../client/src/build/build';
import { engineSkip, ensureImage, IMAGE, rawDocker, testEngine } from '../harness';

describe('build from the editor', { skip: engineSkip }, () => {
  let docker: Dockerode;
  let dir: string;
  const tags: string[] = [];
  const tag = (name: string) => {
    const t = `dockml-build-test-${name}:${process.pid}`;
    tags.push(t);
    return t;
  };

  before(async () => {
    docker = rawDocker(testEngine());
    await ensureImage(docker);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-build-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'data', 'huge.bin'), Buffer.alloc(4096, 1));
    fs.writeFileSync(path.join(dir, 'src', 'app.sh'), 'echo app\n');
    fs.writeFileSync(path.join(dir, '.dockerignore'), 'data\nDockerfile\n');
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      [
        `FROM ${IMAGE} AS base`,
        'ARG GREETING=hello',
        'COPY . /ctx',
        'RUN test ! -e /ctx/data && test -f /ctx/src/app.sh && echo "greeting=$GREETING"',
        `FROM base AS final`,
        'RUN echo final stage',
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    for (const t of tags) await docker.getImage(t).remove({ force: true }).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends the context without what .dockerignore leaves out, but always the Dockerfile', () => {
    const entries = contextEntries({ dockerfile: path.join(dir, 'Dockerfile'), contextDir: dir, ignoreFile: path.join(dir, '.dockerignore'), tag: 'x' });
    assert.deepEqual(entries.sort(), ['.dockerignore', 'Dockerfile', 'src/app.sh']);
  });

  it('builds up to a target with build args, streaming each step, and labels the image with its Dockerfile', async () => {
    const lines: string[] = [];
    const steps: string[] = [];
    const request = {
      dockerfile: path.join(dir, 'Dockerfile'),
      contextDir: dir,
      ignoreFile: path.join(dir, '.dockerignore'),
      target: 'base',
      tag: tag('base'),
      buildArgs: { GREETING: 'bonjour' },
    };
    const result = await buildImage(docker, request, { line: (l) => lines.push(l), step: (i, n, text) => steps.push(`${i}/${n} ${text}`) });
    assert.match(result.imageId, /^sha256:[0-9a-f]{64}$/);
    // The classic builder stops at the target stage, and adds the labels as steps of their own.
    assert.deepEqual(
      steps.map((s) => s.split(' ').slice(0, 2).join(' ')),
      ['1/6 FROM', '2/6 ARG', '3/6 COPY', '4/6 RUN', '5/6 LABEL', '6/6 LABEL'],
    );
    assert.ok(!lines.includes('final stage'));
    assert.ok(lines.includes('greeting=bonjour'), `the build arg reached the RUN: ${lines.join('\n')}`);
    const inspected = await docker.getImage(request.tag).inspect();
    assert.equal(inspected.Id, result.imageId);
    assert.equal(inspected.Config.Labels?.[DOCKERFILE_LABEL], request.dockerfile);
    assert.equal(inspected.Config.Labels?.[TARGET_LABEL], 'base');
  });

  it("fails with the engine's message", async () => {
    fs.writeFileSync(path.join(dir, 'Broken.Dockerfile'), `FROM ${IMAGE}\nRUN echo about to fail && exit 3\n`);
    const lines: string[] = [];
    await assert.rejects(
      buildImage(docker, { dockerfile: path.join(dir, 'Broken.Dockerfile'), contextDir: dir, tag: tag('broken') }, { line: (l) => lines.push(l) }),
      (error: Error) => error instanceof BuildError && /returned a non-zero code: 3/.test(error.message),
    );
    assert.ok(lines.includes('about to fail'));
  });

  it('refuses a Dockerfile outside its context, and a context that does not exist, in one sentence', async () => {
    await assert.rejects(buildImage(docker, { dockerfile: '/elsewhere/Dockerfile', contextDir: dir, tag: 'x' }, { line: () => undefined }), /is not inside its build context/);
    await assert.rejects(buildImage(docker, { dockerfile: path.join(dir, 'nope', 'Dockerfile'), contextDir: path.join(dir, 'nope'), tag: 'x' }, { line: () => undefined }), /does not exist/);
  });

  it('ends the build when cancelled', async () => {
    fs.writeFileSync(path.join(dir, 'Slow.Dockerfile'), `FROM ${IMAGE}\nRUN echo sleeping && sleep 60\nRUN echo never\n`);
    const controller = new AbortController();
    const lines: string[] = [];
    const started = performance.now();
    const build = buildImage(docker, { dockerfile: path.join(dir, 'Slow.Dockerfile'), contextDir: dir, tag: tag('slow') }, {
      line: (l) => {
        lines.push(l);
        if (l === 'sleeping') controller.abort();
      },
    }, controller.signal);
    await assert.rejects(build, BuildCancelled);
    assert.ok(performance.now() - started < 50_000, 'it did not wait for the sleep');
    assert.ok(!lines.includes('never'));
    await assert.rejects(docker.getImage(tags.at(-1)!).inspect(), 'no image was tagged');
  });

  it('names images after their context folder and target', () => {
    assert.equal(defaultTag('/work/My Project', 'Train'), 'my-project-train:dockml');
    assert.equal(defaultTag('/'), 'image:dockml');
  });
});
