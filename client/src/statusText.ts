// What the DockML status bar item says, as a pure function of the server state and the problem counts: DockML's
// own counts, infos included, shown only when they add to VS Code's problem counters beside it (which count every
// source); when every problem in the workspace is DockML's, the counters already say it, and the item says "DockML".

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

/** `dockml` counts DockML's problems, `all` every source's (what VS Code's own counters show). */
export function statusText(state: ServerState, dockml: ProblemCounts, all: ProblemCounts = dockml): StatusText {
  if (state === 'disabled') return { text: '$(circle-slash) DockML', tooltip: 'DockML is disabled (dockml.enable).' };
  if (state === 'starting') return { text: '$(loading~spin) DockML', tooltip: 'The DockML language server is starting.' };
  if (state === 'stopped') return { text: '$(error) DockML', tooltip: 'The DockML language server is not running. Run "DockML: Restart Language Server".' };
  const total = dockml.errors + dockml.warnings + dockml.infos;
  if (total === 0) return { text: '$(check) DockML', tooltip: 'DockML: no problems in open files. Click to open the Problems panel.' };
  const plural = (n: number, word: string) => (n ? `${n} ${word}${n === 1 ? '' : 's'}` : '');
  const parts = [plural(dockml.errors, 'error'), plural(dockml.warnings, 'warning'), plural(dockml.infos, 'info')].filter(Boolean);
  const tooltip = `DockML: ${parts.join(', ')} in open files. Click to open the Problems panel.`;
  const addsNothing = dockml.errors === all.errors && dockml.warnings === all.warnings && dockml.infos === all.infos;
  if (addsNothing) return { text: 'DockML', tooltip };
  const counts = [
    dockml.errors ? `$(error) ${dockml.errors}` : '',
    dockml.warnings ? `$(warning) ${dockml.warnings}` : '',
    dockml.infos ? `$(info) ${dockml.infos}` : '',
  ].filter(Boolean);
  return { text: `DockML ${counts.join(' ')}`, tooltip };
}
