// "My limits": one row per number of check-limits; the usage goes in the description so ids stay stable.
import * as vscode from 'vscode';
import { limitRows, type LimitRowKey } from '../../core/check-limits/rows';
import { usageShown } from '../../host/users/usage-shown';
import type { UserView } from '../../host/users/view';
import type { Ds01TreeItem } from './Ds01TreeItem';

export class LimitTreeItem extends vscode.TreeItem implements Ds01TreeItem {
  constructor(
    readonly id: string,
    label: string,
    description: string,
    icon: string,
    tooltip?: string,
  ) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.description = description;
    this.iconPath = new vscode.ThemeIcon(icon);
    this.tooltip = tooltip;
    this.contextValue = 'ds01.limit';
  }
}

const ICONS: Record<LimitRowKey, string> = {
  group: 'organization',
  gpus: 'pass',
  quota: 'dashboard',
  'per-container': 'symbol-numeric',
  containers: 'pass',
  idle: 'clock',
  runtime: 'watch',
  hold: 'debug-pause',
  host: 'server',
};
const LEVEL_ICONS = { ok: 'pass', warning: 'warning', error: 'error', unknown: 'question' } as const;

export function limitTreeItems(view: UserView): LimitTreeItem[] {
  const rows = limitRows(view.report, usageShown(view));
  return rows.map((row) => new LimitTreeItem(`limits/${row.key}`, row.label, row.value, row.level ? LEVEL_ICONS[row.level] : ICONS[row.key]));
}
