// The GPU counts a deploy may offer: each count from 0 up to what one container may hold, with the
// planner's refusal for those it would turn down, so a front end can say why a count is not offered.
import { planAllocation, type AllocationInput } from './planner';
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
