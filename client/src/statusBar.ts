// The status bar item: the language server's state and the number of DockML problems; a click opens
// the Problems panel.
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
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      for (const d of diagnostics) {
        if (d.source !== 'dockml') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
        else counts.infos++;
      }
    }
    const { text, tooltip } = statusText(this.state, counts);
    this.item.text = text;
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}
