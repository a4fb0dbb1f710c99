// Typed access to the extension's settings, read fresh on every call so changes apply at once.
import * as vscode from 'vscode';

export const SECTION = 'dockml';

export type TraceLevel = 'off' | 'messages' | 'verbose';

export const config = {
  /** Whether the language server runs at all. */
  get enabled(): boolean {
    return vscode.workspace.getConfiguration(SECTION).get<boolean>('enable', true);
  },
  get trace(): TraceLevel {
    return vscode.workspace.getConfiguration(SECTION).get<TraceLevel>('trace.server', 'off');
  },
};

/** True when a configuration change touches a setting that needs the server restarted. */
export function needsRestart(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.enable`);
}
