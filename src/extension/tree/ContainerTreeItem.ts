// "My containers": name, a state icon, slots in the description; image, created and UUIDs load on hover.
import * as vscode from 'vscode';
import type { ContainerGpuActivity } from '../../core/containers/gpu-processes';
import { formatGpus } from '../../core/format';
import type { Ds01Container, GpuInventory } from '../../core/model';
import { unprovenOwnerNote } from '../../core/containers/ownership';
import { toRow, type ContainerRow } from '../../host/containers/list';
import type { Ds01TreeItem } from './Ds01TreeItem';

/** The row's lifecycle: its next event with time left, and the rules behind it for the tooltip. */
export interface LifecycleRowText {
  next: string | null;
  explain: string[];
  /** Keep Alive: offered where the host's idle stop applies, 'on' while the file is honoured, else not offered. */
  keepAlive?: 'offered' | 'on' | 'none';
  /** Live use while the view is visible (extension/container-stats), and its warning (memory near its limit). */
  live?: string[];
  warning?: string | null;
}

const KEEP_ALIVE_CONTEXT = { offered: '.idle', on: '.keptAlive', none: '' } as const;

const STATE_ICONS: Record<Ds01Container['state'], [string, string?]> = {
  running: ['vm-running', 'testing.iconPassed'],
  created: ['vm-outline'],
  exited: ['vm-outline', 'disabledForeground'],
  paused: ['debug-pause'],
  restarting: ['sync'],
  dead: ['error', 'errorForeground'],
  removing: ['trash'],
};

export class ContainerTreeItem extends vscode.TreeItem implements Ds01TreeItem {
  readonly id: string;
  readonly row: ContainerRow;

  constructor(
    container: Ds01Container,
    inventory: Pick<GpuInventory, 'slots' | 'gpus'> | null,
    private readonly lifecycle?: LifecycleRowText,
    private readonly gpu: GpuRowActivity | null = null,
  ) {
    super(container.displayName, vscode.TreeItemCollapsibleState.None);
    this.row = toRow(container, inventory);
    this.id = `container/${container.id}`;
    const gpus = formatGpus(this.row.slots);
    this.description = `${gpus} · ${container.state}${lifecycle?.next ? ` · ${lifecycle.next}` : ''}${activityText(this.row.slots, gpu)}`;
    const [icon, color] = lifecycle?.warning ? ['warning', 'list.warningForeground'] : STATE_ICONS[container.state];
    this.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    // package.json's menus pick the inline and context actions by this value.
    this.contextValue =
      container.state === 'paused'
        ? 'ds01.container.paused'
        : container.running
          ? `ds01.container.running${KEEP_ALIVE_CONTEXT[lifecycle?.keepAlive ?? 'none']}`
          : 'ds01.container.stopped';
  }

  resolveTooltip(): vscode.MarkdownString {
    const r = this.row;
    const lines = [
      `**${r.displayName}** (${r.name})`,
      '',
      `State: ${r.state}`,
      `Image: \`${r.image}\``,
      `Created: ${r.createdAt}`,
      `GPUs: ${formatGpus(r.slots)}`,
      ...(unprovenOwnerNote(r) ? [`Owner: ${unprovenOwnerNote(r)}`] : []),
      ...r.gpuUuids.map((u) => `- \`${u}\``),
      ...(this.lifecycle?.live?.length
        ? ['**Live use**', ...(this.lifecycle.warning ? [`$(warning) ${this.lifecycle.warning}`] : []), ...this.lifecycle.live]
        : []),
      ...(this.lifecycle?.explain.length ? ['**Lifecycle on this host**', ...this.lifecycle.explain] : []),
      ...(this.gpu && r.slots.length
        ? [
            `GPU processes: ${this.gpu.activity.gpuProcesses.map((p) => `${p.pid} on ${p.slot} (${p.usedMemoryMiB ?? '?'} MiB)`).join(', ') || 'none'}`,
            ...(this.gpu.idle ? [`$(warning) ${this.gpu.idle.tooltip}`] : []),
          ]
        : []),
    ];
    return new vscode.MarkdownString(lines.join('\n\n'), true);
  }
}

/** What the container's processes do with its GPUs, and the idle note once it is due. */
export interface GpuRowActivity {
  activity: ContainerGpuActivity;
  idle: { badge: string; tooltip: string } | null;
}

function activityText(slots: string[], gpu: GpuRowActivity | null): string {
  if (!gpu || slots.length === 0) return '';
  if (gpu.idle) return ` · ${gpu.idle.badge}`;
  // Figures only while something runs on its GPUs; the tooltip says "none" otherwise.
  if (gpu.activity.gpuProcesses.length === 0) return '';
  const util = gpu.activity.gpuUtilization.map((u) => u.utilizationPercent).filter((u): u is number => u !== null);
  const mem = gpu.activity.gpuMemoryMiB === null ? '' : ` · ${gpu.activity.gpuMemoryMiB} MiB`;
  return `${mem}${util.length ? ` ${Math.max(...util)}%` : ''}`;
}
