// `apt-lists-not-cleaned` on a real engine: what `dockml fix` does to the apt lists must leave a Dockerfile that
// still builds. A RUN that installs from lists an earlier RUN downloaded, with no `apt-get update` of its own, fails
// once that earlier RUN deletes them; DockML then deletes them only after the last install that reads them.
//
// No registry is reachable, so the base is the local busybox image with a stand-in apt-get that, as the real one,
// cannot locate a package when /var/lib/apt/lists is empty. Needs DOCKER_HOST, like the other engine tests; images
// are tagged dockml-apt-test-* and removed after.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import { buildImage, engineSkip, ensureImage, IMAGE, rawDocker, root, runToCompletion, testEngine } from './harness';

const CLI = path.join(root, 'dist', 'cli.js');
const tag = (name: string) => `dockml-apt-test-${name}:${process.pid}`;
const BASE = tag('base');
const CLEANUP = 'rm -rf /var/lib/apt/lists/*';

const APT_GET = [
  '#!/bin/sh',
  '# apt-get: `update` downloads a package list; `install` needs one, as apt does, and records each package.',
  'case "$1" in',
  '  update) mkdir -p /var/lib/apt/lists && echo "Package: curl" > /var/lib/apt/lists/bookworm_main_Packages; exit 0 ;;',
  '  install) shift ;;',
  '  *) exit 1 ;;',
  'esac',
  'if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null)" ]; then',
  '  for p in "$@"; do case "$p" in -*) ;; *) echo "E: Unable to locate package $p" >&2; exit 100 ;; esac; done',
  'fi',
  'mkdir -p /usr/share/fake-apt',
  'for p in "$@"; do case "$p" in -*) ;; *) echo "$p" > "/usr/share/fake-apt/$p" ;; esac; done',
].join('\n');

/** Two installs in one stage; the second updates the lists itself only when `updateAgain` is set. */
const dockerfile = (updateAgain: boolean) =>
  [
    `FROM ${BASE}`,
    'RUN apt-get update && apt-get install -y --no-install-recommends curl',
    'WORKDIR /app',
    `RUN ${updateAgain ? 'apt-get update && ' : ''}apt-get install -y --no-install-recommends jq`,
    'USER 1000',
    '',
  ].join('\n');

/** Lists the packages installed, then counts the files left in the apt lists. */
const INSTALLED = ['sh', '-c', 'ls -1 /usr/share/fake-apt; ls -A /var/lib/apt/lists | wc -l'];

describe('apt lists and dockml fix on a real engine', { skip: engineSkip }, () => {
  let docker: Dockerode;
  let dir: string;
  const built: string[] = [];

  /** Writes `text` as `name` in the build folder and builds it; the engine's error, if any. */
  async function build(name: string, text: string): Promise<string | undefined> {
    fs.writeFileSync(path.join(dir, name), text);
    built.push(tag(name.toLowerCase()));
    const { error } = await buildImage(docker, dir, name, tag(name.toLowerCase()));
    return error;
  }

  /** `dockml fix` on a copy of `text`: the fixed text and what the CLI printed. */
  function fix(name: string, text: string): { text: string; stdout: string } {
    fs.writeFileSync(path.join(dir, name), text);
    const result = spawnSync(process.execPath, [CLI, 'fix', name], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.ok(result.status === 0 || result.status === 1, `dockml fix exited ${result.status}: ${result.stderr}`);
    return { text: fs.readFileSync(path.join(dir, name), 'utf8'), stdout: result.stdout };
  }

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)');
    docker = rawDocker(testEngine());
    await ensureImage(docker);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-apt-'));
    fs.writeFileSync(path.join(dir, 'apt-get'), `${APT_GET}\n`);
    fs.writeFileSync(path.join(dir, 'Dockerfile.base'), `FROM ${IMAGE}\nCOPY apt-get /bin/\nRUN chmod +x /bin/apt-get\n`);
    const { error, log } = await buildImage(docker, dir, 'Dockerfile.base', BASE);
    assert.equal(error, undefined, log);
  });

  after(async () => {
    if (!docker) return;
    for (const image of [BASE, ...built]) await docker.getImage(image).remove({ force: true }).catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the later install needs the lists: it builds as written, and fails once the first RUN deletes them', async () => {
    const written = dockerfile(false);
    assert.equal(await build('Dockerfile.written', written), undefined);
    const cleaned = written.replace('install -y --no-install-recommends curl', `install -y --no-install-recommends curl && ${CLEANUP}`);
    assert.notEqual(cleaned, written);
    assert.match((await build('Dockerfile.cleaned', cleaned)) ?? 'it built', /returned a non-zero code: 100/);
  });

  it('dockml fix leaves the lists of the first RUN alone and says why; the later install, whose lists sit in the first layer, is left as written', async () => {
    const written = dockerfile(false);
    const { text, stdout } = fix('Dockerfile.fixed', written);
    // Deleting the lists in the later RUN would not shrink the image (they stay in the first RUN's layer), so the
    // rule does not report it and the fix leaves the file as it was.
    assert.equal(text, written);
    assert.match(stdout, /apt-lists-not-cleaned: `apt-get install` leaves the apt package lists in the image, and the RUN on line 4 installs from them/);
    assert.equal(await build('Dockerfile.fixed', text), undefined);
    const installed = await runToCompletion(docker, tag('dockerfile.fixed'), INSTALLED);
    assert.equal(installed.code, 0);
    assert.match(installed.output, /^curl\njq\n[1-9]/);
  });

  it('where the later RUN updates on its own, dockml fix deletes the lists in both RUNs and the image still builds', async () => {
    const { text, stdout } = fix('Dockerfile.updates', dockerfile(true));
    assert.equal(text.split(CLEANUP).length - 1, 2, text);
    assert.doesNotMatch(stdout, /apt-lists-not-cleaned/);
    assert.equal(await build('Dockerfile.updates', text), undefined);
    assert.deepEqual(await runToCompletion(docker, tag('dockerfile.updates'), INSTALLED), { code: 0, output: 'curl\njq\n0' });
  });
});
