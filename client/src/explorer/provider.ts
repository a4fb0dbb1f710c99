// Holds what the explorer's two views show, and updates only the nodes that changed when it refreshes.
//
// This is the tree data provider without VS Code: `getChildren` answers what a view shows, `onDidChange`
// says which nodes to redraw (or `undefined` for the whole view). The VS Code adapter in treeView.ts
// forwards both as they are, so tests drive this class against a real engine and assert what a user sees.
import { describeEndpoint } from './endpoint';
import type { EngineApi, EngineVersion } from './engine';
import { classifyFault } from './errors';
import {
  buildFaultNodes,
  buildNetworkNodes,
  buildVolumeNodes,
  ContainerJson,
  ExplorerNode,
  ViewId,
  ViewSettings,
  VolumeJson,
  VolumeUsage,
} from './model';
import type { RefreshReason, RefreshTarget } from './refresh';

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

  private volumesData: { volumes: VolumeJson[]; containers: ContainerJson[] } | undefined;
  private sizes: ReadonlyMap<string, VolumeUsage> = new Map();
  private sizesLoad: Promise<void> | undefined;
  private sizesAgain = false;
  /** The latest refreshes with their reasons, newest last; tests read it to tell event refreshes from manual ones. */
  readonly history: Array<{ view: ViewId; reason: RefreshReason }> = [];

  constructor(
    connection: EngineOrError,
    private readonly settings: () => ViewSettings,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.connection = connection;
  }

  /** Switches to another engine (a new endpoint); the views reload on their next refresh. */
  setConnection(connection: EngineOrError): void {
    this.connection = connection;
    this.version = undefined;
    this.sizes = new Map();
    this.volumesData = undefined;
  }

  get engine(): EngineApi | undefined {
    return 'engine' in this.connection ? this.connection.engine : undefined;
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

  /** Reads the engine again and redraws what changed. Never throws: failures become state nodes. */
  async refresh(view: ViewId, reason: RefreshReason): Promise<void> {
    this.history.push({ view, reason });
    if (this.history.length > 50) this.history.shift();
    let next: ExplorerNode[];
    try {
      if (!('engine' in this.connection)) throw this.connection.error;
      const engine = this.connection.engine;
      if (!this.version) this.version = await engine.version();
      if (view === 'networks') {
        const [networks, containers] = await Promise.all([engine.listNetworks(), engine.listContainers()]);
        next = buildNetworkNodes(networks, containers, this.settings());
      } else {
        const [volumes, containers] = await Promise.all([engine.listVolumes(), engine.listContainers()]);
        this.volumesData = { volumes, containers };
        // Started first so that the nodes built now say their sizes are on the way.
        void this.loadSizes();
        next = this.volumeNodes();
      }
    } catch (error) {
      this.version = undefined;
      const engine = 'engine' in this.connection ? this.connection.engine : undefined;
      const fault = classifyFault(error, engine?.endpoint);
      this.log(`${view}: ${fault.title}: ${fault.detail}`);
      next = buildFaultNodes(fault);
    }
    this.apply(view, next);
  }

  /** Resolves when no volume-size request is under way; tests use it instead of sleeping. */
  async whenSizesLoaded(): Promise<void> {
    while (this.sizesLoad) await this.sizesLoad;
  }

  private volumeNodes(): ExplorerNode[] {
    const data = this.volumesData ?? { volumes: [], containers: [] };
    return buildVolumeNodes(data.volumes, data.containers, { sizes: this.sizes, loading: this.sizesLoad !== undefined }, this.settings());
  }

  // /system/df walks every volume's files, so it runs after the list is shown and redraws the volumes it sizes.
  private loadSizes(): Promise<void> {
    if (this.sizesLoad) {
      this.sizesAgain = true;
      return this.sizesLoad;
    }
    const engine = this.engine;
    if (!engine) return Promise.resolve();
    this.sizesLoad = engine
      .volumeUsage()
      .then((sizes) => {
        if (this.engine === engine) this.sizes = sizes;
      })
      .catch((error: unknown) => this.log(`Volume sizes could not be read: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.sizesLoad = undefined;
        if (this.engine !== engine || !this.volumesData) return;
        if (this.sizesAgain) {
          this.sizesAgain = false;
          void this.loadSizes();
        }
        this.apply('volumes', this.volumeNodes());
      });
    return this.sizesLoad;
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
