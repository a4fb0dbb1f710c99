// What makes a view of the explorer: which engine events concern it, and how it reads the engine into nodes.
//
// The provider and the refresh manager know views only through this interface, so a new view (images,
// Compose projects, …) is a folder with its nodes, view and actions, plus one line in views.ts.
import type { EngineChanges } from './changes';
import type { EngineApi, EngineEvent } from './engine';
import type { ExplorerNode, ViewId, ViewSettings } from './model';

/** What a view gets when it loads. */
export interface ViewContext {
  engine: EngineApi;
  settings: ViewSettings;
  /** Receives a line for the explorer's output channel. */
  log(line: string): void;
  /** Asks the provider to show `nodes()` again, for facts that arrive after the list (such as volume sizes). */
  redraw(): void;
}

/** A view's reading of the engine; one instance per provider, so it may keep what it read last. */
export interface ViewState {
  /** Reads the engine and returns the view's top-level nodes; throws when the engine cannot be read. */
  load(context: ViewContext): Promise<ExplorerNode[]>;
  /**
   * Re-reads only the objects that engine events named and returns the view's nodes, or undefined when the view
   * has nothing loaded to patch (then it loads). Views without it load everything on every event.
   */
  update?(context: ViewContext, changes: EngineChanges): Promise<ExplorerNode[] | undefined>;
  /** The nodes for what was read last, with any late facts; used when `redraw` is asked for. */
  nodes(context: ViewContext): ExplorerNode[];
  /** Resolves when no late fact is being read; tests use it instead of sleeping. */
  settled?(): Promise<void>;
  /** Forgets late facts read from a previous engine. */
  reset?(): void;
}

/** How a view is registered: its id, the events that concern it, and a factory for its per-provider state. */
export interface ViewDefinition {
  readonly id: ViewId;
  /** Whether an engine event may change what this view shows. */
  affectedBy(event: EngineEvent): boolean;
  create(): ViewState;
}

/** Container events that change what is attached, mounted or shown; `exec_*` and health probes do not. */
export const CONTAINER_ACTIONS = new Set(['create', 'destroy', 'start', 'die', 'kill', 'stop', 'pause', 'unpause', 'rename', 'restart', 'update']);
