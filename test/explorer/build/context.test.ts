// The build context DockML measures is the one the engine receives: the docker CLI sends a test tree with a
// .dockerignore to the throwaway engine, `COPY . /ctx` copies all of it, and the image lists what arrived.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ContextFilter, measureContextSync, readIgnorePatterns, walkContext } from '../../../server/src/project/contextSize';
import { engineSkip, ensureImage, IMAGE, rawDocker, testEngine } from '../harness';

/** Why this test cannot run here: no engine, or no docker CLI to send the context as `docker build` does. */
const skip = engineSkip ?? (spawnSync('docker', ['--version']).status === 0 ? undefined : 'the docker CLI is not installed: it is what sends the context here');

const IGNORE = ['# What an ML repository keeps out', '.git', 'data', '!data/labels', '**/*.tmp', '**/__pycache__', '/ckpt/*.pt', 'logs/*/', '*.log', '!keep.log'];

describe('build context size against the engine', { skip }, () => {
  let dir: string;
  const tag = `dockml-context-test:${process.pid}`;

  before(async () => {
    await ensureImage(rawDocker(testEngine()));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-context-engine-'));
    const files: Record<string, number> = {
      '.git/objects/pack.pack': 70_000,
      'data/raw/train.bin': 250_000,
      'data/labels/a.csv': 1_234,
      'data/labels/b.tmp': 99,
      'src/model.py': 5_000,
      'src/__pycache__/model.cpython-312.pyc': 800,
      'src/sub/__pycache__/x.pyc': 300,
      'ckpt/best.pt': 4_000,
      'ckpt/run1/best.pt': 4_000,
      'logs/run1/events': 600,
      'logs/top': 50,
      'debug.log': 10,
      'keep.log': 20,
      'notes.tmp': 5,
      'README.md': 42,
    };
    for (const [name, size] of Object.entries(files)) {
      fs.mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), Buffer.alloc(size, 7));
    }
    fs.mkdirSync(path.join(dir, 'empty'));
    fs.symlinkSync('src/model.py', path.join(dir, 'model-link'));
    fs.writeFileSync(path.join(dir, '.dockerignore'), IGNORE.join('\n') + '\n');
    // Each regular file as "F size path", each link as "L path": the listing is read back from the build output.
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      `FROM ${IMAGE}\nCOPY . /ctx\nRUN cd /ctx && find . -type f | while read f; do echo "F $(wc -c < "$f") $f"; done && find . -type l | sed 's/^/L /'\n`,
    );
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    spawnSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' });
  });

  it('keeps exactly the files the engine receives, with the same sizes', () => {
    const output = execFileSync('docker', ['build', '--no-cache', '-t', tag, dir], { env: { ...process.env, DOCKER_BUILDKIT: '0' }, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const received = output
      .split('\n')
      .flatMap((line) => {
        const file = /^F (\d+) \.\/(.*)$/.exec(line);
        if (file) return [`${file[2]} ${file[1]}`];
        const link = /^L \.\/(.*)$/.exec(line);
        return link ? [`${link[1]} link`] : [];
      })
      .sort();
    const filter = new ContextFilter(readIgnorePatterns(path.join(dir, '.dockerignore')));
    const measured = [...walkContext(dir, filter)]
      .flatMap((e) => (e && e.kind !== 'dir' ? [`${e.name} ${e.kind === 'symlink' ? 'link' : e.bytes}`] : []))
      .sort();
    assert.ok(received.includes('data/labels/a.csv 1234'), `the engine listing was read back: ${output}`);
    assert.deepEqual(measured, received);

    const size = measureContextSync(dir, path.join(dir, '.dockerignore'), 60_000);
    const engineBytes = received.filter((r) => !r.endsWith(' link')).reduce((n, r) => n + Number(r.split(' ').at(-1)), 0);
    const linkBytes = fs.lstatSync(path.join(dir, 'model-link')).size;
    assert.equal(size.bytes, engineBytes + linkBytes, 'the measured size is what the engine received (links count as themselves)');
    assert.equal(size.files, received.length);
  });
});
