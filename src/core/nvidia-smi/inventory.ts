// Turns nvidia-smi's records into the GpuInventory: physical GPUs, allocatable slots (SPEC.md §4) and processes.
import type { GpuInventory, GpuProcess, PhysicalGpu, Slot } from '../model';
import { problem } from '../problem';
import type { ListedGpu } from './list';
import { migEquivalents } from './profile';
import type { SmiGpu, SmiLog } from './xml';

/**
 * `-q -x` never carries MIG profile names (and most drivers leave out MIG UUIDs), so `-L` is needed
 * exactly when some GPU has MIG devices. A MIG-off host (the reference host) costs one process.
 */
export function needsList(log: SmiLog): boolean {
  return log.gpus.some((g) => g.migEnabled && g.migDevices.length > 0);
}

export function buildInventory(log: SmiLog, list?: ListedGpu[]): GpuInventory {
  if (needsList(log) && !list) throw problem('internal', "MIG devices found: the inventory needs 'nvidia-smi -L' too.");
  const gpus = log.gpus.map((g, index) => toPhysicalGpu(g, index, list));
  const slots = gpus.flatMap((g): Slot[] => (g.migEnabled ? g.migSlots : [fullGpuSlot(g)]));
  checkUnique([
    ...gpus.map((g) => ({ uuid: g.uuid, what: `GPU ${g.index}` })),
    ...gpus.flatMap((g) => g.migSlots.map((s) => ({ uuid: s.uuid, what: `MIG device ${s.id}` }))),
  ]);
  const processes = log.gpus.flatMap((g, index) =>
    g.processes.map((p): GpuProcess => ({
      pid: p.pid,
      name: p.name,
      usedMemoryMiB: p.usedMemoryMiB,
      slotId: processSlotId(g, index, p.gpuInstanceId, p.computeInstanceId),
    })),
  );
  return { driverVersion: log.driverVersion, cudaVersion: log.cudaVersion, gpus, slots, processes };
}

function toPhysicalGpu(g: SmiGpu, index: number, list: ListedGpu[] | undefined): PhysicalGpu {
  const gpu: PhysicalGpu = {
    index,
    uuid: g.uuid,
    name: g.name,
    migEnabled: g.migEnabled,
    memoryTotalMiB: g.memoryTotalMiB,
    memoryUsedMiB: g.memoryUsedMiB,
    utilizationPercent: g.utilizationPercent,
    migSlots: [],
  };
  if (!g.migEnabled || g.migDevices.length === 0) return gpu;
  const listed = list?.find((l) => l.uuid === g.uuid);
  if (!listed) throw disagree(`GPU ${index} (${g.uuid}) is missing from 'nvidia-smi -L'`);
  gpu.migSlots = g.migDevices.map((m): Slot => {
    const named = listed.migs.find((l) => l.device === m.index);
    if (!named) throw disagree(`'nvidia-smi -L' lists no MIG device ${m.index} under GPU ${index}`);
    return {
      id: `${index}.${m.index}`,
      uuid: m.uuid ?? named.uuid,
      gpuIndex: index,
      kind: 'mig',
      model: named.profile,
      equivalents: migEquivalents(named.profile, g.name),
      memoryTotalMiB: m.memoryTotalMiB,
      memoryUsedMiB: m.memoryUsedMiB,
    };
  });
  return gpu;
}

function fullGpuSlot(g: PhysicalGpu): Slot {
  return {
    id: String(g.index),
    uuid: g.uuid,
    gpuIndex: g.index,
    kind: 'gpu',
    model: g.name,
    equivalents: 1,
    memoryTotalMiB: g.memoryTotalMiB,
    memoryUsedMiB: g.memoryUsedMiB,
  };
}

/** A process on a MIG GPU names its GPU and compute instance; the MIG device with both is its slot. */
function processSlotId(g: SmiGpu, index: number, gi: number | null, ci: number | null): string {
  if (!g.migEnabled) return String(index);
  const exact = g.migDevices.find((m) => m.gpuInstanceId === gi && m.computeInstanceId === ci);
  const byInstance = exact ?? g.migDevices.find((m) => gi !== null && m.gpuInstanceId === gi);
  return byInstance ? `${index}.${byInstance.index}` : String(index);
}

/** A UUID names one device: listed twice, it would count as two GPUs and be handed out twice. */
function checkUnique(devices: Array<{ uuid: string; what: string }>): void {
  const seen = new Map<string, string>();
  for (const d of devices) {
    const first = seen.get(d.uuid);
    if (first) {
      throw problem(
        'nvidia-smi-garbage',
        `nvidia-smi lists ${d.uuid} more than once (${first} and ${d.what}): the GPU inventory cannot be trusted.`,
        'Run nvidia-smi -L by hand; if a wrapper stands in for nvidia-smi (DS01_NVIDIA_SMI), fix it, else ask an administrator.',
      );
    }
    seen.set(d.uuid, d.what);
  }
}

function disagree(what: string) {
  return problem(
    'nvidia-smi-garbage',
    `'nvidia-smi -q -x' and 'nvidia-smi -L' disagree: ${what}.`,
    'The MIG layout may have changed between the two calls; run the command again.',
  );
}
