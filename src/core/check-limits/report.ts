// One user's limits against their usage: the numbers behind check-limits, the status bar and the tree's
// "My limits". Distinct GPUs (what people count) and GPU-equivalents (quota arithmetic) stay separate fields.
import type { LimitSet, Slot, Usage } from '../model';
import { displayGpuLimit, GPUEQ_TOLERANCE } from '../allocation/usage';
import { plural } from '../format';
import type { Problem } from '../problem';

export type Level = 'ok' | 'warning' | 'error';

export interface LimitReport {
  limits: LimitSet;
  gpus: {
    /** Distinct slots held, one full GPU = 1. */
    used: number;
    /** Displayed limit in slots, capped at what the hardware has; null = unlimited and no hardware known. */
    limit: number | null;
    usedEquivalents: number;
    remainingEquivalents: number | null;
  };
  containers: { used: number; limit: number | null; running: number };
  host: { freeSlots: number | null; totalSlots: number | null };
  level: Level;
  warnings: Problem[];
}

export interface LimitReportInput {
  limits: LimitSet;
  usage: Usage;
  /** Allocatable slots on the host, or null when nvidia-smi could not be read. */
  slots: Slot[] | null;
  /** Free slots now, or null when the engine or nvidia-smi could not be read. */
  freeSlots: number | null;
}

export const WARNING_RATIO = 0.8;

export function buildLimitReport(input: LimitReportInput): LimitReport {
  const { limits, usage } = input;
  const gpuLimit = displayGpuLimit(limits, input.slots && { slots: input.slots });
  const maxEq = limits.gpus.maxEquivalents;
  const remaining = maxEq === null ? null : Math.max(0, maxEq - usage.equivalents);
  const containerLimit = limits.containers.max;

  const warnings: Problem[] = [];
  if (containerLimit !== null && usage.containers >= containerLimit) {
    warnings.push({
      kind: 'limit-containers',
      message: `Container limit reached (${usage.containers}/${containerLimit}; stopped containers count).`,
      fix: 'Retire one before deploying another: ds01 container retire <name>',
    });
  }
  if (maxEq !== null && remaining !== null && remaining < GPUEQ_TOLERANCE && usage.slots > 0) {
    warnings.push({
      kind: 'limit-total',
      message: `GPU quota used up (${plural(usage.slots, 'GPU')} held).`,
      fix: 'Retire a GPU container to free quota: ds01 container retire <name>',
    });
  }

  return {
    limits,
    gpus: { used: usage.slots, limit: gpuLimit, usedEquivalents: usage.equivalents, remainingEquivalents: remaining },
    containers: { used: usage.containers, limit: containerLimit, running: usage.running },
    host: { freeSlots: input.freeSlots, totalSlots: input.slots?.length ?? null },
    level: worst(levelOf(usage.slots, gpuLimit), levelOf(usage.containers, containerLimit)),
    warnings,
  };
}

/** Error at the limit, warning at 80% or more of it; a zero limit with zero use is at the limit. */
export function levelOf(used: number, limit: number | null): Level {
  if (limit === null) return 'ok';
  if (used >= limit) return 'error';
  return used >= WARNING_RATIO * limit ? 'warning' : 'ok';
}

function worst(a: Level, b: Level): Level {
  const rank: Record<Level, number> = { ok: 0, warning: 1, error: 2 };
  return rank[a] >= rank[b] ? a : b;
}

/** "1/2", "0/∞" style pair for compact displays. */
export function usedOf(used: number, limit: number | null): string {
  return `${used}/${limit === null ? '∞' : limit}`;
}
