// The refresh manager with mocked timers: reasons, debounce, visibility, the events stream and its backoff.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { EngineEvent, EventHandlers } from '../../client/src/explorer/engine';
import type { ViewId } from '../../client/src/explorer/model';
import { backoffDelay, DIE_FOLLOW_UP_MS, RefreshManager, RefreshReason, viewsAffectedBy } from '../../client/src/explorer/refresh';

/** Records refreshes, and can hold one open to test what happens to requests made meanwhile. */
class Recorder {
  calls: Array<[ViewId, RefreshReason]> = [];
  /** The events each refresh was given, in the order of `calls`; undefined for a full refresh. */
  events: Array<readonly EngineEvent[] | undefined> = [];
  hold: Promise<void> | undefined;
  /** The views that show a fault, as the provider would say after their refresh. */
  faulty = new Set<ViewId>();
  showsFault(view: ViewId): boolean {
    return this.faulty.has(view);
  }
  async refresh(view: ViewId, reason: RefreshReason, events?: readonly EngineEvent[]): Promise<void> {
    this.calls.push([view, reason]);
    this.events.push(events);
    await this.hold;
  }
}

/** An event source whose subscriptions the test opens, feeds and drops by hand. */
class FakeSource {
  subscriptions: Array<{ handlers: EventHandlers; closed: boolean }> = [];
  subscribeEvents(handlers: EventHandlers) {
    const sub = { handlers, closed: false };
    this.subscriptions.push(sub);
    return { close: () => void (sub.closed = true) };
  }
  get last() {
    return this.subscriptions[this.subscriptions.length - 1];
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('RefreshManager', () => {
  let target: Recorder;
  let source: FakeSource;
  let manager: RefreshManager;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    target = new Recorder();
    source = new FakeSource();
    manager = new RefreshManager(target, () => source, { debounceMs: 500, pollMs: 60_000, backoffInitialMs: 1000, backoffMaxMs: 4000 });
  });

  afterEach(() => {
    manager.dispose();
    mock.timers.reset();
  });

  it('runs manual refreshes at once and merges automatic ones within the debounce window', async () => {
    manager.setVisible('networks', true);
    await manager.request('networks', 'manual');
    assert.deepEqual(target.calls, [['networks', 'manual']]);
    void manager.request('networks', 'event');
    mock.timers.tick(300);
    void manager.request('networks', 'event');
    mock.timers.tick(300);
    void manager.request('networks', 'config');
    mock.timers.tick(499);
    assert.equal(target.calls.length, 1);
    mock.timers.tick(1);
    assert.deepEqual(target.calls, [
      ['networks', 'manual'],
      ['networks', 'config'],
    ]);
  });

  it('leaves hidden views alone and refreshes them once when they are shown', async () => {
    manager.setVisible('networks', true);
    void manager.request('all', 'event');
    void manager.request('volumes', 'contextChange');
    mock.timers.tick(500);
    assert.deepEqual(target.calls, [['networks', 'event']]);
    manager.setVisible('volumes', true);
    assert.deepEqual(target.calls, [
      ['networks', 'event'],
      ['volumes', 'contextChange'],
    ]);
  });

  it('refreshes a view shown again after all views were hidden, since events were not read meanwhile', () => {
    manager.setVisible('networks', true);
    manager.setVisible('networks', false);
    assert.deepEqual(target.calls, []);
    manager.setVisible('networks', true);
    assert.deepEqual(target.calls, [['networks', 'shown']]);
    manager.setVisible('volumes', true);
    assert.deepEqual(target.calls, [
      ['networks', 'shown'],
      ['volumes', 'shown'],
    ]);
    manager.setVisible('volumes', false);
    manager.setVisible('volumes', true);
    assert.equal(target.calls.length, 2, 'while another view keeps the stream open, its events mark a hidden view stale');
  });

  it('listens to engine events only while a view is visible, and refreshes the views an event affects', () => {
    assert.equal(source.subscriptions.length, 0);
    manager.setVisible('volumes', true);
    manager.setVisible('networks', true);
    assert.equal(source.subscriptions.length, 1);
    source.last.handlers.onOpen();
    assert.equal(manager.streamState, 'open');
    source.last.handlers.onEvent({ Type: 'volume', Action: 'create' });
    mock.timers.tick(500);
    assert.deepEqual(target.calls, [['volumes', 'event']]);
    source.last.handlers.onEvent({ Type: 'container', Action: 'exec_start: sh' });
    mock.timers.tick(500);
    assert.equal(target.calls.length, 1);
    manager.setVisible('volumes', false);
    manager.setVisible('networks', false);
    assert.equal(source.last.closed, true);
    assert.equal(manager.streamState, 'idle');
  });

  it('reconnects with exponential backoff and catches up when the stream is back', async () => {
    manager.setVisible('networks', true);
    source.last.handlers.onOpen();
    source.last.handlers.onClose(new Error('socket hang up'));
    assert.equal(manager.streamState, 'waiting');
    mock.timers.tick(500);
    assert.deepEqual(target.calls, [['networks', 'event']], 'a drop refreshes at once, to show the engine state');
    mock.timers.tick(500);
    assert.equal(source.subscriptions.length, 2, 'first retry after 1 s');
    source.last.handlers.onClose(new Error('ECONNREFUSED'));
    mock.timers.tick(1999);
    assert.equal(source.subscriptions.length, 2);
    mock.timers.tick(1);
    assert.equal(source.subscriptions.length, 3, 'second retry after 2 s');
    source.last.handlers.onClose(new Error('ECONNREFUSED'));
    mock.timers.tick(4000);
    source.last.handlers.onClose(new Error('ECONNREFUSED'));
    mock.timers.tick(3999);
    assert.equal(source.subscriptions.length, 4, 'the delay is capped at 4 s');
    mock.timers.tick(1);
    assert.equal(source.subscriptions.length, 5);
    await flush();
    target.calls = [];
    source.last.handlers.onOpen();
    mock.timers.tick(500);
    assert.deepEqual(target.calls, [['networks', 'event']], 'reopening refreshes what was missed');
    source.last.handlers.onClose();
    mock.timers.tick(1000);
    assert.equal(source.subscriptions.length, 6, 'a successful open resets the backoff');
  });

  it('refreshes every visible view and logs why when the stream dropped part of itself', () => {
    const logged: string[] = [];
    manager.dispose();
    manager = new RefreshManager(target, () => source, { debounceMs: 500, pollMs: 60_000, log: (line) => logged.push(line) });
    manager.setVisible('networks', true);
    manager.setVisible('volumes', true);
    source.last.handlers.onOpen();
    source.last.handlers.onGap('An engine event line exceeded 1048576 bytes; it was dropped up to the next newline.');
    mock.timers.tick(500);
    assert.deepEqual(target.calls, [
      ['networks', 'event'],
      ['volumes', 'event'],
    ]);
    assert.ok(logged.includes('An engine event line exceeded 1048576 bytes; it was dropped up to the next newline. Refreshing everything to resynchronise.'));
  });

  it('refreshes the views a container concerns again after its die event, when the engine lists it as exited', async () => {
    manager.setVisible('containers', true);
    source.last.handlers.onOpen();
    source.last.handlers.onEvent({ Type: 'container', Action: 'die' });
    mock.timers.tick(500);
    await flush();
    assert.equal(target.calls.length, 1, 'the debounced refresh of the event itself');
    // Each follow-up is an automatic refresh, debounced like the event's own.
    for (let ms = 500; ms < Math.max(...DIE_FOLLOW_UP_MS) + 1000; ms += 100) {
      mock.timers.tick(100);
      await flush();
    }
    assert.deepEqual(target.calls, Array(1 + DIE_FOLLOW_UP_MS.length).fill(['containers', 'event']));
    // Other events get no follow-up, and closing the stream drops pending ones.
    source.last.handlers.onEvent({ Type: 'container', Action: 'start' });
    mock.timers.tick(10_000);
    await flush();
    assert.equal(target.calls.length, 2 + DIE_FOLLOW_UP_MS.length);
    source.last.handlers.onEvent({ Type: 'container', Action: 'die' });
    manager.setVisible('containers', false);
    mock.timers.tick(10_000);
    await flush();
    assert.equal(target.calls.length, 3 + DIE_FOLLOW_UP_MS.length, 'only the refresh of the event itself, requested before the hide');
  });

  it('reads a view with its own schedule again while it is shown, and only then', () => {
    const aging = new RefreshManager(target, () => source, {
      debounceMs: 500,
      pollMs: 60_000,
      views: [{ id: 'containers', affectedBy: () => false, refreshEveryMs: 10_000 }, { id: 'networks', affectedBy: () => false }],
    });
    try {
      aging.setVisible('containers', true);
      aging.setVisible('networks', true);
      mock.timers.tick(10_000);
      mock.timers.tick(500);
      assert.deepEqual(target.calls, [['containers', 'poll']]);
      aging.setVisible('containers', false);
      mock.timers.tick(20_000);
      assert.deepEqual(target.calls, [['containers', 'poll']], 'not while hidden');
    } finally {
      aging.dispose();
    }
  });

  it('hands a refresh the events it answers, so it re-reads only those, and reads everything when another reason joins them', async () => {
    manager.setVisible('networks', true);
    source.last.handlers.onOpen();
    const start = { Type: 'container', Action: 'start', Actor: { ID: 'c1' } };
    const create = { Type: 'network', Action: 'create', Actor: { ID: 'n1' } };
    source.last.handlers.onEvent(start);
    source.last.handlers.onEvent(create);
    mock.timers.tick(500);
    assert.deepEqual(target.events, [[start, create]]);
    source.last.handlers.onEvent(start);
    void manager.request('networks', 'poll');
    mock.timers.tick(500);
    assert.deepEqual(target.events[1], undefined, 'a poll merged with an event reads everything');
    await flush();
    let release!: () => void;
    target.hold = new Promise((resolve) => (release = resolve));
    source.last.handlers.onEvent(start);
    mock.timers.tick(500);
    source.last.handlers.onEvent(create);
    mock.timers.tick(500);
    source.last.handlers.onClose(new Error('socket hang up'));
    mock.timers.tick(500);
    target.hold = undefined;
    release();
    await flush();
    await flush();
    assert.deepEqual(target.events.slice(2), [[start], undefined], 'what queued behind a refresh merges, and a stream drop makes it full');
  });

  it('retries a view that shows a fault while the stream stays open, until it shows the engine again', async () => {
    manager.setVisible('networks', true);
    manager.setVisible('volumes', true);
    source.last.handlers.onOpen();
    target.faulty.add('networks');
    source.last.handlers.onEvent({ Type: 'network', Action: 'create', Actor: { ID: 'n1' } });
    mock.timers.tick(500);
    await flush();
    assert.deepEqual(target.calls, [['networks', 'event']]);
    mock.timers.tick(4000);
    mock.timers.tick(500);
    await flush();
    assert.deepEqual(target.calls.length, 2, 'retried after the longest reconnect pause and the debounce');
    assert.equal(target.events[1], undefined, 'the retry reads everything');
    target.faulty.delete('networks');
    mock.timers.tick(4000);
    mock.timers.tick(500);
    await flush();
    assert.deepEqual(target.calls.length, 3, 'the retry scheduled while it showed the fault');
    mock.timers.tick(4000);
    mock.timers.tick(500);
    await flush();
    assert.deepEqual(target.calls.length, 3, 'no retry once the view shows the engine');
    assert.ok(target.calls.every(([view]) => view === 'networks'), 'a view without a fault is left alone');
  });

  it('polls slowly as a fallback', () => {
    manager.setVisible('networks', true);
    mock.timers.tick(60_000);
    mock.timers.tick(500);
    assert.deepEqual(target.calls, [['networks', 'poll']]);
  });

  it('runs a request made during a refresh once more afterwards', async () => {
    manager.setVisible('networks', true);
    let release!: () => void;
    target.hold = new Promise((resolve) => (release = resolve));
    const first = manager.request('networks', 'manual');
    void manager.request('networks', 'manual');
    void manager.request('networks', 'manual');
    assert.equal(target.calls.length, 1);
    target.hold = undefined;
    release();
    await first;
    await flush();
    assert.deepEqual(target.calls, [
      ['networks', 'manual'],
      ['networks', 'manual'],
    ]);
  });

  it('opens a new stream at once when the endpoint changes', () => {
    manager.setVisible('networks', true);
    const first = source.last;
    manager.reconnect();
    assert.equal(first.closed, true);
    assert.equal(source.subscriptions.length, 2);
  });
});

describe('viewsAffectedBy and backoffDelay', () => {
  it('maps events to views', () => {
    assert.deepEqual(viewsAffectedBy({ Type: 'network', Action: 'connect' }), ['networks', 'projects']);
    assert.deepEqual(viewsAffectedBy({ Type: 'volume', Action: 'mount' }), ['volumes', 'projects']);
    assert.deepEqual(viewsAffectedBy({ Type: 'container', Action: 'die' }), ['containers', 'networks', 'volumes', 'projects']);
    // A health check's verdict changes the Containers view's icon and a Compose service's status; exec probes change nothing shown.
    assert.deepEqual(viewsAffectedBy({ Type: 'container', Action: 'health_status: healthy' }), ['containers', 'projects']);
    assert.deepEqual(viewsAffectedBy({ Type: 'container', Action: 'exec_start: sh' }), []);
    // Images change with pulls, tags and deletions, and their container counts when containers come and go.
    assert.deepEqual(viewsAffectedBy({ Type: 'image', Action: 'pull' }), ['images']);
    assert.deepEqual(viewsAffectedBy({ Type: 'image', Action: 'untag' }), ['images']);
    assert.deepEqual(viewsAffectedBy({ Type: 'image', Action: 'push' }), []);
    assert.deepEqual(viewsAffectedBy({ Type: 'container', Action: 'destroy' }), ['containers', 'networks', 'volumes', 'images', 'projects']);
  });

  it('doubles up to the cap', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 10, 100].map((a) => backoffDelay(a, 1000, 30_000)), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});
