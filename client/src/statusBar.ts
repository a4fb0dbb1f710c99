// The status bar item: the language server's state and the number of DockML problems (when VS Code's own
// counters, which count every source, do not already say it); a click opens the Problems panel.
import * as vscode from 'vscode';
import { ProblemCounts, ServerState, statusText } from './statusText';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dockml.status', vscode.StatusBarAlignment.Right, 100);
  private readonly listener: vscode.Disposable;
  private state: ServerState = 'starting';

  constructor() {
    this.item.name = 'DockML';
    this.item.command = 'workbench.actions.view.problems';
    this.listener = vscode.languages.onDidChangeDiagnostics(() => this.render());
    this.render();
    this.item.show();
  }

  setState(state: ServerState): void {
    this.state = state;
    this.render();
  }

  private render(): void {
    const counts: ProblemCounts = { errors: 0, warnings: 0, infos: 0 };
    const all: ProblemCounts = { errors: 0, warnings: 0, infos: 0 };
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      for (const d of diagnostics) {
        // Hints are not problems: VS Code's counters leave them out, and so does DockML's.
        if (d.severity === vscode.DiagnosticSeverity.Hint) continue;
        const key = d.severity === vscode.DiagnosticSeverity.Error ? 'errors' : d.severity === vscode.DiagnosticSeverity.Warning ? 'warnings' : 'infos';
        all[key]++;
        if (d.source === 'dockml') counts[key]++;
      }
    }
    const { text, tooltip } = statusText(this.state, counts, all);
    this.item.text = text;
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}
