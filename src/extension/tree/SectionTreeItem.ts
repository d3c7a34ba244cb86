import * as vscode from 'vscode';
import type { Ds01TreeItem } from './Ds01TreeItem';

/** A top-level group: My limits, My containers, Host GPUs. */
export class SectionTreeItem extends vscode.TreeItem implements Ds01TreeItem {
  constructor(
    readonly id: string,
    label: string,
    icon: string,
    private readonly rows: () => Ds01TreeItem[],
    description?: string,
  ) {
    super(label, vscode.TreeItemCollapsibleState.Expanded);
    this.iconPath = new vscode.ThemeIcon(icon);
    this.description = description;
    this.contextValue = `ds01.section.${id}`;
  }

  children(): Ds01TreeItem[] {
    return this.rows();
  }
}

export class MessageTreeItem extends vscode.TreeItem implements Ds01TreeItem {
  constructor(
    readonly id: string,
    label: string,
    icon = 'info',
  ) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.iconPath = new vscode.ThemeIcon(icon);
    this.contextValue = 'ds01.message';
  }
}
