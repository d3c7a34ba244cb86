// The user's containers as a list shows them: state, slots, image, age.
import type { Ds01Container, GpuInventory, UserAsOwner } from '../../core/model';
import type { ContainerRow } from '../../core/cli-contracts/containers';
import { ownContainers, resolveDevice } from '../../core/allocation/usage';
import type { Engine } from '../engine/connect';

export type { ContainerRow };

export interface ContainerListing {
  rows: ContainerRow[];
  /** Stopped containers left out without --all (they still hold GPUs). */
  hiddenStopped: number;
  /** The shown containers as classified, in row order (lifecycle needs their labels). */
  shown: Ds01Container[];
}

export async function listUserContainers(
  engine: Engine,
  user: UserAsOwner,
  inventory: Pick<GpuInventory, 'slots' | 'gpus'> | null,
  options: { all?: boolean; protectedLabel?: string } = {},
): Promise<ContainerListing> {
  const scan = await engine.scanContainers({ protectedLabel: options.protectedLabel });
  const mine = ownContainers(scan.ds01, user);
  const shown = options.all ? mine : mine.filter((c) => c.running);
  return { rows: shown.map((c) => toRow(c, inventory)), hiddenStopped: mine.length - shown.length, shown };
}

export function toRow(c: Ds01Container, inventory: Pick<GpuInventory, 'slots' | 'gpus'> | null): ContainerRow {
  const slots = c.gpuUuids.flatMap((id) => {
    const found = inventory ? resolveDevice(id, inventory.slots, inventory.gpus).slots.map((s) => s.id) : [];
    return found.length ? found : [id];
  });
  return {
    id: c.id,
    name: c.name,
    displayName: c.displayName,
    state: c.state,
    running: c.running,
    image: c.image,
    createdAt: c.createdAt.toISOString(),
    slots: [...new Set(slots)],
    gpuUuids: c.gpuUuids,
    protected: c.protected,
    workspace: c.workspace,
    ownerEvidence: c.ownerEvidence ?? null,
    claim: c.claim ?? null,
  };
}
