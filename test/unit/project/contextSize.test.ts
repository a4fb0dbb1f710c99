// The build context measurement on real folders: which files .dockerignore keeps, the largest entries, the time
// budget, and the cache that measures again only when a folder or the .dockerignore changed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ContextFilter, ContextSize, ContextSizes, describeContextSize, formatBytes, measureContext, measureContextSync, readIgnorePatterns, walkContext } from '../../../server/src/project/contextSize';
import { ContextWorker } from '../../../server/src/project/contextWorker';

const SERVER_BUNDLE = path.join(__dirname, '..', '..', '..', 'dist', 'server.js');

/** Writes files of the given sizes (in bytes) under `dir`. */
function tree(dir: string, files: Record<string, number | string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : Buffer.alloc(content, 1));
  }
}

function kept(dir: string, ignore?: string): string[] {
  const filter = new ContextFilter(readIgnorePatterns(ignore && path.join(dir, ignore)));
  return [...walkContext(dir, filter)].flatMap((e) => (e && e.kind !== 'dir' ? [e.name] : [])).sort();
}

describe('build context size', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-context-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps what Docker's .dockerignore rules keep: exceptions, ** globs, root-anchored names, comments", () => {
    const root = path.join(dir, 'rules');
    tree(root, {
      '.dockerignore': '# data stays home\ndata\n!data/keep\n**/*.tmp\n/ckpt/*.pt\nsrc/**/cache\n  .git  \n',
      'data/drop/a.bin': 10,
      'data/keep/b.txt': 3,
      'a/b/c.tmp': 1,
      'a/b/d.txt': 1,
      'ckpt/m.pt': 4,
      'ckpt/nested/m.pt': 4,
      'src/x/cache/y': 1,
      'src/main.py': 2,
      '.git/HEAD': 5,
      'Dockerfile': 'FROM scratch\n',
    });
    assert.deepEqual(kept(root, '.dockerignore'), ['.dockerignore', 'Dockerfile', 'a/b/d.txt', 'ckpt/nested/m.pt', 'data/keep/b.txt', 'src/main.py']);
  });

  it('does not read a folder that is left out with no exception under it, but does read one with an exception inside', () => {
    const root = path.join(dir, 'skip');
    tree(root, { 'venv/lib/x.py': 1, 'logs/keep.log': 1, 'logs/other.log': 1 });
    const dirs = new Map<string, number>();
    const filter = new ContextFilter(['venv', 'logs', '!logs/keep.log']);
    const names = [...walkContext(root, filter, dirs)].flatMap((e) => (e && e.kind !== 'dir' ? [e.name] : []));
    assert.deepEqual(names, ['logs/keep.log']);
    assert.ok(!dirs.has(path.join(root, 'venv')), 'the left-out venv folder was never listed');
    assert.ok(dirs.has(path.join(root, 'logs')), 'logs was listed, for its exception');
  });

  it('adds up the bytes and files kept, and ranks the top-level entries', () => {
    const root = path.join(dir, 'ml');
    tree(root, { '.dockerignore': '.git\n', 'datasets/a.bin': 3000, 'datasets/b.bin': 2000, 'checkpoints/m.pt': 1500, '.git/pack': 9999, 'train.py': 20 });
    const size = measureContextSync(root, path.join(root, '.dockerignore'), 10_000);
    assert.equal(size.complete, true);
    assert.equal(size.files, 5);
    assert.equal(size.bytes, 3000 + 2000 + 1500 + 20 + fs.statSync(path.join(root, '.dockerignore')).size);
    assert.deepEqual(
      size.entries.map((e) => [e.name, e.bytes, e.files]),
      [['datasets/', 5000, 2], ['checkpoints/', 1500, 1], ['train.py', 20, 1], ['.dockerignore', 5, 1]],
    );
    const described = describeContextSize(size, 2);
    assert.equal(described.total, '6.5 kB in 5 files after .dockerignore');
    assert.deepEqual(described.entries, [
      { name: 'datasets/', detail: '5.0 kB (77%, 2 files)' },
      { name: 'checkpoints/', detail: '1.5 kB (23%, 1 file)' },
    ]);
  });

  it('counts a symbolic link as itself and never follows it out of the context', () => {
    const root = path.join(dir, 'links');
    tree(root, { 'real/a.bin': 100 });
    fs.symlinkSync(os.tmpdir(), path.join(root, 'outside'));
    const size = measureContextSync(root, undefined, 10_000);
    assert.deepEqual(size.entries.map((e) => e.name).sort(), ['outside', 'real/']);
    assert.equal(size.bytes, 100 + fs.lstatSync(path.join(root, 'outside')).size);
  });

  it('says why a missing context folder cannot be measured', () => {
    const size = measureContextSync(path.join(dir, 'nowhere'), undefined, 1000);
    assert.match(size.problem ?? '', /does not exist/);
  });

  it('stops at the time budget and says the numbers are lower bounds', async () => {
    const root = path.join(dir, 'many');
    tree(root, Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`d${i % 30}/f${i}`, 1])));
    for (const size of [measureContextSync(root, undefined, 0), await measureContext(root, undefined, 0)]) {
      assert.equal(size.complete, false);
      assert.ok(size.files < 3000, `${size.files} files counted before the budget ran out`);
      assert.match(describeContextSize(size).total, /^at least .* \(stopped counting after/);
    }
    assert.equal((await measureContext(root, undefined, 60_000)).files, 3000);
  });

  it("measures on a worker thread running the server's bundle, with the same result", { skip: fs.existsSync(SERVER_BUNDLE) ? undefined : 'dist/server.js is not built (npm run build)' }, async () => {
    const root = path.join(dir, 'worker');
    tree(root, { '.dockerignore': 'b\n', 'a/x': 10, 'b/y': 20 });
    const worker = new ContextWorker(SERVER_BUNDLE);
    try {
      const dirs = new Map<string, number>();
      const size = await worker.measure(root, path.join(root, '.dockerignore'), 10_000, dirs);
      assert.ok(worker.onWorker, 'the worker started and answered');
      const here = measureContextSync(root, path.join(root, '.dockerignore'), 10_000);
      assert.deepEqual({ ...size, elapsedMs: 0 }, { ...here, elapsedMs: 0 });
      assert.deepEqual([...dirs.keys()].sort(), [root, path.join(root, 'a')]);
    } finally {
      worker.dispose();
    }
  });

  it('prints sizes as the docker CLI does', () => {
    assert.deepEqual([12, 3000, 412_000_000, 9_100_000_000].map(formatBytes), ['12 B', '3.0 kB', '412 MB', '9.1 GB']);
  });

  it('caches a measurement until a folder of the context or the .dockerignore changes', async () => {
    const root = path.join(dir, 'cached');
    tree(root, { 'src/a.py': 10, 'data/x.bin': 1000 });
    const measured: ContextSize[] = [];
    let resolveNext: () => void = () => undefined;
    const sizes = new ContextSizes({ budgetMs: 10_000, recheckMs: 0, onMeasured: (s) => (measured.push(s), resolveNext()) });
    const next = () => new Promise<void>((resolve) => (resolveNext = resolve));
    const ignore = path.join(root, '.dockerignore');

    let arrived = next();
    assert.equal(sizes.get(root, ignore), undefined, 'not measured yet: the first ask starts the measurement');
    await arrived;
    assert.equal(sizes.get(root, ignore)?.bytes, 1010);
    // A check against the disk that finds nothing changed measures nothing again.
    await sizes.measured(root, ignore);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(measured.length, 1);

    arrived = next();
    tree(root, { '.dockerignore': 'data\n' });
    sizes.get(root, ignore);
    await arrived;
    assert.equal(sizes.get(root, ignore)?.bytes, 10 + 5, 'the new .dockerignore leaves data out');

    // Folder times tick with the kernel's clock (a few milliseconds), so the change comes a tick later, as edits do.
    await new Promise((resolve) => setTimeout(resolve, 50));
    arrived = next();
    tree(root, { 'src/deep/b.py': 7 });
    sizes.get(root, ignore);
    await arrived;
    assert.equal(sizes.get(root, ignore)?.bytes, 10 + 5 + 7, 'a file added deep down is seen through its folder');
  });
});
