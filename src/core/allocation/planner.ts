// The allocation planner: which free slots a new container gets, or why it gets none.
// Pure and deterministic; the caller holds the host-wide lock and passes the engine's current view.
import type { LimitSet, Slot, Usage } from '../model';
import { plural } from '../format';
import type { Problem } from '../problem';
import { compareSlotIds, GPUEQ_TOLERANCE } from './usage';

export interface AllocationRequest {
  /** Distinct slots wanted; 0 = a CPU-only container. */
  gpus: number;
}

export interface AllocationInput {
  request: AllocationRequest;
  limits: LimitSet;
  usage: Usage;
  /** Names of the user's containers, to name in "retire one" advice. */
  containerNames: string[];
  slots: Slot[];
  /** Slot ids held by any container, running or stopped. */
  heldSlotIds: ReadonlySet<string>;
}

export type AllocationPlan = { ok: true; slots: Slot[]; equivalents: number } | { ok: false; refusal: Problem };

export function planAllocation(input: AllocationInput): AllocationPlan {
  const { request, limits, usage } = input;
  const n = request.gpus;

  const max = limits.containers.max;
  if (max !== null && usage.containers >= max) {
    const which = input.containerNames.length ? ` (${input.containerNames.join(', ')})` : '';
    return refuse(
      'limit-containers',
      `Container limit reached: you have ${usage.containers} of ${max} containers${which}; stopped containers count too.`,
      `Retire one first: ds01 container retire <name>. See ds01 check-limits.`,
    );
  }
  if (!Number.isInteger(n) || n < 0) {
    return refuse('usage', `GPU count must be a whole number of 0 or more, got ${n}.`, 'Use --gpus 0, 1, 2, ...');
  }
  if (n === 0) return { ok: true, slots: [], equivalents: 0 };

  const cap = limits.gpus.maxPerContainer;
  if (cap !== null && n > cap) {
    return refuse(
      'limit-per-container',
      `Per-container GPU limit: one container may hold ${plural(cap, 'GPU')}, you asked for ${n}.`,
      `Ask for ${cap} or fewer (--gpus ${cap}).`,
    );
  }

  const eligible = input.slots.filter((s) => s.kind === 'mig' || limits.gpus.allowFullGpu);
  if (eligible.length === 0 && input.slots.length > 0) {
    return refuse(
      'limit-full-gpu',
      'Full GPUs are not allowed for your group, and this host has no MIG slices to offer instead.',
      'Ask an administrator, or see ds01 check-limits for your allowance.',
    );
  }

  const remaining = limits.gpus.maxEquivalents === null ? Infinity : limits.gpus.maxEquivalents - usage.equivalents;
  const cheapest = [...eligible].sort((a, b) => a.equivalents - b.equivalents).slice(0, n);
  if (cheapest.length === n && sum(cheapest) > remaining + GPUEQ_TOLERANCE) {
    return refuse(
      'limit-total',
      `GPU quota reached: you use ${fmt(usage.equivalents)} of ${fmt(limits.gpus.maxEquivalents)} GPU-equivalents; ` +
        `${plural(n, 'more GPU')} would need at least ${fmt(sum(cheapest))}.`,
      'Retire a GPU container first (ds01 container retire <name>), or ask for fewer GPUs.',
    );
  }

  const free = eligible.filter((s) => !input.heldSlotIds.has(s.id));
  if (eligible.length < n) {
    return refuse(
      'no-capacity',
      `This host has only ${plural(eligible.length, 'GPU slot')} you may use; you asked for ${n}.`,
      `Ask for ${eligible.length} or fewer.`,
    );
  }
  if (free.length < n) {
    return refuse(
      'no-capacity',
      `No capacity right now: ${free.length} of ${eligible.length} GPU slots are free and you asked for ${n}. This is not your limit; other containers hold them.`,
      'Try again later, ask for fewer GPUs, or see ds01 gpus for who holds what.',
    );
  }

  for (const candidate of candidateSets(free, n)) {
    if (sum(candidate) <= remaining + GPUEQ_TOLERANCE) return { ok: true, slots: candidate, equivalents: sum(candidate) };
  }
  return refuse(
    'limit-total',
    `GPU quota: the free slots that would fit your remaining ${fmt(remaining)} GPU-equivalents are taken.`,
    'Ask for fewer GPUs or retire a GPU container first.',
  );
}

/**
 * Candidate slot sets in order of preference: whole GPUs first (lowest index first), then MIG slices
 * kept on one physical GPU (largest slices first), then any mix. Deterministic for equal input.
 */
function* candidateSets(free: Slot[], n: number): Generator<Slot[]> {
  const ordered = [...free].sort(bySlotOrder);
  const whole = ordered.filter((s) => s.kind === 'gpu');
  if (whole.length >= n) yield whole.slice(0, n);

  const byGpu = new Map<number, Slot[]>();
  for (const s of ordered.filter((x) => x.kind === 'mig')) byGpu.set(s.gpuIndex, [...(byGpu.get(s.gpuIndex) ?? []), s]);
  for (const slices of byGpu.values()) {
    if (slices.length < n) continue;
    const largest = [...slices].sort((a, b) => b.equivalents - a.equivalents || bySlotOrder(a, b));
    yield largest.slice(0, n);
    yield largest.slice(-n);
  }
  yield ordered.slice(0, n);
  yield [...ordered].sort((a, b) => a.equivalents - b.equivalents || bySlotOrder(a, b)).slice(0, n);
}

function bySlotOrder(a: Slot, b: Slot): number {
  return a.gpuIndex - b.gpuIndex || compareSlotIds(a.id, b.id);
}

function sum(slots: Slot[]): number {
  return slots.reduce((t, s) => t + s.equivalents, 0);
}

function fmt(v: number | null): string {
  if (v === null || v === Infinity) return 'unlimited';
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function refuse(kind: Problem['kind'], message: string, fix: string): AllocationPlan {
  return { ok: false, refusal: { kind, message, fix } };
}
