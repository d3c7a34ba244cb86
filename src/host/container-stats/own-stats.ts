// `container-stats` for the user: their running containers (paused ones too: they hold memory and GPUs),
// each with the engine's stats and the GPU figures of the latest nvidia-smi reading.
import { findOwnContainer } from '../../core/containers/lookup';
import { ownedBy } from '../../core/containers/ownership';
import { statsFromEngine, type ContainerStats } from '../../core/container-stats/stats';
import type { GpuUse } from '../../core/container-stats/text';
import type { Ds01Container, GpuInventory, UserAsOwner } from '../../core/model';
import { problem } from '../../core/problem';
import { addGpuActivity } from '../containers/gpu-activity';
import { toRow } from '../containers/list';
import type { Engine } from '../engine/connect';
import { gpuHolders } from '../engine/containers';

export interface OwnStats {
  container: Ds01Container;
  slots: string[];
  stats: ContainerStats;
  gpu: GpuUse;
}

/** The containers stats are read for: the one named (refused unless running or paused), else every running one of the user's. */
export async function statsTargets(engine: Engine, user: UserAsOwner, name?: string): Promise<Ds01Container[]> {
  const all = gpuHolders(await engine.scanContainers());
  if (name === undefined) return all.filter((c) => c.running && ownedBy(c, user));
  const c = findOwnContainer(all, name, user);
  if (!c.running)
    throw problem(
      'not-running',
      `${c.displayName} is ${c.state}: a stopped container uses nothing.`,
      `Start it first, or see its last output with: ds01 container logs ${c.displayName}`,
    );
  return [c];
}

/** The GPU use of each container, in order: /proc is read once for all of them (and only when one holds a GPU). */
export function gpuUsesOf(containers: Ds01Container[], inventory: GpuInventory | null, whyNot: string | null): Array<{ slots: string[]; gpu: GpuUse }> {
  const rows = containers.map((c) => toRow(c, inventory));
  const holding = inventory ? rows.filter((r) => r.slots.length > 0) : [];
  const activity = new Map(holding.length > 0 ? addGpuActivity(holding, inventory).map((a) => [a.id, a]) : []);
  return rows.map((row) => {
    if (row.slots.length === 0) return { slots: [], gpu: { memoryMiB: null, utilizationPercent: null, why: 'it holds no GPU' } };
    const a = activity.get(row.id);
    if (!a) return { slots: row.slots, gpu: { memoryMiB: null, utilizationPercent: null, why: whyNot ?? 'nvidia-smi was not read' } };
    const util = (a.gpuUtilization ?? []).map((u) => u.utilizationPercent).filter((u): u is number => u !== null);
    return {
      slots: row.slots,
      gpu: {
        memoryMiB: a.gpuMemoryMiB,
        utilizationPercent: util.length ? Math.max(...util) : null,
        why: a.gpuMemoryMiB === null ? 'nvidia-smi gave no memory figure for its processes' : null,
      },
    };
  });
}

export async function ownStats(engine: Engine, containers: Ds01Container[], inventory: GpuInventory | null, whyNoGpu: string | null): Promise<OwnStats[]> {
  const gpus = gpuUsesOf(containers, inventory, whyNoGpu);
  return Promise.all(containers.map(async (c, i) => ({ container: c, stats: statsFromEngine(await engine.statsOnce(c.id)), ...gpus[i] })));
}
