// The GPU counts a deploy may offer: each count from 0 up to what one container may hold, with the
// planner's refusal for those it would turn down, so a front end can say why a count is not offered, and
// which of those a wait in the host's GPU queue would turn into a container.
import { planAllocation, type AllocationInput } from './planner';
import { waitCanHelp } from './gpu-queue';
import type { Slot } from '../model';
import type { Problem } from '../problem';

export interface GpuCountChoice {
  gpus: number;
  /** The slot ids the planner would give now (may change by the time of the deploy). */
  slotIds: string[];
  refusal: Problem | null;
}

export function gpuCountChoices(input: Omit<AllocationInput, 'request'>): GpuCountChoice[] {
  const cap = input.limits.gpus.maxPerContainer ?? input.slots.length;
  const highest = Math.max(0, Math.min(cap, Math.max(input.slots.length, 1)));
  const choices: GpuCountChoice[] = [];
  for (let gpus = 0; gpus <= highest; gpus++) {
    const plan = planAllocation({ ...input, request: { gpus } });
    choices.push(plan.ok ? { gpus, slotIds: plan.slots.map((s) => s.id), refusal: null } : { gpus, slotIds: [], refusal: plan.refusal });
  }
  return choices;
}

/** Where a count stands: deployable now, deployable after a wait in the host's GPU queue, or refused (waiting cannot help). */
export type GpuCountVerdict = 'now' | 'wait' | 'refused';

export function gpuCountVerdict(choice: Pick<GpuCountChoice, 'gpus' | 'refusal'>, slots: Pick<Slot, 'kind'>[], allowFullGpu: boolean): GpuCountVerdict {
  if (choice.refusal === null) return 'now';
  return waitCanHelp(choice.refusal, choice.gpus, slots, allowFullGpu) ? 'wait' : 'refused';
}

export interface GpuCountOffer {
  now: GpuCountChoice[];
  wait: GpuCountChoice[];
  refused: GpuCountChoice[];
  /** When no count can end in a container, now or after waiting: why (the first refusal), else null. */
  blocked: Problem | null;
}

/** The counts the limits allow, sorted into what a deploy may offer now, offer as a wait, and must refuse. */
export function offerGpuCounts(input: Omit<AllocationInput, 'request'>): GpuCountOffer {
  const offer: GpuCountOffer = { now: [], wait: [], refused: [], blocked: null };
  for (const choice of gpuCountChoices(input)) offer[gpuCountVerdict(choice, input.slots, input.limits.gpus.allowFullGpu)].push(choice);
  // Count 0 is always a choice, so a blocked offer has a refusal to tell.
  if (offer.now.length === 0 && offer.wait.length === 0) offer.blocked = offer.refused[0].refusal;
  return offer;
}
