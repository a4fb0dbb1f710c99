// The engine client against a stand-in engine on a unix socket that answers slowly, streams garbage or answers
// something malformed: what the explorer does must stay bounded, correct and said in plain words.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prune, removeResource } from '../../client/src/explorer/removal';
import { createVolume } from '../../client/src/explorer/volumes/actions';
import { DockerEngine, MAX_EVENT_LINE, type EngineEvent } from '../../client/src/explorer/engine';
import { ExplorerProvider } from '../../client/src/explorer/provider';
import { scriptedUi } from './harness';

/** How the stand-in engine answers one request: a status, a JSON body, and optionally a delay. */
type Answer = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const VERSION = JSON.stringify({ ApiVersion: '1.41', Version: '20.10.24', Components: [{ Name: 'Engine' }] });

describe('engine answers', () => {
  let dir: string;
  let server: http.Server;
  let socketPath: string;
  /** The answers by path (without the query string); the test sets them before each request. */
  const routes = new Map<string, Answer>();

  const json = (body: unknown, delayMs = 0): Answer => (_req, res) => {
    setTimeout(() => {
      res.setHeader('Content-Type', 'application/json');
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    }, delayMs);
  };
  const engine = (options: { timeoutMs?: number; usageTimeoutMs?: number } = {}) =>
    new DockerEngine({ kind: 'unix', socketPath, source: 'setting' }, options);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-answers-'));
    socketPath = path.join(dir, 'engine.sock');
    server = http.createServer((req, res) => {
      const route = routes.get((req.url ?? '').replace(/^\/v[\d.]+/, '').split('?')[0]);
      if (route) route(req, res);
      else {
        res.statusCode = 404;
        res.end(JSON.stringify({ message: 'page not found' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    routes.set('/version', json(VERSION));
  });

  after(() => {
    server.closeAllConnections();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('waits for a slow disk-usage report up to its own limit, not the short one of other requests', async () => {
    routes.set('/system/df', json({ Volumes: [{ Name: 'weights', UsageData: { Size: 4096, RefCount: 1 } }] }, 800));
    const usage = await engine({ timeoutMs: 300, usageTimeoutMs: 5000 }).volumeUsage();
    assert.deepEqual(usage.get('weights'), { size: 4096, refCount: 1 });
  });

  it('asks for one disk-usage report at a time, which the engine requires, sharing it between callers', async () => {
    let requests = 0;
    routes.set('/system/df', (req, res) => {
      requests++;
      json({ Volumes: [{ Name: 'weights', UsageData: { Size: 1, RefCount: 0 } }] }, 200)(req, res);
    });
    const client = engine();
    const [a, b] = await Promise.all([client.volumeUsage(), client.volumeUsage()]);
    assert.equal(requests, 1);
    assert.equal(a, b);
    await client.volumeUsage();
    assert.equal(requests, 2, 'a later call reads the engine again');
  });

  it('still gives up on an ordinary request at the short limit', async () => {
    routes.set('/networks', json([], 800));
    await assert.rejects(engine({ timeoutMs: 300 }).listNetworks(), /did not answer GET \/networks within 0\.3 s/);
  });

  it('drops an events line without a newline once it passes the limit, says so, and reads the events after it', async () => {
    const flood = 'x'.repeat(64 * 1024);
    let sent = 0;
    routes.set('/events', (_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.write(`${JSON.stringify({ Type: 'volume', Action: 'create' })}\n`);
      // Four times the limit without a newline, then one good event: only the good events may come out.
      const more = () => {
        while (sent < 4 * MAX_EVENT_LINE) {
          sent += flood.length;
          if (!res.write(flood)) return void res.once('drain', more);
        }
        res.write(`\n${JSON.stringify({ Type: 'network', Action: 'destroy' })}\n`);
      };
      more();
    });
    const events: EngineEvent[] = [];
    const gaps: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = engine().subscribeEvents({
        onOpen: () => undefined,
        onEvent: (event) => {
          events.push(event);
          if (events.length === 2) {
            sub.close();
            resolve();
          }
        },
        onGap: (reason) => gaps.push(reason),
        onClose: (error) => (events.length < 2 ? reject(error ?? new Error('closed early')) : undefined),
      });
    });
    assert.deepEqual(
      events.map((e) => `${e.Type} ${e.Action}`),
      ['volume create', 'network destroy'],
    );
    assert.deepEqual(gaps, [`An engine event line exceeded ${MAX_EVENT_LINE} bytes; it was dropped up to the next newline.`]);
  });

  describe('malformed answers', () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    before(() => process.on('unhandledRejection', onUnhandled));
    after(() => process.off('unhandledRejection', onUnhandled));

    const provider = (logged: string[] = []) =>
      new ExplorerProvider(
        { engine: new DockerEngine({ kind: 'unix', socketPath, source: 'setting' }, { timeoutMs: 2000, log: (line) => logged.push(line) }) },
        () => ({ groupByProject: false, sortBy: 'name' }),
        (line) => logged.push(line),
      );

    it('skips a volume without a name, shows the others and logs what it skipped', async () => {
      routes.set('/containers/json', json([{ Names: ['/no-id'] }, { Id: 'c1', Names: ['/trainer'], State: 'running', Mounts: [{ Type: 'volume', Name: 'weights', Destination: '/w', RW: true }] }]));
      routes.set('/volumes', json({ Volumes: [{ Driver: 'local' }, { Name: 'weights', Driver: 'local', Labels: 'not-an-object' }, 'junk'] }));
      routes.set('/system/df', json({ Volumes: [{ UsageData: { Size: 1 } }, { Name: 'weights', UsageData: { Size: 2048, RefCount: 1 } }] }));
      const logged: string[] = [];
      const view = provider(logged);
      const nodes = await view.getChildren('volumes');
      await view.whenSettled();
      const after = await view.getChildren('volumes');
      assert.deepEqual(nodes.map((n) => n.label), ['weights']);
      assert.equal(after[0].description, '2.05 kB · 1 container');
      assert.ok(logged.includes('GET /volumes: skipped 2 malformed volumes (without a name or id).'), logged.join('\n'));
      assert.ok(logged.includes('GET /containers/json: skipped 1 malformed container (without a name or id).'), logged.join('\n'));
      assert.deepEqual(unhandled, []);
    });

    it('says "the engine answered something unexpected" for a list that is not a list, not "cannot reach"', async () => {
      routes.set('/networks', json({ message: 'this is not a list' }));
      routes.set('/containers/json', json([]));
      const [head, detail] = await provider().getChildren('networks');
      assert.equal(head.label, 'The engine answered something unexpected');
      assert.equal(head.contextValue, 'state.unexpected');
      assert.equal(detail.label, 'GET /networks answered an object where a list was expected.');
      routes.set('/volumes', json('"just a string"'));
      const [volumesHead, volumesDetail] = await provider().getChildren('volumes');
      assert.equal(volumesHead.label, 'The engine answered something unexpected');
      assert.equal(volumesDetail.label, 'GET /volumes answered a string where an object was expected.');
      assert.deepEqual(unhandled, []);
    });

    it('keeps updating after a malformed answer: the next good answer shows', async () => {
      routes.set('/networks', json('[{"Name": 1}, {"Id": "x"}]'));
      const view = provider();
      assert.deepEqual((await view.getChildren('networks')).map((n) => n.label), []);
      routes.set('/networks', json([{ Name: 'ml_front', Id: 'n1', Driver: 'bridge', Scope: 'local', IPAM: { Config: 'nope' } }]));
      await view.refresh('networks', 'event');
      assert.deepEqual((await view.getChildren('networks')).map((n) => n.label), ['ml_front']);
      assert.deepEqual(unhandled, []);
    });
  });

  it('says in plain words that the engine is down when an action cannot reach it, not "connect ENOENT"', async () => {
    const absent = path.join(dir, 'absent.sock');
    const down = new DockerEngine({ kind: 'unix', socketPath: absent, source: 'setting' }, { timeoutMs: 1000 });
    const expected = `Cannot reach the container engine: There is no socket at ${absent}: the engine is not running, or it listens elsewhere. Start Docker or Podman, or point dockml.docker.host at a running engine.`;
    const dialog = scriptedUi([true]);
    assert.deepEqual(await removeResource(down, { type: 'volume', name: 'weights', users: [] }, dialog.ui), { ok: false, message: expected });
    assert.deepEqual(await prune(down, 'network', dialog.ui), { ok: false, message: expected, removed: [] });
    assert.deepEqual(await createVolume(down, { name: 'weights', driver: 'local' }), { ok: false, message: expected });
    assert.equal(dialog.asked.length, 0);
  });

  it('asks about 2,000 unused volumes in a short dialog, with the full list one button away', async () => {
    const names = Array.from({ length: 2000 }, (_, i) => `run-${String(i).padStart(4, '0')}-checkpoints`);
    routes.set('/containers/json', json([]));
    routes.set('/volumes', json({ Volumes: names.map((Name) => ({ Name, Driver: 'local', Labels: { 'com.docker.compose.project': 'sweep' } })) }));
    routes.set('/system/df', json({ Volumes: [] }));
    const dialog = scriptedUi(['Show All', false]);
    const outcome = await prune(engine(), 'volume', dialog.ui);
    assert.equal(outcome.cancelled, true);
    const { message, detail } = dialog.asked[0];
    assert.equal(message, 'No anonymous volumes are unused. Delete 2000 unused named volumes and their data?');
    assert.ok(detail.length < 1000, `the dialog holds ${detail.length} characters`);
    assert.match(detail, /• run-0009-checkpoints \(named, Compose project sweep\)\n… and 1990 more \(“Show All” lists them\)\./);
    assert.equal(dialog.texts[0].text.split('\n').filter((l) => l.startsWith('run-')).length, 2000);
  });

  it('gives up on an events stream whose headers never come, within the request limit', async () => {
    routes.set('/events', () => undefined);
    const started = Date.now();
    const error = await new Promise<unknown>((resolve) => {
      engine({ timeoutMs: 300 }).subscribeEvents({ onOpen: () => undefined, onEvent: () => undefined, onGap: () => undefined, onClose: resolve });
    });
    assert.ok(Date.now() - started < 2000);
    assert.match(String(error), /did not answer GET \/events within 0\.3 s/);
  });
});
