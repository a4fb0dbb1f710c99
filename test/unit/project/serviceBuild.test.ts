// A Compose service's build as `docker compose build` makes it: `${VAR}` interpolation in all its forms, build
// arguments in map and list form from the environment and the project's `.env`, and the service's target.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpolate } from '../../../server/src/compose/buildArgs';
import { serviceBuild } from '../../../server/src/project/serviceBuild';
import { MemoryHost } from '../memoryHost';

describe('Compose interpolation', () => {
  const env = { SET: 'value', EMPTY: '' };
  it('replaces $VAR and ${VAR}, unset ones by nothing, and keeps $$ as one dollar', () => {
    assert.equal(interpolate('a-$SET-${SET}-${UNSET}-$UNSET-$$SET-$', env), 'a-value-value---$SET-$');
  });
  it('takes defaults and alternatives as Compose does, with or without the colon', () => {
    assert.equal(interpolate('${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${SET:-d}', env), 'd d  value');
    assert.equal(interpolate('${UNSET:+a}|${EMPTY:+a}|${EMPTY+a}|${SET:+a}', env), '||a|a');
    assert.equal(interpolate('${UNSET:-${SET}-x}', env), 'value-x');
  });
  it('fails on a required variable that is missing, with its message', () => {
    assert.throws(() => interpolate('${UNSET:?set it in .env}', env), /required variable UNSET is missing a value: set it in .env/);
    assert.throws(() => interpolate('${EMPTY:?}', env), /EMPTY/);
    assert.equal(interpolate('${EMPTY?no}', env), '');
  });
});

describe('serviceBuild', () => {
  const compose = '/p/compose.yaml';
  const host = (text: string, dotenv?: string) =>
    new MemoryHost({ [compose]: text, '/p/app/Dockerfile': 'FROM busybox\n', '/p/app/.dockerignore': 'data\n', ...(dotenv === undefined ? {} : { '/p/.env': dotenv }) });
  const yaml = (...lines: string[]) => ['services:', '  train:', '    build:', '      context: app', ...lines, ''].join('\n');

  it('reads map-form args, interpolated from .env with the process environment winning, and leaves out unset bare args', () => {
    const files = host(yaml('      target: trainer', '      args:', '        LR: ${LR:-0.1}', '        MODEL: $MODEL', '        TOKEN:', '        FROM_SHELL:', '        STEPS: 100'), 'MODEL=llama\nLR=0.5\nFROM_SHELL=dotenv\n');
    const build = serviceBuild(compose, 'train', files, { FROM_SHELL: 'shell' });
    assert.deepEqual(build?.args, { LR: '0.5', MODEL: 'llama', FROM_SHELL: 'shell', STEPS: '100' });
    assert.equal(build?.target, 'trainer');
    assert.equal(build?.dockerfile, '/p/app/Dockerfile');
    assert.equal(build?.contextDir, '/p/app');
    assert.equal(build?.ignoreFile, '/p/app/.dockerignore');
    assert.equal(build?.problem, undefined);
  });

  it('reads list-form args, a bare name taking the variable of that name', () => {
    const files = host(yaml('      args:', '        - EPOCHS=${EPOCHS}', '        - GPU', '        - MISSING', '        - EMPTY='), 'GPU=a100\n');
    assert.deepEqual(serviceBuild(compose, 'train', files, { EPOCHS: '3' })?.args, { EPOCHS: '3', GPU: 'a100', EMPTY: '' });
  });

  it('says why a service cannot be built, and knows no service that is not there', () => {
    assert.match(serviceBuild(compose, 'train', host(yaml('      args:', '        - KEY=${KEY:?KEY is required}')), {})?.problem ?? '', /KEY is required/);
    assert.match(serviceBuild(compose, 'train', host('services:\n  train:\n    image: busybox\n'), {})?.problem ?? '', /has no build: section/);
    assert.match(serviceBuild(compose, 'train', host('services:\n  train:\n    build:\n      dockerfile_inline: FROM busybox\n'), {})?.problem ?? '', /not a local Dockerfile/);
    assert.match(serviceBuild(compose, 'train', host('services:\n  train:\n    build: ./elsewhere\n'), {})?.problem ?? '', /build context of service train does not exist/);
    assert.equal(serviceBuild(compose, 'other', host(yaml()), {}), undefined);
  });
});
