// What each listed container does with its GPUs: nvidia-smi's compute processes placed in containers
// through /proc (src/host/containers/proc-cgroups.ts), plus the utilisation of the GPUs under its slots.
import { gpuActivity, processesByContainer, type ContainerGpuActivity } from '../../core/containers/gpu-processes';
import type { GpuInventory } from '../../core/model';
import { containerIdsOf, processPlaces } from './proc-cgroups';
import type { ContainerRow } from './list';

/** null figures: nvidia-smi was not read, so nothing is known (never 0). */
export type GpuActivityFields = { [K in keyof ContainerGpuActivity]: ContainerGpuActivity[K] | null };

export function addGpuActivity<R extends Pick<ContainerRow, 'id' | 'slots'>>(rows: R[], inventory: GpuInventory | null): Array<R & GpuActivityFields> {
  if (!inventory) return rows.map((r) => ({ ...r, gpuProcesses: null, gpuMemoryMiB: null, gpuUtilization: null }));
  const places = processPlaces(inventory.processes.map((p) => p.pid));
  const byContainer = processesByContainer(
    inventory.processes,
    containerIdsOf(places),
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, ...gpuActivity(byContainer.get(r.id) ?? [], r.slots, inventory) }));
}
