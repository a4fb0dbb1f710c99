// What a view's commands get from the explorer's shared command wiring in commands.ts.
import type * as vscode from 'vscode';
import type { ActionOutcome, ActionUi } from './actions';
import type { EngineApi } from './engine';
import type { ViewId } from './model';
import type { ExplorerProvider } from './provider';
import type { RefreshManager } from './refresh';

/** What a view's commands get from the explorer: one engine, one refresh manager, one set of dialogs. */
export interface CommandKit {
  context: vscode.ExtensionContext;
  provider: ExplorerProvider;
  refresh: RefreshManager;
  /** Registers a command whose failures become one plain sentence in a notification. */
  register(id: string, run: (...args: any[]) => unknown): void;
  /** The engine, or an error saying how to get one (start Docker, or set dockml.docker.host). */
  engine(): EngineApi;
  /** Shows an outcome (nothing for a cancelled one) and refreshes the view it changed. */
  report(outcome: ActionOutcome, view: ViewId | 'all'): Promise<void>;
  ui: ActionUi;
  /** Opens a read-only editor tab named `name` with this text. */
  showReadOnly(name: string, text: string, language: string): Promise<void>;
}
