// The builder/runtime split on a real engine: a typical ML Dockerfile and its split are both built, and the
// runtime image must hold the Python environment and the run-time system packages, start its command, and
// carry no secret ENV.
//
// No registry is reachable, so the base is the local busybox image with stand-ins for apt-get, python3 and
// pip: `apt-get install` records each package as a file, `python3 -m venv` makes a folder whose pip records
// each package in it (and fails, as on Debian, unless python3-venv was installed), and `python3 x.py` runs
// x.py with sh. The Dockerfile is split by the refactor itself, so the test builds exactly what a user gets.
// Needs DOCKER_HOST, like the other engine tests; images are tagged dockml-split-test-* and removed after.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import { DockerfileModel } from '../../server/src/dockerfile/model';
import { splitStage } from '../../server/src/dockerfile/split';
import { applyEdits } from '../../server/src/text';
import { buildImage, engineSkip, ensureImage, IMAGE, rawDocker, runToCompletion, testEngine } from './harness';

const tag = (name: string) => `dockml-split-test-${name}:${process.pid}`;
const BASE = tag('base');

/** Stand-ins for the tools a Python image has, each a shell script for busybox. */
const STAND_INS: Record<string, string> = {
  'apt-get': [
    '#!/bin/sh',
    '# apt-get: `install` records each package as a file under /usr/share/fake-apt.',
    'case "$1" in',
    '  update) mkdir -p /var/lib/apt/lists && echo index > /var/lib/apt/lists/index; exit 0 ;;',
    '  install) shift ;;',
    '  *) exit 1 ;;',
    'esac',
    'mkdir -p /usr/share/fake-apt',
    'for p in "$@"; do case "$p" in -*) ;; *) echo "$p" > "/usr/share/fake-apt/$p" ;; esac; done',
  ].join('\n'),
  pip: [
    '#!/bin/sh',
    '# pip: `install` records each package, named or listed with -r, as a file in $SITE (the system site by default).',
    'site="${SITE:-/usr/local/lib/python3/site-packages}"',
    '[ "$1" = install ] || exit 1',
    'shift',
    'mkdir -p "$site"',
    'while [ $# -gt 0 ]; do',
    '  case "$1" in',
    '    -r) while read -r p; do [ -n "$p" ] && echo "$p" > "$site/$p"; done < "$2"; shift 2 ;;',
    '    -*) shift ;;',
    '    *) echo "$1" > "$site/$1"; shift ;;',
    '  esac',
    'done',
  ].join('\n'),
  python3: [
    '#!/bin/sh',
    '# python3: `-m venv DIR` makes an environment with its own pip; anything else runs the script with sh.',
    'if [ "$1" = -m ] && [ "$2" = venv ]; then',
    '  [ -f /usr/share/fake-apt/python3-venv ] || { echo "The virtual environment was not created: apt install python3-venv" >&2; exit 1; }',
    '  mkdir -p "$3/bin" "$3/lib/python3/site-packages"',
    '  printf \'#!/bin/sh\\nSITE=%s/lib/python3/site-packages exec /bin/pip "$@"\\n\' "$3" > "$3/bin/pip"',
    '  printf \'#!/bin/sh\\nexec /bin/python3 "$@"\\n\' > "$3/bin/python3"',
    '  chmod +x "$3/bin/pip" "$3/bin/python3"',
    '  exit 0',
    'fi',
    'exec sh "$@"',
  ].join('\n'),
};

/** The application: like `import numpy, fastapi` and loading libgomp and ffmpeg, it fails when one is missing. */
const SERVE = [
  'site="${VIRTUAL_ENV:-/usr/local}/lib/python3/site-packages"',
  'for p in numpy fastapi; do [ -f "$site/$p" ] || { echo "ModuleNotFoundError: No module named $p"; exit 1; }; done',
  'for l in libgomp1 ffmpeg; do [ -f "/usr/share/fake-apt/$l" ] || { echo "OSError: $l: cannot open shared object file"; exit 1; }; done',
  '[ -f /models/model.safetensors ] || { echo "FileNotFoundError: /models/model.safetensors"; exit 1; }',
  'echo "serving with $(ls "$site" | tr "\\n" " ")from $site"',
].join('\n');

/** What an ML engineer writes: one stage, compilers and run-time libraries together, a token in ENV. */
const SINGLE = [
  `FROM ${BASE}`,
  'RUN apt-get update && apt-get install -y --no-install-recommends build-essential python3 libgomp1 ffmpeg && rm -rf /var/lib/apt/lists/*',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN pip install --no-cache-dir -r requirements.txt',
  'COPY serve.py .',
  'COPY model.safetensors /models/',
  'ENV HF_TOKEN=hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ MODEL_DIR=/models',
  'CMD ["python3", "serve.py"]',
  '',
].join('\n');

/** Builds `dockerfile` in `dir` (optionally up to `target`) and fails with the engine's message when the build does. */
async function build(docker: Dockerode, dir: string, dockerfile: string, name: string, target?: string): Promise<void> {
  const { error, log } = await buildImage(docker, dir, dockerfile, name, target);
  assert.equal(error, undefined, `${dockerfile} does not build: ${error}\n${log}`);
}

describe('the builder/runtime split on a real engine', { skip: engineSkip }, () => {
  let docker: Dockerode;
  let dir: string;
  let split: string;

  before(async () => {
    docker = rawDocker(testEngine());
    await ensureImage(docker);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-split-'));
    for (const [name, text] of Object.entries(STAND_INS)) fs.writeFileSync(path.join(dir, name), `${text}\n`);
    fs.writeFileSync(path.join(dir, 'Dockerfile.base'), `FROM ${IMAGE}\nCOPY apt-get pip python3 /bin/\nRUN chmod +x /bin/apt-get /bin/pip /bin/python3\n`);
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'numpy\nfastapi\n');
    fs.writeFileSync(path.join(dir, 'serve.py'), `${SERVE}\n`);
    fs.writeFileSync(path.join(dir, 'model.safetensors'), 'weights\n');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), SINGLE);
    const model = new DockerfileModel(SINGLE);
    const result = splitStage(model, model.finalStage!);
    assert.ok(result && 'edits' in result, JSON.stringify(result));
    split = applyEdits(SINGLE, result.edits);
    fs.writeFileSync(path.join(dir, 'Dockerfile.split'), split);
    await build(docker, dir, 'Dockerfile.base', BASE);
  });

  after(async () => {
    if (!docker) return;
    for (const name of ['single', 'builder', 'runtime', 'base']) await docker.getImage(tag(name)).remove({ force: true }).catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the single-stage image starts, with the packages in the system Python', async () => {
    await build(docker, dir, 'Dockerfile', tag('single'));
    assert.deepEqual(await runToCompletion(docker, tag('single')), { code: 0, output: 'serving with fastapi numpy from /usr/local/lib/python3/site-packages' });
  });

  it('the split builds, and its runtime image starts with the virtual environment and the run-time libraries', async () => {
    // The builder is tagged on its own, so that no untagged stage image is left behind.
    await build(docker, dir, 'Dockerfile.split', tag('builder'), 'builder');
    await build(docker, dir, 'Dockerfile.split', tag('runtime'));
    assert.deepEqual(await runToCompletion(docker, tag('runtime')), { code: 0, output: 'serving with fastapi numpy from /opt/venv/lib/python3/site-packages' });
    const installed = await runToCompletion(docker, tag('runtime'), ['ls', '/usr/share/fake-apt']);
    assert.deepEqual(installed.output.split(/\s+/).sort(), ['ffmpeg', 'libgomp1', 'python3'], 'the runtime stage has the libraries, not the compilers');
  });

  it('the runtime image carries no secret ENV, and keeps the others', async () => {
    const env = (await docker.getImage(tag('runtime')).inspect()).Config.Env ?? [];
    assert.ok(!env.some((e) => e.startsWith('HF_TOKEN=')), env.join(' '));
    assert.ok(env.includes('MODEL_DIR=/models') && env.includes('VIRTUAL_ENV=/opt/venv'), env.join(' '));
    assert.ok(env.some((e) => e.startsWith('PATH=/opt/venv/bin:')), env.join(' '));
  });
});
