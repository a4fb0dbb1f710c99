// The Compose services that build a Dockerfile, through the real language server: a Compose file under any name is
// recognised by its text, and a Dockerfile's findings change when an (unsaved) edit to that Compose file changes its
// build context.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TestClient } from './testClient';

const DOCKERFILE = 'FROM python:3.12-slim\nUSER 10001\nCOPY . /app\nCMD ["python", "/app/serve.py"]\n';
const IMAGE_ONLY = 'services:\n  api:\n    image: registry.example.com/api:1.2.0\n';
const BUILDS = 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n';

describe('Compose builders in the language server', () => {
  let client: TestClient;
  let dir: string;
  let composeUri: string;
  let dockerfileUri: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-builders-lsp-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.mkdirSync(path.join(dir, 'docker'));
    fs.writeFileSync(path.join(dir, 'docker', 'Dockerfile'), DOCKERFILE);
    // The Dockerfile's own folder has a .dockerignore; the repository root, the Compose build context, has none.
    fs.writeFileSync(path.join(dir, 'docker', '.dockerignore'), '.git\n');
    fs.writeFileSync(path.join(dir, 'nims.yaml'), IMAGE_ONLY);
    composeUri = pathToFileURL(path.join(dir, 'nims.yaml')).href;
    dockerfileUri = pathToFileURL(path.join(dir, 'docker', 'Dockerfile')).href;
    client = new TestClient();
    await client.initialize();
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lints a YAML document whose text is Compose, whatever its name', async () => {
    const diagnostics = await client.open(composeUri, IMAGE_ONLY, 'yaml');
    assert.deepEqual(diagnostics, [], 'a pinned image in a Compose file named nims.yaml has no problems, and is analysed');
    const broken = await client.change(composeUri, 'services:\n  api:\n    image: redis\n');
    assert.ok(broken.some((d) => d.code === 'unpinned-image'), 'Compose rules run on nims.yaml');
    await client.change(composeUri, IMAGE_ONLY);
  });

  it("refreshes a Dockerfile's findings when the Compose file that builds it changes its build context", async () => {
    const first = await client.open(dockerfileUri, DOCKERFILE);
    assert.deepEqual(first.filter((d) => d.code === 'missing-dockerignore'), [], "the Dockerfile's folder has a .dockerignore");

    // The build context's size is measured in the background and may publish once more in between: follow the
    // publications after each change, a few at most, to the one made for the new Compose file.
    const stillMissing = (p: { diagnostics: { code?: string | number }[] }) => p.diagnostics.some((d) => d.code === 'missing-dockerignore');
    const built = client.nextDiagnostics(dockerfileUri);
    client.sendChange(composeUri, [{ text: BUILDS }]);
    let published = await built;
    for (let i = 0; i < 3 && !stillMissing(published); i++) published = await client.nextDiagnostics(dockerfileUri);
    const missing = published.diagnostics.find((d) => d.code === 'missing-dockerignore');
    assert.ok(missing, 'the Compose build context, the repository root, has no .dockerignore');
    assert.match(String(missing.message), /build context '\.\.' \(from service 'api' in nims\.yaml\)/);
    assert.deepEqual(missing.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 6 } });

    const restored = client.nextDiagnostics(dockerfileUri);
    client.sendChange(composeUri, [{ text: IMAGE_ONLY }]);
    let last = await restored;
    for (let i = 0; i < 3 && stillMissing(last); i++) last = await client.nextDiagnostics(dockerfileUri);
    assert.equal(stillMissing(last), false, 'the image-only service builds nothing, so the repository root is no context');
  });
});

describe('Compose builders outside a repository', () => {
  it('searches up to the workspace folder, and only one folder up without one', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-workspace-'));
    const nested = path.join(workspace, 'images', 'gpu');
    fs.mkdirSync(nested, { recursive: true });
    fs.writeFileSync(path.join(nested, 'Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(nested, '.dockerignore'), '.git\n');
    fs.writeFileSync(path.join(workspace, 'compose.yaml'), 'services:\n  trainer:\n    build:\n      context: .\n      dockerfile: images/gpu/Dockerfile\n');
    const uri = pathToFileURL(path.join(nested, 'Dockerfile')).href;
    const lint = async (workspaceFolders: { uri: string; name: string }[] | null) => {
      const client = new TestClient();
      await client.connection.sendRequest('initialize', { processId: null, rootUri: null, workspaceFolders, capabilities: {} });
      await client.connection.sendNotification('initialized', {});
      const diagnostics = await client.open(uri, DOCKERFILE);
      await client.dispose();
      return diagnostics.filter((d) => d.code === 'missing-dockerignore').map((d) => d.message);
    };
    try {
      assert.deepEqual(await lint(null), [], 'two folders up is beyond the search without a workspace folder or .git');
      const [message] = await lint([{ uri: pathToFileURL(workspace).href, name: 'ws' }]);
      assert.match(String(message), /build context '\.\.\/\.\.' \(from service 'trainer' in compose\.yaml\)/);
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });
});
