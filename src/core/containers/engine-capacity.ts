// Limits files are written for the big host they ship with; the engine a deploy talks to may sit on a smaller
// machine (a workstation, CI, the demo). Docker refuses a CPU request above its CPU count (HTTP 400 "Range of
// CPUs is from 0.01 to 2.00") and a memory limit above the machine's limits nothing, so deploy asks for what
// the machine has and says so.
import { formatAmount, formatBytes } from '../format';
import type { LimitSet } from '../model';

/** What the engine reports about its machine (`docker info`: NCPU, MemTotal); null: not reported. */
export interface EngineCapacity {
  cpus: number | null;
  memoryBytes: number | null;
}

/** One limit lowered to the machine: what the limits allow and what the machine has (and is used). */
export interface CapacityClamp {
  resource: 'cpus' | 'memory';
  allowed: number;
  host: number;
}

export interface FittedLimits {
  limits: LimitSet;
  clamps: CapacityClamp[];
}

export function fitLimitsToEngine(limits: LimitSet, capacity: EngineCapacity): FittedLimits {
  const clamps: CapacityClamp[] = [];
  const fitted = { ...limits };
  if (limits.cpus !== null && capacity.cpus !== null && limits.cpus > capacity.cpus) {
    clamps.push({ resource: 'cpus', allowed: limits.cpus, host: capacity.cpus });
    fitted.cpus = capacity.cpus;
  }
  if (limits.memoryBytes !== null && capacity.memoryBytes !== null && limits.memoryBytes > capacity.memoryBytes) {
    clamps.push({ resource: 'memory', allowed: limits.memoryBytes, host: capacity.memoryBytes });
    fitted.memoryBytes = capacity.memoryBytes;
  }
  return { limits: fitted, clamps };
}

/** "your limits allow 8 CPUs; this host has 2: using 2". */
export function clampText(c: CapacityClamp): string {
  if (c.resource === 'cpus') {
    const cpus = (n: number) => `${formatAmount(n)} CPU${n === 1 ? '' : 's'}`;
    return `your limits allow ${cpus(c.allowed)}; this host has ${formatAmount(c.host)}: using ${formatAmount(c.host)}`;
  }
  return `your limits allow ${formatBytes(c.allowed)} of memory; this host has ${formatBytes(c.host)}: using ${formatBytes(c.host)}`;
}
