import type * as vscode from 'vscode';

/** Every row of the DS01 tree: a TreeItem with a stable id that may have children. */
export interface Ds01TreeItem extends vscode.TreeItem {
  id: string;
  children?(): Ds01TreeItem[];
  /** Filled in only when VS Code asks (hover), e.g. a container's image and UUIDs. */
  resolveTooltip?(): vscode.MarkdownString | string;
}
