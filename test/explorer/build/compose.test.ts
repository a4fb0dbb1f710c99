// Building as a Compose service on the throwaway engine: the service's build args (map and list form, interpolated
// from the project's .env, a bare one left out when unset) reach the RUN that uses them, and its target is built.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import { DiskFileHost } from '../../../server/src/analysis/documents';
import { serviceBuild } from '../../../server/src/project/serviceBuild';
import { buildImage } from '../../../client/src/build/build';
import { engineSkip, ensureImage, IMAGE, rawDocker, testEngine } from '../harness';

describe('build as a Compose service', { skip: engineSkip }, () => {
  let docker: Dockerode;
  let dir: string;
  const tags: string[] = [];

  before(async () => {
    docker = rawDocker(testEngine());
    await ensureImage(docker);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-compose-build-'));
    fs.mkdirSync(path.join(dir, 'app'));
    fs.writeFileSync(
      path.join(dir, 'app', 'Dockerfile'),
      [
        `FROM ${IMAGE} AS train`,
        'ARG MODEL=none',
        'ARG EPOCHS=1',
        'ARG DEVICE=cpu',
        'RUN echo "model=$MODEL epochs=$EPOCHS device=$DEVICE"',
        'FROM train AS serve',
        'RUN echo serving',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, '.env'), 'MODEL_NAME=llama-3-8b\n');
    fs.writeFileSync(
      path.join(dir, 'compose.yaml'),
      [
        'services:',
        '  trainer:',
        '    build:',
        '      context: ./app',
        '      target: train',
        '      args:',
        '        MODEL: ${MODEL_NAME}',
        '        EPOCHS: 3',
        '        DEVICE:',
        '  listed:',
        '    build:',
        '      context: ./app',
        '      target: train',
        '      args:',
        '        - MODEL=tuned-${MODEL_NAME}',
        '        - EPOCHS=${EPOCHS:-7}',
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    for (const t of tags) await docker.getImage(t).remove({ force: true }).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const buildService = async (service: string) => {
    const found = serviceBuild(path.join(dir, 'compose.yaml'), service, new DiskFileHost(), {});
    assert.ok(found?.dockerfile && found.contextDir && !found.problem, `service ${service} resolves: ${JSON.stringify(found)}`);
    const tag = `dockml-compose-build-test-${service}:${process.pid}`;
    tags.push(tag);
    const lines: string[] = [];
    await buildImage(docker, { dockerfile: found.dockerfile, contextDir: found.contextDir, ignoreFile: found.ignoreFile, target: found.target, tag, buildArgs: found.args }, { line: (l) => lines.push(l) });
    return lines;
  };

  it('passes the map-form args, interpolated from .env, and leaves a bare unset one to its ARG default', async () => {
    const lines = await buildService('trainer');
    assert.ok(lines.includes('model=llama-3-8b epochs=3 device=cpu'), lines.join('\n'));
    assert.ok(!lines.includes('serving'), 'the build stops at the target stage');
  });

  it('passes the list-form args with their defaults', async () => {
    const lines = await buildService('listed');
    assert.ok(lines.includes('model=tuned-llama-3-8b epochs=7 device=cpu'), lines.join('\n'));
  });
});
