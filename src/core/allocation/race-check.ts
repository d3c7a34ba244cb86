// The host's own "race check", run after create: the lock serialises DS01 processes, but tools that do not
// take it (or a deploy on a host with a different state dir) can still race us. The engine is the truth.
import type { Ds01Container, LimitSet, PhysicalGpu, Slot, UserAsOwner } from '../model';
import type { Problem } from '../problem';
import { GPUEQ_TOLERANCE, slotHolders, userUsage } from './usage';

export interface RaceCheckInput {
  /** The container just created. */
  containerId: string;
  slotIds: string[];
  /** Every container the engine listed that holds GPUs or is DS01's, ours included. */
  containers: Ds01Container[];
  user: UserAsOwner;
  limits: LimitSet;
  slots: Slot[];
  gpus?: PhysicalGpu[];
}

/** null when the new container is the only holder of its slots and the user stays within the limits. */
export function raceCheck(input: RaceCheckInput): Problem | null {
  const holders = slotHolders(input.containers, input.slots, input.gpus);
  for (const id of input.slotIds) {
    const others = (holders.get(id) ?? []).filter((h) => h.containerId !== input.containerId);
    if (others.length > 0) {
      const who = others.map((h) => `${h.containerName}${h.owner ? ` (${h.owner})` : ''}`).join(', ');
      return lost(`GPU slot ${id} was taken at the same moment by ${who}.`);
    }
  }
  const usage = userUsage(input.containers, input.user, input.slots, input.gpus);
  const max = input.limits.containers.max;
  if (max !== null && usage.containers > max) {
    return lost(`another deploy of yours finished at the same moment: you would have ${usage.containers} of ${max} containers.`);
  }
  const quota = input.limits.gpus.maxEquivalents;
  if (input.slotIds.length > 0 && quota !== null && usage.equivalents > quota + GPUEQ_TOLERANCE) {
    return lost(`another deploy of yours finished at the same moment: you would use ${usage.equivalents} of ${quota} GPU-equivalents.`);
  }
  return null;
}

function lost(why: string): Problem {
  return {
    kind: 'race-lost',
    message: `Deploy lost a race and was undone: ${why}`,
    fix: 'Run the deploy again; see ds01 container list and ds01 check-limits.',
  };
}
