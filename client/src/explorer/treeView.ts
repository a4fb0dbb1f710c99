// The VS Code side of the explorer's trees: shows ExplorerProvider's nodes as TreeItems, field for field.
import * as vscode from 'vscode';
import type { ExplorerNode, ViewId } from './model';
import type { ExplorerProvider } from './provider';

export class ExplorerTreeAdapter implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly provider: ExplorerProvider,
    private readonly view: ViewId,
  ) {
    this.subscription = provider.onDidChange((changedView, nodes) => {
      if (changedView === view) this.changed.fire(nodes);
    });
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  // The tooltip is written on hover: views of thousands of objects write theirs lazily (lazyTooltip in model.ts).
  resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
    item.tooltip = node.tooltip ? new vscode.MarkdownString(node.tooltip) : undefined;
    return item;
  }

  getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    return this.provider.getChildren(this.view, node);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function toTreeItem(node: ExplorerNode): vscode.TreeItem {
  const state =
    node.children && node.children.length > 0
      ? node.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(node.label, state);
  item.id = node.id;
  item.description = node.description;
  item.contextValue = node.contextValue;
  if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
  if (node.command) item.command = node.command;
  return item;
}
