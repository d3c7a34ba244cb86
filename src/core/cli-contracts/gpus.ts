// `ds01 gpus --json`: nvidia-smi's inventory with each slot's allocation for the viewer; other users' processes
// are only counted per slot.
import { z } from 'zod';
import { SLOT_STATES } from '../allocation/usage';

const mib = z.number().nullable();
const slot = {
  id: z.string(),
  uuid: z.string(),
  gpuIndex: z.number(),
  kind: z.enum(['gpu', 'mig']),
  model: z.string(),
  equivalents: z.number(),
  memoryTotalMiB: mib,
  memoryUsedMiB: mib,
};

export const gpusJson = z.strictObject({
  driverVersion: z.string().nullable(),
  cudaVersion: z.string().nullable(),
  gpus: z.array(
    z.strictObject({
      index: z.number(),
      uuid: z.string(),
      name: z.string(),
      migEnabled: z.boolean(),
      memoryTotalMiB: mib,
      memoryUsedMiB: mib,
      utilizationPercent: z.number().nullable(),
      migSlots: z.array(z.strictObject(slot)),
    }),
  ),
  /** null allocation: not known (no engine, or a container that could not be read may hold it). */
  slots: z.array(z.strictObject({ ...slot, allocation: z.enum(SLOT_STATES).nullable() })),
  /** The viewer's own GPU processes, named with their container (null: on the host). */
  processes: z.array(z.strictObject({ pid: z.number(), name: z.string(), usedMemoryMiB: mib, slotId: z.string(), container: z.string().nullable() })),
  otherProcesses: z.array(z.strictObject({ slot: z.string(), count: z.number(), usedMemoryMiB: mib })),
  allocationKnown: z.boolean(),
  note: z.string().nullable(),
});
export type GpusJson = z.infer<typeof gpusJson>;
