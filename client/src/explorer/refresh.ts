// Decides when the explorer's views refresh: on demand, on engine events, on a slow poll, and on configuration
// or context changes, and only while a view is visible.
//
// Modelled on Container Tools' RefreshManager: typed reasons, debounced automatic refreshes, manual ones at
// once. Unlike it, the /events stream is reopened quickly (a quarter second, then every second) for as long
// as a view is visible, and a refresh is requested when the stream drops or comes back, so the views show an
// unreachable engine and its recovery within a second or two of it answering, without a poll; a view that shows a
// fault while the stream stays open is retried every second. An event refresh hands the view the merged events, so
// it re-reads only what they name; any other reason reads everything. One manager
// serves every view; which view an event concerns is asked of the view definitions in views.ts. Nothing
// here imports vscode; the timers are Node's.
import type { EngineEvent, EventHandlers } from './engine';
import type { ViewId } from './model';
import type { ViewDefinition } from './view';
import { VIEW_DEFINITIONS } from './views';

/** Why a view refreshes; `shown` is a view shown again after the events stream was closed while it was hidden. */
export type RefreshReason = 'manual' | 'event' | 'poll' | 'config' | 'contextChange' | 'shown';

/** How long a burst of engine events is merged before the views refresh (`docker compose up` sends dozens). */
export const DEFAULT_DEBOUNCE_MS = 100;

/**
 * What a refresh updates: the explorer's provider, or a recorder in tests. `events` are the engine events that
 * caused it, when nothing else did: the view may re-read only what they name. Without them it reads everything.
 */
export interface RefreshTarget {
  refresh(view: ViewId, reason: RefreshReason, events?: readonly EngineEvent[]): Promise<void>;
  /** Whether the view shows a fault after its last refresh; the manager then retries it every second. */
  showsFault?(view: ViewId): boolean;
}

/** The events a pending refresh answers, or undefined when it must read everything (any other reason joined it). */
type PendingEvents = readonly EngineEvent[] | undefined;

/** Adds a request's event to what a pending refresh answers; any request without one makes it a full refresh. */
function mergeEvents(pending: { events: PendingEvents } | undefined, event: EngineEvent | undefined): PendingEvents {
  if (!event) return undefined;
  if (!pending) return [event];
  return pending.events && [...pending.events, event];
}

/** Where engine events come from; the engine client, or a fake in tests. */
export interface EventSource {
  subscribeEvents(handlers: EventHandlers): { close(): void };
}

export interface RefreshOptions {
  /** Automatic refreshes of one view that come within this window are merged into one. */
  debounceMs?: number;
  /** The fallback poll; events do the real work. */
  pollMs?: number;
  backoffInitialMs?: number;
  /** The longest wait between reconnect attempts; it bounds how long the views lag behind an engine that returns. */
  backoffMaxMs?: number;
  /** The views served, and which engine events concern each; the explorer's own by default. */
  views?: ReadonlyArray<Pick<ViewDefinition, 'id' | 'affectedBy' | 'refreshEveryMs'>>;
  /** Receives one line for each stream change and failed refresh. */
  log?: (line: string) => void;
}

/** The state of the events stream, for the log and for tests. */
export type StreamState = 'idle' | 'connecting' | 'open' | 'waiting';

/**
 * When the views it concerns refresh again after a container's `die` event, in milliseconds after the event. The
 * engine sends `die` before the container reads as exited: it lists it as running while it tears its network down
 * (a few hundred milliseconds), and no later event follows when the container ended by itself, so without these a
 * finished or crashed container stayed "Up" in the views until the slow poll.
 */
export const DIE_FOLLOW_UP_MS: readonly number[] = [500, 2000];

/** The pause between reconnect attempts once the first quick ones failed; a failed attempt on a local socket costs nothing. */
export const DEFAULT_BACKOFF_MAX_MS = 1000;

/** Which views an engine event changes. */
export function viewsAffectedBy(event: EngineEvent, views: ReadonlyArray<Pick<ViewDefinition, 'id' | 'affectedBy' | 'refreshEveryMs'>> = VIEW_DEFINITIONS): ViewId[] {
  return views.filter((view) => view.affectedBy(event)).map((view) => view.id);
}

/** The wait before reconnect attempt `attempt` (0-based): doubling from the initial delay up to the cap. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}

export class RefreshManager {
  private readonly debounceMs: number;
  private readonly pollMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly log: (line: string) => void;
  private readonly views: ReadonlyArray<Pick<ViewDefinition, 'id' | 'affectedBy' | 'refreshEveryMs'>>;
  private readonly ids: readonly ViewId[];

  private readonly visible = new Set<ViewId>();
  /** Views that missed a refresh while hidden, with the reason they missed. */
  private readonly stale = new Map<ViewId, RefreshReason>();
  private readonly debounced = new Map<ViewId, { timer: NodeJS.Timeout; reason: RefreshReason; events: PendingEvents }>();
  private readonly running = new Map<ViewId, Promise<void>>();
  private readonly queued = new Map<ViewId, { reason: RefreshReason; events: PendingEvents }>();
  /** Retries of visible views that show a fault while the events stream is open, so nothing else would refresh them. */
  private readonly faultRetries = new Map<ViewId, NodeJS.Timeout>();

  private live = false;
  private pollTimer: NodeJS.Timeout | undefined;
  /** The timers of the views that read the engine again on their own schedule (`refreshEveryMs`). */
  private readonly agingTimers: NodeJS.Timeout[] = [];
  /** The refreshes that follow `die` events, cleared with the stream. */
  private readonly followUps = new Set<NodeJS.Timeout>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private subscription: { close(): void } | undefined;
  /** Increases with every subscription, so callbacks of a closed one are ignored. */
  private generation = 0;
  private attempts = 0;
  private dropped = false;
  private disposed = false;
  private state: StreamState = 'idle';

  constructor(
    private readonly target: RefreshTarget,
    private readonly source: () => EventSource,
    options: RefreshOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.pollMs = options.pollMs ?? 5 * 60_000;
    this.backoffInitialMs = options.backoffInitialMs ?? 250;
    this.backoffMaxMs = options.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS;
    this.log = options.log ?? (() => undefined);
    this.views = options.views ?? VIEW_DEFINITIONS;
    this.ids = this.views.map((view) => view.id);
  }

  get streamState(): StreamState {
    return this.state;
  }

  /** Tells the manager a view was shown or hidden; the stream and the poll run only while one is shown. */
  setVisible(view: ViewId, visible: boolean): void {
    if (this.disposed) return;
    if (visible) {
      this.visible.add(view);
      const missed = this.stale.get(view);
      this.stale.delete(view);
      if (missed) void this.run(view, missed, undefined);
      this.startLive();
    } else {
      this.visible.delete(view);
      if (this.visible.size === 0) this.stopLive();
    }
  }

  /**
   * Asks for a refresh. Manual ones run at once and resolve when done; the others are debounced, and a
   * hidden view only notes that it is stale and refreshes when it is shown again. An `event` request may name
   * the engine event behind it, so that the refresh re-reads only what the merged events name.
   */
  request(views: ViewId | 'all', reason: RefreshReason, event?: EngineEvent): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const targets = views === 'all' ? this.ids : [views];
    const runs: Array<Promise<void>> = [];
    for (const view of targets) {
      if (!this.visible.has(view)) {
        this.stale.set(view, reason);
        continue;
      }
      const pending = this.debounced.get(view);
      if (pending) clearTimeout(pending.timer);
      if (reason === 'manual') {
        this.debounced.delete(view);
        runs.push(this.run(view, reason, undefined));
      } else {
        const events = mergeEvents(pending, reason === 'event' ? event : undefined);
        const timer = setTimeout(() => {
          this.debounced.delete(view);
          void this.run(view, reason, events);
        }, this.debounceMs);
        this.debounced.set(view, { timer, reason, events });
      }
    }
    return Promise.all(runs).then(() => undefined);
  }

  /** Drops the events stream and opens a new one at once, for a new endpoint. */
  reconnect(): void {
    if (!this.live) return;
    this.stopLive();
    this.attempts = 0;
    this.startLive();
  }

  dispose(): void {
    this.disposed = true;
    this.stopLive();
    for (const { timer } of this.debounced.values()) clearTimeout(timer);
    this.debounced.clear();
  }

  // One refresh per view at a time; a request during a refresh runs once more after it, with the latest reason and
  // every event asked for meanwhile (or as a full refresh when any request had none).
  private run(view: ViewId, reason: RefreshReason, events: PendingEvents): Promise<void> {
    const current = this.running.get(view);
    if (current) {
      const queued = this.queued.get(view);
      this.queued.set(view, { reason, events: events && (queued ? queued.events && [...queued.events, ...events] : events) });
      return current;
    }
    const done = this.target
      .refresh(view, reason, events)
      .catch((error: unknown) => this.log(`Refreshing ${view} (${reason}) failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running.delete(view);
        const next = this.queued.get(view);
        this.queued.delete(view);
        if (next && !this.disposed) void this.run(view, next.reason, next.events);
        else this.retryIfFaulted(view);
      });
    this.running.set(view, done);
    return done;
  }

  // A request refused while the engine still sends events (the socket's permission taken away, one request timed
  // out) shows a fault that no event or reconnect would clear; the view is read again every second until it shows
  // the engine. While the stream is down, its reconnect attempts refresh the views instead.
  private retryIfFaulted(view: ViewId): void {
    if (this.disposed || !this.live || this.state !== 'open' || !this.visible.has(view) || this.faultRetries.has(view)) return;
    if (!this.target.showsFault?.(view)) return;
    const timer = setTimeout(() => {
      this.faultRetries.delete(view);
      void this.request(view, 'event');
    }, this.backoffMaxMs);
    this.faultRetries.set(view, timer);
  }

  private startLive(): void {
    if (this.live || this.disposed) return;
    this.live = true;
    this.pollTimer = setInterval(() => void this.request('all', 'poll'), this.pollMs);
    for (const view of this.views) {
      if (!view.refreshEveryMs) continue;
      const timer = setInterval(() => {
        if (this.visible.has(view.id)) void this.request(view.id, 'poll');
      }, view.refreshEveryMs);
      this.agingTimers.push(timer);
    }
    this.connect();
  }

  private stopLive(): void {
    // No events are read from here on, so anything may change unseen: every hidden view refreshes when shown.
    for (const view of this.ids) if (!this.visible.has(view) && !this.stale.has(view)) this.stale.set(view, 'shown');
    this.live = false;
    clearInterval(this.pollTimer);
    for (const timer of this.agingTimers.splice(0)) clearInterval(timer);
    clearTimeout(this.reconnectTimer);
    for (const timer of this.followUps) clearTimeout(timer);
    this.followUps.clear();
    for (const timer of this.faultRetries.values()) clearTimeout(timer);
    this.faultRetries.clear();
    this.pollTimer = this.reconnectTimer = undefined;
    this.generation++;
    const subscription = this.subscription;
    this.subscription = undefined;
    subscription?.close();
    this.state = 'idle';
  }

  private connect(): void {
    const generation = ++this.generation;
    const current = () => this.live && generation === this.generation;
    this.state = 'connecting';
    const handlers: EventHandlers = {
      onOpen: () => {
        if (!current()) return;
        this.state = 'open';
        this.attempts = 0;
        this.log('Listening to engine events.');
        // Whatever happened while the stream was down was missed; one refresh catches up.
        if (this.dropped) void this.request('all', 'event');
        else for (const view of this.visible) if (this.target.showsFault?.(view)) void this.request(view, 'event');
        this.dropped = false;
      },
      onEvent: (event) => {
        if (!current()) return;
        const views = viewsAffectedBy(event, this.views);
        for (const view of views) void this.request(view, 'event', event);
        if (event.Type !== 'container' || event.Action !== 'die') return;
        for (const delay of DIE_FOLLOW_UP_MS) {
          const timer = setTimeout(() => {
            this.followUps.delete(timer);
            if (current()) for (const view of views) void this.request(view, 'event', event);
          }, delay);
          this.followUps.add(timer);
        }
      },
      onGap: (reason) => {
        if (!current()) return;
        // Whatever the dropped text held is unknown, so every view reads the engine again.
        this.log(`${reason} Refreshing everything to resynchronise.`);
        void this.request('all', 'event');
      },
      onClose: (error) => {
        if (!current()) return;
        this.subscription = undefined;
        this.dropped = true;
        const delay = backoffDelay(this.attempts++, this.backoffInitialMs, this.backoffMaxMs);
        this.state = 'waiting';
        this.log(`Engine events stopped${error ? ` (${error instanceof Error ? error.message : String(error)})` : ''}; reconnecting in ${delay} ms.`);
        // The refresh shows the engine's state now, typically the unreachable node, without waiting for the poll.
        void this.request('all', 'event');
        this.reconnectTimer = setTimeout(() => {
          if (current()) this.connect();
        }, delay);
      },
    };
    try {
      this.subscription = this.source().subscribeEvents(handlers);
    } catch (error) {
      handlers.onClose(error);
    }
  }
}
