// Holds what the explorer's views show, and updates only the nodes that changed when it refreshes.
//
// This is the tree data provider without VS Code: `getChildren` answers what a view shows, `onDidChange`
// says which nodes to redraw (or `undefined` for the whole view). The VS Code adapter in treeView.ts
// forwards both as they are, so tests drive this class against a real engine and assert what a user sees.
import { describeEndpoint } from './endpoint';
import { changesOf } from './changes';
import type { EngineApi, EngineEvent, EngineVersion } from './engine';
import { classifyFault } from './errors';
import { buildFaultNodes, ExplorerNode, ViewId, ViewSettings } from './model';
import type { RefreshReason, RefreshTarget } from './refresh';
import type { ViewContext, ViewDefinition, ViewState } from './view';
import { VIEW_DEFINITIONS } from './views';

/** Called with the nodes to redraw, or undefined when the view's top level changed. */
export type ChangeListener = (view: ViewId, nodes: ExplorerNode[] | undefined) => void;

/** The engine to read, or the error that kept one from being made (such as a bad endpoint setting). */
export type EngineOrError = { engine: EngineApi } | { error: unknown };

export class ExplorerProvider implements RefreshTarget {
  private connection: EngineOrError;
  private version: EngineVersion | undefined;
  private readonly roots = new Map<ViewId, ExplorerNode[]>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly initialLoads = new Map<ViewId, Promise<void>>();
  private readonly states = new Map<ViewId, ViewState>();
  /** Views whose last refresh failed: what they read before is stale, so the next refresh loads everything. */
  private readonly faulted = new Set<ViewId>();
  /** The latest refreshes with their reasons, newest last; tests read it to tell event refreshes from manual ones. */
  readonly history: Array<{ view: ViewId; reason: RefreshReason }> = [];

  constructor(
    connection: EngineOrError,
    private readonly settings: () => ViewSettings,
    private readonly log: (line: string) => void = () => undefined,
    views: readonly ViewDefinition[] = VIEW_DEFINITIONS,
    private readonly workspace: Pick<ViewContext, 'dockerfiles'> = {},
  ) {
    this.connection = connection;
    for (const view of views) this.states.set(view.id, view.create());
  }

  /** Switches to another engine (a new endpoint); the views reload on their next refresh. */
  setConnection(connection: EngineOrError): void {
    this.connection = connection;
    this.version = undefined;
    for (const state of this.states.values()) state.reset?.();
  }

  get engine(): EngineApi | undefined {
    return 'engine' in this.connection ? this.connection.engine : undefined;
  }

  /** Whether a view shows a state node because its last refresh failed (the refresh manager then retries it). */
  showsFault(view: ViewId): boolean {
    return this.faulted.has(view);
  }

  /** The text for the views' title: the endpoint read and, once known, the engine's product and API. */
  get title(): string {
    if (!('engine' in this.connection)) return 'no usable endpoint';
    const endpoint = describeEndpoint(this.connection.engine.endpoint);
    return this.version ? `${endpoint} · ${this.version.product} (API ${this.version.apiVersion})` : endpoint;
  }

  onDidChange(listener: ChangeListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** What a view shows under `node`, or at its top level; the first call for a view loads it. */
  async getChildren(view: ViewId, node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return node.children ?? [];
    if (!this.roots.has(view)) {
      let load = this.initialLoads.get(view);
      if (!load) {
        load = this.refresh(view, 'manual').finally(() => this.initialLoads.delete(view));
        this.initialLoads.set(view, load);
      }
      await load;
    }
    return this.roots.get(view) ?? [];
  }

  /**
   * Reads the engine again and redraws what changed. Never throws: failures become state nodes. With the engine
   * events that caused it, a view that showed the engine re-reads only what they name, when it can.
   */
  async refresh(view: ViewId, reason: RefreshReason, events?: readonly EngineEvent[]): Promise<void> {
    this.history.push({ view, reason });
    if (this.history.length > 50) this.history.shift();
    const state = this.states.get(view);
    if (!state) throw new Error(`The explorer has no view “${view}”.`);
    let next: ExplorerNode[];
    try {
      if (!('engine' in this.connection)) throw this.connection.error;
      const engine = this.connection.engine;
      if (!this.version) this.version = await engine.version();
      const context = this.context(view, state, engine);
      const changes = events && state.update && !this.faulted.has(view) ? changesOf(events) : undefined;
      const patched = changes ? await state.update!(context, changes) : undefined;
      next = patched ?? (await state.load(context));
      this.faulted.delete(view);
    } catch (error) {
      this.faulted.add(view);
      this.version = undefined;
      const engine = 'engine' in this.connection ? this.connection.engine : undefined;
      const fault = classifyFault(error, engine?.endpoint);
      this.log(`${view}: ${fault.title}: ${fault.detail}`);
      next = buildFaultNodes(fault);
    }
    this.apply(view, next);
  }

  /** Resolves when no view is reading late facts (such as volume sizes); tests use it instead of sleeping. */
  async whenSettled(): Promise<void> {
    await Promise.all([...this.states.values()].map((state) => state.settled?.()));
  }

  // Late facts from an engine that is no longer the current one are not shown.
  private context(view: ViewId, state: ViewState, engine: EngineApi): ViewContext {
    const context: ViewContext = {
      engine,
      settings: this.settings(),
      log: this.log,
      dockerfiles: this.workspace.dockerfiles,
      redraw: () => {
        if (this.engine === engine && this.roots.has(view)) this.apply(view, state.nodes(context));
      },
    };
    return context;
  }

  private apply(view: ViewId, next: ExplorerNode[]): void {
    const current = this.roots.get(view);
    if (!current || !sameIds(current, next)) {
      this.roots.set(view, next);
      this.emit(view, undefined);
      return;
    }
    const changed: ExplorerNode[] = [];
    current.forEach((node, i) => update(node, next[i], changed));
    if (changed.length > 0) this.emit(view, changed);
  }

  private emit(view: ViewId, nodes: ExplorerNode[] | undefined): void {
    for (const listener of this.listeners) listener(view, nodes);
  }
}

// A node is redrawn in place when its own fields or its children's ids changed; otherwise its children are compared.
// The old object is kept and overwritten, because VS Code knows a tree element by the object it was given.
function update(current: ExplorerNode, next: ExplorerNode, changed: ExplorerNode[]): void {
  // A view hands back the node it built before when nothing it shows changed (NodeMemo in changes.ts).
  if (current === next) return;
  if (ownKey(current) !== ownKey(next) || !sameIds(current.children ?? [], next.children ?? [])) {
    for (const key of Object.keys(current) as Array<keyof ExplorerNode>) delete current[key];
    Object.assign(current, next);
    changed.push(current);
    return;
  }
  current.children?.forEach((child, i) => update(child, next.children![i], changed));
}

function ownKey(node: ExplorerNode): string {
  const { children, ...own } = node;
  return JSON.stringify([own, children === undefined, (children?.length ?? 0) > 0]);
}

function sameIds(a: ExplorerNode[], b: ExplorerNode[]): boolean {
  return a.length === b.length && a.every((node, i) => node.id === b[i].id);
}
