// The Compose builders index on a real folder tree: which services build a Dockerfile, with their context, target,
// user and GPUs; how far up it looks; and that an edited Compose file counts at once.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DockerfileModel } from '../../../server/src/dockerfile/model';
import { DiskFileHost } from '../../../server/src/analysis/documents';
import { ComposeBuildersIndex, MAX_REPOSITORY_DEPTH, projectRoot, repositoryRoot } from '../../../server/src/project/builders';
import { buildContext, describeContext } from '../../../server/src/project/context';
import type { FileHost } from '../../../server/src/rules/types';

const DOCKERFILE = 'FROM python:3.11-slim AS runtime\nCOPY . /app\n';

const TREE: Record<string, string> = {
  'outer/compose.yaml': 'services:\n  above-the-repo:\n    build:\n      context: repo\n      dockerfile: docker/api/Dockerfile\n',
  'outer/repo/.git/HEAD': 'ref: refs/heads/main\n',
  'outer/repo/compose.yaml': [
    'services:',
    '  api:',
    '    build:',
    '      context: .',
    '      dockerfile: docker/api/Dockerfile',
    '      target: runtime',
    '    user: "10001"',
    '    deploy:',
    '      resources:',
    '        reservations:',
    '          devices:',
    '            - driver: nvidia',
    '              count: 1',
    '              capabilities: [gpu]',
    '  worker:',
    '    build: docker/worker',
    '  redis:',
    '    image: redis:7',
    '',
  ].join('\n'),
  'outer/repo/stack.yaml': 'services:\n  api-legacy:\n    build:\n      context: ${CTX:-.}\n      dockerfile: docker/api/Dockerfile\n    runtime: nvidia\n',
  'outer/repo/mkdocs.yml': 'site_name: docs\n',
  'outer/repo/deploy/compose.yaml': 'services:\n  sibling:\n    build:\n      context: ..\n      dockerfile: docker/api/Dockerfile\n',
  'outer/repo/docker/api/Dockerfile': DOCKERFILE,
  'outer/repo/docker/api/docker-compose.dev.yml': 'services:\n  api-dev:\n    build:\n      context: ../..\n      dockerfile: docker/api/Dockerfile\n    environment:\n      NVIDIA_VISIBLE_DEVICES: all\n',
  'outer/repo/docker/worker/Dockerfile': DOCKERFILE,
};

describe('ComposeBuildersIndex', () => {
  let root: string;
  const disk = new DiskFileHost();
  const at = (file: string) => path.join(root, file);
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-builders-'));
    for (const [file, text] of Object.entries(TREE)) {
      fs.mkdirSync(path.dirname(at(file)), { recursive: true });
      fs.writeFileSync(at(file), text);
    }
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds the services in the folder and its ancestors up to the .git folder, nearest first', () => {
    const builders = new ComposeBuildersIndex().of(at('outer/repo/docker/api/Dockerfile'), disk);
    assert.deepEqual(builders, [
      { composeFile: at('outer/repo/docker/api/docker-compose.dev.yml'), service: 'api-dev', contextDir: at('outer/repo'), target: undefined, user: undefined, gpu: false },
      { composeFile: at('outer/repo/compose.yaml'), service: 'api', contextDir: at('outer/repo'), target: 'runtime', user: '10001', gpu: true },
      { composeFile: at('outer/repo/stack.yaml'), service: 'api-legacy', contextDir: at('outer/repo'), target: undefined, user: undefined, gpu: true },
    ]);
  });

  it("says which services declare their own healthcheck:", () => {
    fs.mkdirSync(at('probed'), { recursive: true });
    fs.writeFileSync(at('probed/Dockerfile'), DOCKERFILE);
    fs.writeFileSync(
      at('probed/compose.yaml'),
      'services:\n  api:\n    build: .\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]\n  batch:\n    build: .\n',
    );
    const builders = new ComposeBuildersIndex().of(at('probed/Dockerfile'), disk, at('probed'));
    assert.deepEqual(builders.map((b) => [b.service, b.healthcheck ?? false]), [['api', true], ['batch', false]]);
  });

  it('resolves a short build: to the Dockerfile in the context folder', () => {
    const builders = new ComposeBuildersIndex().of(at('outer/repo/docker/worker/Dockerfile'), disk);
    assert.deepEqual(builders.map((b) => [b.service, b.contextDir]), [['worker', at('outer/repo/docker/worker')]]);
  });

  it('stops at a bound below the .git folder, such as the scanned folder', () => {
    const builders = new ComposeBuildersIndex().of(at('outer/repo/docker/api/Dockerfile'), disk, at('outer/repo/docker/api'));
    assert.deepEqual(builders.map((b) => b.service), ['api-dev']);
    assert.equal(projectRoot(at('outer/repo/docker/api/Dockerfile'), disk), at('outer/repo'));
    fs.mkdirSync(at('loose/a/b'), { recursive: true });
    assert.equal(projectRoot(at('loose/a/b/Dockerfile'), disk), at('loose/a'), 'outside a repository, one folder up');
  });

  it('finds the repository root however deep the file is, or the bound when that comes first', () => {
    const deep = at('outer/repo/java/serving/src/test/resources/compose/feast10/Dockerfile');
    assert.equal(repositoryRoot(deep, disk), at('outer/repo'));
    assert.equal(repositoryRoot(deep, disk, at('outer/repo/java')), at('outer/repo/java'));
    const nothing: FileHost = { readFile: () => undefined, exists: () => false };
    assert.equal(repositoryRoot(deep, nothing), undefined, 'no .git and no bound: unknown');
    const tooDeep = path.join(at('outer/repo'), ...Array<string>(MAX_REPOSITORY_DEPTH + 1).fill('a'), 'Dockerfile');
    assert.equal(repositoryRoot(tooDeep, disk), undefined, 'the search gives up past its depth');
  });

  it('reads Compose files through the host on every call, so an edit counts at once', () => {
    const index = new ComposeBuildersIndex();
    const dockerfile = at('outer/repo/docker/api/Dockerfile');
    const edited = at('outer/repo/compose.yaml');
    const overlay: FileHost = {
      readFile: (file) => (file === edited ? 'services:\n  api:\n    image: api:1\n' : disk.readFile(file)),
      exists: (file) => disk.exists(file),
    };
    assert.equal(index.of(dockerfile, disk).length, 3);
    assert.deepEqual(index.of(dockerfile, overlay).map((b) => b.service), ['api-dev', 'api-legacy']);
    assert.equal(index.of(dockerfile, disk).length, 3);
  });

  it('finds nothing for a Dockerfile no service builds', () => {
    fs.writeFileSync(at('outer/repo/docker/Dockerfile.lonely'), DOCKERFILE);
    assert.deepEqual(new ComposeBuildersIndex().of(at('outer/repo/docker/Dockerfile.lonely'), disk), []);
  });
});

describe('buildContext', () => {
  const memory = (files: Record<string, string>): FileHost => ({
    readFile: (file) => files[file],
    exists: (file) => file in files || Object.keys(files).some((f) => f.startsWith(`${file}/`)),
  });
  const model = (text: string) => new DockerfileModel(text);
  const file = '/repo/docker/gpu/Dockerfile';

  it("is the Dockerfile's folder when its sources are there, or it has none", () => {
    const context = buildContext(file, model('FROM python\nCOPY app.py /app/'), [], memory({ '/repo/docker/gpu/app.py': '' }));
    assert.deepEqual([context.dir, context.origin, context.ignoreFile, context.ignored], ['/repo/docker/gpu', 'folder', '/repo/docker/gpu/.dockerignore', false]);
    assert.equal(describeContext(file, context), "build context `.` (the Dockerfile's folder)");
    assert.equal(buildContext(file, model('FROM python\nCOPY . .'), [], memory({})).origin, 'folder');
  });

  it('is the ancestor where the COPY sources exist, ignoring globs, variables, URLs and other stages', () => {
    const text = 'FROM python AS base\nCOPY requirements.txt src/ /app/\nADD https://x/y.tar /tmp/\nCOPY *.whl $EXTRA /w/\nCOPY --from=base /app /app\nCOPY . /app';
    const files = memory({ '/repo/requirements.txt': '', '/repo/src/main.py': '', '/repo/.dockerignore': '' });
    const context = buildContext(file, model(text), [], files);
    assert.deepEqual([context.dir, context.origin, context.ignoreFile, context.ignored], ['/repo', 'sources', '/repo/.dockerignore', true]);
    assert.equal(describeContext(file, context), 'build context `../..` (where the COPY sources are)');
  });

  it('is the build.context of a Compose service that builds it, before anything else', () => {
    const builder = { composeFile: '/repo/compose.yaml', service: 'trainer', contextDir: '/repo/docker', gpu: true };
    const files = memory({ '/repo/docker/gpu/app.py': '', '/repo/docker/gpu/Dockerfile.dockerignore': '' });
    const context = buildContext(file, model('FROM python\nCOPY app.py /app/'), [builder], files);
    assert.deepEqual([context.dir, context.origin, context.ignoreFile, context.ignored], ['/repo/docker', 'compose', '/repo/docker/gpu/Dockerfile.dockerignore', true]);
    assert.equal(describeContext(file, context), 'build context `..` (from service `trainer` in compose.yaml)');
  });
});
