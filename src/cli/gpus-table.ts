// `ds01 gpus` output: one row per slot (full GPU or MIG slice) with its UUID below, within 80 columns.
import type { GpuProcessView } from '../core/containers/gpu-processes';
import type { GpusJson } from '../core/cli-contracts/gpus';
import type { GpuInventory, PhysicalGpu, Slot } from '../core/model';
import type { SlotState } from '../core/allocation/usage';
import { paint } from './render';
import { plural } from '../core/format';

export type AllocationMap = Map<string, SlotState>;

const W = { slot: 4, model: 22, eq: 5, mem: 13, util: 4 };
const GAP = '  ';
/** Where the model column starts: UUIDs go there on the line below their slot. */
const MODEL_AT = W.slot + GAP.length;
const STYLE: Record<SlotState, 'green' | 'bold' | 'yellow' | 'dim'> = {
  free: 'green',
  yours: 'bold',
  'in use': 'yellow',
  held: 'yellow',
};

export function renderGpus(inventory: GpuInventory, allocation?: AllocationMap, note?: string, view?: GpuProcessView): string {
  const lines = [summary(inventory), ''];
  if (inventory.gpus.length === 0) return `${lines[0]}\n`;
  lines.push(paint(row('SLOT', 'MODEL', 'GPUEQ', 'MEMORY MiB', 'UTIL', 'ALLOCATION'), 'bold'));
  for (const gpu of inventory.gpus) {
    if (gpu.migEnabled) lines.push(...splitGpuRows(gpu, allocation));
    else
      lines.push(
        ...slotRows(
          inventory.slots.find((s) => s.id === String(gpu.index)),
          gpu.utilizationPercent,
          allocation,
          '',
        ),
      );
  }
  lines.push(...processLines(view ?? countedOnly(inventory)));
  if (note) lines.push('', paint(note, 'yellow'));
  return `${lines.join('\n')}\n`;
}

/** The JSON form: the inventory, each slot with its allocation (null when unknown), and the note. */
export function gpusJson(inventory: GpuInventory, allocation?: AllocationMap, note?: string, view?: GpuProcessView): GpusJson {
  const processes = view ?? countedOnly(inventory);
  return {
    ...inventory,
    processes: processes.mine,
    otherProcesses: processes.others,
    slots: inventory.slots.map((s) => ({ ...s, allocation: allocation?.get(s.id) ?? null })),
    allocationKnown: allocation !== undefined,
    note: note ?? null,
  };
}

function summary(inv: GpuInventory): string {
  const parts = [plural(inv.gpus.length, 'GPU'), plural(inv.slots.length, 'slot')];
  if (inv.driverVersion) parts.push(`driver ${inv.driverVersion}`);
  if (inv.cudaVersion) parts.push(`CUDA ${inv.cudaVersion}`);
  return parts.join(', ');
}

function splitGpuRows(gpu: PhysicalGpu, allocation: AllocationMap | undefined): string[] {
  const state = gpu.migSlots.length === 0 ? 'MIG on, no slices' : `MIG on, ${plural(gpu.migSlots.length, 'slice')}`;
  return [
    row(String(gpu.index), gpu.name, '', memory(gpu.memoryUsedMiB, gpu.memoryTotalMiB), percent(gpu.utilizationPercent), paint(state, 'dim')),
    paint(`${' '.repeat(MODEL_AT)}${gpu.uuid}`, 'dim'),
    ...gpu.migSlots.flatMap((s) => slotRows(s, null, allocation, '  ')),
  ];
}

function slotRows(slot: Slot | undefined, util: number | null, allocation: AllocationMap | undefined, indent: string): string[] {
  if (!slot) return [];
  const model = slot.kind === 'mig' ? `${indent}MIG ${slot.model}` : slot.model;
  const state = allocation?.get(slot.id);
  const allocated = state ? paint(state, STYLE[state]) : paint('unknown', 'dim');
  return [
    row(slot.id, model, slot.equivalents.toFixed(2), memory(slot.memoryUsedMiB, slot.memoryTotalMiB), percent(util), allocated),
    paint(`${' '.repeat(MODEL_AT)}${indent}${slot.uuid}`, 'dim'),
  ];
}

/** Without /proc and engine knowledge nobody's process is known to be the viewer's: all are counted. */
function countedOnly(inv: GpuInventory): GpuProcessView {
  const others = new Map<string, { slot: string; count: number; usedMemoryMiB: number | null }>();
  for (const p of inv.processes) {
    const o = others.get(p.slotId) ?? { slot: p.slotId, count: 0, usedMemoryMiB: 0 };
    o.count += 1;
    o.usedMemoryMiB = o.usedMemoryMiB === null || p.usedMemoryMiB === null ? null : o.usedMemoryMiB + p.usedMemoryMiB;
    others.set(p.slotId, o);
  }
  return { mine: [], others: [...others.values()] };
}

/** Your processes with their container; other users' only counted per slot, never named. */
function processLines(view: GpuProcessView): string[] {
  if (view.mine.length === 0 && view.others.length === 0) return [];
  const lines = ['', paint(['SLOT'.padEnd(W.slot), 'PID'.padStart(8), 'MEMORY MiB', 'PROCESS'].join(GAP), 'bold')];
  for (const p of view.mine) {
    const mem = p.usedMemoryMiB === null ? '-' : String(p.usedMemoryMiB);
    const where = p.container === null ? 'host: ' : `${p.container}: `;
    lines.push([p.slotId.padEnd(W.slot), String(p.pid).padStart(8), mem.padStart(10), fit(where + p.name, 80 - W.slot - 26)].join(GAP));
  }
  for (const o of view.others) {
    const mem = o.usedMemoryMiB === null ? '-' : String(o.usedMemoryMiB);
    lines.push(
      paint([o.slot.padEnd(W.slot), ''.padStart(8), mem.padStart(10), `${o.count} process${o.count === 1 ? '' : 'es'} of other users`].join(GAP), 'dim'),
    );
  }
  return lines;
}

function row(slot: string, model: string, eq: string, mem: string, util: string, allocation: string): string {
  return [slot.padEnd(W.slot), fitModel(model).padEnd(W.model), eq.padStart(W.eq), mem.padStart(W.mem), util.padStart(W.util), allocation].join(GAP);
}

function memory(used: number | null, total: number | null): string {
  return `${used ?? '-'} / ${total ?? '-'}`;
}

function percent(v: number | null): string {
  return v === null ? '-' : `${v}%`;
}

/** Long model names lose the vendor first ("NVIDIA "), then their tail. */
function fitModel(name: string): string {
  if (name.length <= W.model) return name;
  const short = name.replace(/^NVIDIA /, '');
  return short.length <= W.model ? short : `${short.slice(0, W.model - 1)}…`;
}

/** Long process names are paths: keep their end. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `…${text.slice(text.length - width + 1)}`;
}
