// What containers hold: per-user usage, per-slot holders, free slots and the displayed limit (SPEC.md §4).
// Stopped containers hold their GPUs until removed, so they count everywhere below.
import type { Ds01Container, LimitSet, PhysicalGpu, Slot, Usage, UserAsOwner } from '../model';
import { countsFor } from '../containers/ownership';

/** gpueq sums are fractions of 7: compare with this tolerance so 7 x 1/7 still fits a quota of 1.0. */
export const GPUEQ_TOLERANCE = 1e-9;

/** Where a device ID points: slots of the inventory, or nothing we know (stale UUID, test id). */
export interface ResolvedDevice {
  id: string;
  slots: Slot[];
}

/**
 * Maps a device ID to slots: a slot UUID; a slot id ('2', or '1:1' / '1.1' for MIG); or the UUID or
 * index of a MIG-enabled physical GPU, which holds all its MIG slots.
 */
export function resolveDevice(id: string, slots: Slot[], gpus: PhysicalGpu[] = []): ResolvedDevice {
  const bySlot = slots.find((s) => s.uuid === id || s.id === id || s.id === id.replace(':', '.'));
  if (bySlot) return { id, slots: [bySlot] };
  const gpu = gpus.find((g) => g.uuid === id || String(g.index) === id);
  if (gpu) return { id, slots: slots.filter((s) => s.gpuIndex === gpu.index) };
  return { id, slots: [] };
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** '2' before '10', '1.2' before '1.10'; ids that are not numbers (stale UUIDs) in text order. */
export function compareSlotIds(a: string, b: string): number {
  const [ga, ma = -1] = a.split('.').map(Number);
  const [gb, mb = -1] = b.split('.').map(Number);
  return Number.isNaN(ga) || Number.isNaN(gb) ? a.localeCompare(b) : ga - gb || ma - mb;
}

/** The user's containers, stopped ones included, newest first (as lists show them). */
export function ownContainers(containers: Ds01Container[], user: UserAsOwner): Ds01Container[] {
  return containers.filter((c) => countsFor(c, user)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/**
 * Usage of one user. `slots` counts distinct physical slots (one full GPU is 1, the 2026-02 bug
 * counted it as 4); `equivalents` is the quota arithmetic (sum of the slots' gpueq). A device ID the
 * inventory does not know still counts as one slot of 1.0 gpueq and appears in `slotIds` as given:
 * better to over-count a stale allocation than to hand out quota twice.
 */
export function userUsage(containers: Ds01Container[], user: UserAsOwner, slots: Slot[], gpus: PhysicalGpu[] = []): Usage {
  const mine = containers.filter((c) => countsFor(c, user));
  const held = new Map<string, number>();
  for (const c of mine) {
    for (const id of c.gpuUuids) {
      const r = resolveDevice(id, slots, gpus);
      if (r.slots.length === 0) held.set(id, 1);
      for (const s of r.slots) held.set(s.id, s.equivalents);
    }
  }
  const slotIds = [...held.keys()].sort(compareSlotIds);
  return {
    slots: held.size,
    equivalents: round6([...held.values()].reduce((a, b) => a + b, 0)),
    containers: mine.length,
    running: mine.filter((c) => c.running).length,
    slotIds,
  };
}

export interface SlotHolder {
  containerId: string;
  containerName: string;
  owner: string | null;
  ownerUid?: number | null;
  running: boolean;
}

/** Per slot id, the containers holding it (more than one means a double allocation). */
export function slotHolders(containers: Ds01Container[], slots: Slot[], gpus: PhysicalGpu[] = []): Map<string, SlotHolder[]> {
  const slotIdsOf = slotIdsByDevice(slots, gpus);
  const holders = new Map<string, SlotHolder[]>();
  for (const c of containers) {
    const ids = new Set(c.gpuUuids.flatMap(slotIdsOf));
    for (const id of ids) {
      const list = holders.get(id) ?? [];
      list.push({ containerId: c.id, containerName: c.name, owner: c.owner, ownerUid: c.ownerUid, running: c.running });
      holders.set(id, list);
    }
  }
  return holders;
}

/** Ids of the slots some container holds, running or stopped: the planner's "not free". */
export function heldSlotIds(containers: Ds01Container[], slots: Slot[], gpus: PhysicalGpu[] = []): Set<string> {
  const slotIdsOf = slotIdsByDevice(slots, gpus);
  const held = new Set<string>();
  for (const c of containers) for (const device of c.gpuUuids) for (const id of slotIdsOf(device)) held.add(id);
  return held;
}

/**
 * resolveDevice's slot ids, worked out once per device ID: a host's containers name the same few GPUs over and
 * over (a thousand containers, a handful of UUIDs).
 */
function slotIdsByDevice(slots: Slot[], gpus: PhysicalGpu[]): (device: string) => string[] {
  const known = new Map<string, string[]>();
  return (device) => {
    let ids = known.get(device);
    if (ids === undefined) {
      ids = resolveDevice(device, slots, gpus).slots.map((s) => s.id);
      known.set(device, ids);
    }
    return ids;
  };
}

/** Slots no container holds, running or stopped, in inventory order. */
export function freeSlots(containers: Ds01Container[], slots: Slot[], gpus: PhysicalGpu[] = []): Slot[] {
  const held = heldSlotIds(containers, slots, gpus);
  return slots.filter((s) => !held.has(s.id));
}

/**
 * The GPU limit users see, in slots (the unit of `Usage.slots`): the most slots the quota can buy
 * (cheapest slots first, so on a MIG host a 1.0 quota may be several slices), capped at the
 * hardware's slot count. Unlimited quota shows the hardware total. With no inventory (nvidia-smi
 * unavailable) the cap is unknown: full GPUs are assumed, and null stands for unlimited.
 * `allowFullGpu` is not applied here; deploy refuses full GPUs with its own message.
 */
export function displayGpuLimit(limits: Pick<LimitSet, 'gpus'>, inventory: { slots: Slot[] } | null): number | null {
  const quota = limits.gpus.maxEquivalents;
  if (inventory === null) return quota === null ? null : Math.floor(quota + GPUEQ_TOLERANCE);
  const total = inventory.slots.length;
  if (quota === null) return total;
  let spent = 0;
  let count = 0;
  for (const eq of inventory.slots.map((s) => s.equivalents).sort((a, b) => a - b)) {
    if (spent + eq > quota + GPUEQ_TOLERANCE) break;
    spent += eq;
    count += 1;
  }
  return Math.min(count, total);
}

/** What a person sees for a slot: free, yours, in use by someone else, or held by someone's stopped container. */
export const SLOT_STATES = ['free', 'yours', 'in use', 'held'] as const;
export type SlotState = (typeof SLOT_STATES)[number];

/** Per slot id its state for `user`; other users' names are deliberately not part of it. */
export function slotStates(holdersOfGpus: Ds01Container[], user: UserAsOwner, slots: Slot[], gpus: PhysicalGpu[] = []): Map<string, SlotState> {
  const holders = slotHolders(holdersOfGpus, slots, gpus);
  const states = new Map<string, SlotState>();
  for (const s of slots) {
    const list = holders.get(s.id) ?? [];
    const state: SlotState = list.length === 0 ? 'free' : list.some((h) => countsFor(h, user)) ? 'yours' : list.some((h) => h.running) ? 'in use' : 'held';
    states.set(s.id, state);
  }
  return states;
}
