// What the DockML status bar item says, as a pure function of the server state and the problem counts.

export type ServerState = 'starting' | 'running' | 'stopped' | 'disabled';

export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export interface StatusText {
  text: string;
  tooltip: string;
}

export function statusText(state: ServerState, counts: ProblemCounts): StatusText {
  if (state === 'disabled') return { text: '$(circle-slash) DockML', tooltip: 'DockML is disabled (dockml.enable).' };
  if (state === 'starting') return { text: '$(loading~spin) DockML', tooltip: 'The DockML language server is starting.' };
  if (state === 'stopped') return { text: '$(error) DockML', tooltip: 'The DockML language server is not running. Run "DockML: Restart Language Server".' };
  const total = counts.errors + counts.warnings + counts.infos;
  if (total === 0) return { text: '$(check) DockML', tooltip: 'DockML: no problems in open files. Click to open the Problems panel.' };
  const parts = [
    counts.errors ? `${counts.errors} error${counts.errors === 1 ? '' : 's'}` : '',
    counts.warnings ? `${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}` : '',
    counts.infos ? `${counts.infos} info${counts.infos === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return {
    text: `$(error) ${counts.errors} $(warning) ${counts.warnings} DockML`,
    tooltip: `DockML: ${parts.join(', ')} in open files. Click to open the Problems panel.`,
  };
}
