// "My limits": one row per number of check-limits; the usage goes in the description so ids stay stable.
import * as vscode from 'vscode';
import { formatAmount, formatDuration } from '../../core/format';
import { levelOf, usedOf } from '../../core/limit-report';
import type { LiveView } from '../../host/live-view';
import type { Ds01TreeItem } from './Ds01TreeItem';

export class LimitTreeItem extends vscode.TreeItem implements Ds01TreeItem {
  constructor(readonly id: string, label: string, description: string, icon: string, tooltip?: string) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.description = description;
    this.iconPath = new vscode.ThemeIcon(icon);
    this.tooltip = tooltip;
    this.contextValue = 'ds01.limit';
  }
}

function gauge(used: number, limit: number | null): string {
  const level = levelOf(used, limit);
  return level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'pass';
}

export function limitRows(view: LiveView): LimitTreeItem[] {
  const r = view.report;
  const l = view.limits;
  const known = view.engineProblem === null;
  return [
    new LimitTreeItem('limits/group', 'Group', `${l.group}${l.exempt ? ' · exempt (may use host GPUs)' : ''}`, 'organization'),
    new LimitTreeItem('limits/gpus', 'GPUs',
      known ? `${usedOf(r.gpus.used, r.gpus.limit)}${view.engineView?.usage.slotIds.length ? ` (${view.engineView.usage.slotIds.join(', ')})` : ''}` : `?/${r.gpus.limit ?? '∞'} (engine unreachable)`,
      known ? gauge(r.gpus.used, r.gpus.limit) : 'question'),
    new LimitTreeItem('limits/quota', 'GPU quota',
      `${formatAmount(r.gpus.usedEquivalents)} of ${formatAmount(l.gpus.maxEquivalents)} GPU-eq used, ${formatAmount(r.gpus.remainingEquivalents)} left`, 'dashboard'),
    new LimitTreeItem('limits/per-container', 'Per container',
      `${l.gpus.maxPerContainer ?? 'unlimited'} GPU${l.gpus.maxPerContainer === 1 ? '' : 's'}; full GPU ${l.gpus.allowFullGpu ? 'allowed' : 'not allowed'}`, 'symbol-numeric'),
    new LimitTreeItem('limits/containers', 'Containers',
      known ? `${usedOf(r.containers.used, r.containers.limit)} (${r.containers.running} running; stopped count)` : `?/${r.containers.limit ?? '∞'}`,
      known ? gauge(r.containers.used, r.containers.limit) : 'question'),
    new LimitTreeItem('limits/idle', 'Idle timeout', formatDuration(l.lifecycle.idleTimeoutSeconds, 'never'), 'clock'),
    new LimitTreeItem('limits/runtime', 'Max runtime', formatDuration(l.lifecycle.maxRuntimeSeconds), 'watch'),
    new LimitTreeItem('limits/hold', 'Hold after stop',
      `GPU ${formatDuration(l.lifecycle.gpuHoldAfterStopSeconds, 'until removed')}, container ${formatDuration(l.lifecycle.containerHoldAfterStopSeconds, 'kept')}`, 'debug-pause'),
    new LimitTreeItem('limits/host', 'Free GPUs now',
      r.host.totalSlots === null ? 'unknown' : r.host.freeSlots === null ? `? of ${r.host.totalSlots}` : `${r.host.freeSlots} of ${r.host.totalSlots}`, 'server'),
  ];
}
