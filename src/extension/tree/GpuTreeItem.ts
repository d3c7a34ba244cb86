// "Host GPUs": each physical GPU with memory and utilisation, its MIG slices as children. A slot shows
// free / yours / in use / held: other users' names are deliberately never shown.
import * as vscode from 'vscode';
import type { PhysicalGpu, Slot } from '../../core/model';
import type { SlotState } from '../../core/allocation/usage';
import type { Ds01TreeItem } from './Ds01TreeItem';

const STATE_ICONS: Record<SlotState | 'unknown', [string, string?]> = {
  free: ['circle-large-outline', 'testing.iconPassed'],
  yours: ['account', 'charts.blue'],
  'in use': ['circle-large-filled', 'disabledForeground'],
  held: ['debug-pause', 'disabledForeground'],
  unknown: ['question'],
};

function memory(used: number | null, total: number | null): string {
  return total === null ? 'memory ?' : `${used ?? '?'}/${total} MiB`;
}

function stateIcon(state: SlotState | undefined): vscode.ThemeIcon {
  const [icon, color] = STATE_ICONS[state ?? 'unknown'];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

export class SlotTreeItem extends vscode.TreeItem implements Ds01TreeItem {
  readonly id: string;

  constructor(slot: Slot, state: SlotState | undefined) {
    super(`MIG ${slot.id} · ${slot.model}`, vscode.TreeItemCollapsibleState.None);
    this.id = `slot/${slot.uuid}`;
    this.description = `${state ?? 'allocation unknown'} · ${memory(slot.memoryUsedMiB, slot.memoryTotalMiB)}`;
    this.iconPath = stateIcon(state);
    this.tooltip = `${slot.uuid}\n${slot.equivalents.toFixed(2)} GPU-equivalents`;
    this.contextValue = 'ds01.slot';
  }
}

export class GpuTreeItem extends vscode.TreeItem implements Ds01TreeItem {
  readonly id: string;

  constructor(
    private readonly gpu: PhysicalGpu,
    private readonly states: Map<string, SlotState> | null,
  ) {
    super(`GPU ${gpu.index}`, gpu.migEnabled && gpu.migSlots.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    this.id = `gpu/${gpu.uuid}`;
    const util = gpu.utilizationPercent === null ? '' : ` · ${gpu.utilizationPercent}%`;
    // With MIG off the GPU is itself the slot: its state goes on this row.
    const own = gpu.migEnabled
      ? `MIG (${gpu.migSlots.length} slices)`
      : this.states
        ? (this.states.get(String(gpu.index)) ?? 'allocation unknown')
        : 'allocation unknown';
    this.description = `${own} · ${gpu.name.replace(/^NVIDIA /, '')} · ${memory(gpu.memoryUsedMiB, gpu.memoryTotalMiB)}${util}`;
    this.iconPath = gpu.migEnabled ? new vscode.ThemeIcon('layers') : stateIcon(this.states?.get(String(gpu.index)));
    this.tooltip = `${gpu.name}\n${gpu.uuid}`;
    this.contextValue = 'ds01.gpu';
  }

  children(): Ds01TreeItem[] {
    return this.gpu.migSlots.map((s) => new SlotTreeItem(s, this.states?.get(s.id)));
  }
}
