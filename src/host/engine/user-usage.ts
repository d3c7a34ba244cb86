// What check-limits (and the extension's status bar) needs from the engine for one user, in one scan.
import type { Ds01Container, GpuInventory, Slot, Usage, UserAsOwner } from '../../core/model';
import { usageGaps, type UsageGaps } from '../../core/containers/unreadable';
import { freeSlots, ownContainers, userUsage } from '../../core/allocation/usage';
import type { Engine } from './connect';
import type { ContainerScan, ScanOptions } from './containers';
import { gpuHolders } from './containers';

export interface UserUsageReport {
  usage: Usage;
  /** The user's containers, stopped ones included, newest first. */
  containers: Ds01Container[];
  /** Slots no container holds; null without an inventory, or when a container that could not be read may hold some. */
  freeSlots: Slot[] | null;
  /** Which of the figures above containers that could not be read leave unknown, and why. */
  gaps: UsageGaps;
  scan: ContainerScan;
}

/**
 * Without an inventory (nvidia-smi unavailable) every device ID counts as one slot of 1.0 gpueq.
 */
export async function loadUserUsage(
  engine: Engine,
  user: UserAsOwner,
  inventory: Pick<GpuInventory, 'slots' | 'gpus'> | null,
  options?: ScanOptions,
): Promise<UserUsageReport> {
  return usageFromScan(await engine.scanContainers(options), user, inventory);
}

/** The pure half of loadUserUsage, for callers that scan and read nvidia-smi at the same time. */
export function usageFromScan(scan: ContainerScan, user: UserAsOwner, inventory: Pick<GpuInventory, 'slots' | 'gpus'> | null): UserUsageReport {
  const slots = inventory?.slots ?? [];
  const gpus = inventory?.gpus ?? [];
  const everyHolder = gpuHolders(scan);
  const gaps = usageGaps(scan.unreadable, user);
  return {
    usage: userUsage(scan.ds01, user, slots, gpus),
    containers: ownContainers(scan.ds01, user),
    freeSlots: inventory && gaps.freeSlots === null ? freeSlots(everyHolder, slots, gpus) : null,
    gaps,
    scan,
  };
}
