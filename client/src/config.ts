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
  /**
   * The engine address the explorer reads (`dockml.docker.host`). It is a machine setting: only the user's
   * own settings count, so a cloned repository's .vscode/settings.json cannot point the extension elsewhere.
   */
  get dockerHost(): string {
    return machineValue(vscode.workspace.getConfiguration(`${SECTION}.docker`).inspect<string>('host'), '');
  },
  /** The Compose program (a docker CLI with the compose plugin, or docker-compose); machine-scoped like the host. */
  get composePath(): string {
    return machineValue(vscode.workspace.getConfiguration(`${SECTION}.compose`).inspect<string>('path'), '');
  },
};

/**
 * The value of a machine-scoped setting from the user's settings (or its default), ignoring any workspace or
 * folder value. VS Code already ignores those for `machine` settings; reading them here makes it hold for
 * older hosts and for settings files edited by hand too.
 */
function machineValue<T>(inspected: { defaultValue?: T; globalValue?: T } | undefined, fallback: T): T {
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

/** True when a configuration change touches a setting that needs the server restarted. */
export function needsRestart(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.enable`);
}
