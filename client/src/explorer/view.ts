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
  /** The absolute paths of the workspace's Dockerfiles, when the explorer runs in an editor with a workspace. */
  dockerfiles?(): Promise<string[]>;
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
  /** How often the view reads the engine again while it is shown, for what ages without any event (uptimes). */
  readonly refreshEveryMs?: number;
  create(): ViewState;
}

/** Container events that change what is attached, mounted or shown; `exec_*` and health probes do not. */
export const CONTAINER_ACTIONS = new Set(['create', 'destroy', 'start', 'die', 'kill', 'stop', 'pause', 'unpause', 'rename', 'restart', 'update']);

/**
 * Reads facts that arrive after a view's list (volume sizes, image layers), one read at a time: a refresh during a
 * read asks for another after it, so the facts are never older than the list, and the view is redrawn after each.
 * `current()` tells a read whether its engine is still the one shown; `reset` makes it false for reads under way.
 */
export class LateFacts {
  private running: Promise<void> | undefined;
  private again = false;
  private generation = 0;

  constructor(
    private readonly what: string,
    private readonly read: (context: ViewContext, current: () => boolean) => Promise<void>,
  ) {}

  /** Whether a read is under way, so that facts missing now are on their way. */
  get loading(): boolean {
    return this.running !== undefined;
  }

  start(context: ViewContext): void {
    if (this.running) {
      this.again = true;
      return;
    }
    const started = this.generation;
    const current = () => started === this.generation;
    this.running = this.read(context, current)
      .catch((error: unknown) => context.log(`${this.what} could not be read: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = undefined;
        if (!current()) return;
        if (this.again) {
          this.again = false;
          this.start(context);
        }
        context.redraw();
      });
  }

  /** Resolves when no read is under way; tests use it instead of sleeping. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Drops what the reads under way bring: it comes from the previous engine. */
  reset(): void {
    this.generation++;
  }
}
