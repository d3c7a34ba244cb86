// Which YAML keys feed which limit, in precedence order. Legacy names are literal aliases, as the
// 2026-07 file says ("still read as aliases"): no unit conversion between MIG-equivalents and gpueq.
// The GPU keys and their order are get_resource_limits.py's (_MAX_GPU_EQUIVALENTS_KEYS,
// _MAX_GPU_SLOTS_PER_CONTAINER_KEYS); like it, a key is looked up in the merged layers (see `keyRank`).

import { POLICY_KEYS, type PolicyValues } from './lifecycle-policies';

export interface LimitValues {
  maxEquivalents?: number | null;
  maxPerContainer?: number | null;
  allowFullGpu?: boolean;
  maxContainers?: number | null;
  cpus?: number | null;
  memoryBytes?: number | null;
  memorySwapBytes?: number | null;
  shmBytes?: number | null;
  pidsLimit?: number | null;
  idleTimeoutSeconds?: number | null;
  maxRuntimeSeconds?: number | null;
  gpuHoldAfterStopSeconds?: number | null;
  containerHoldAfterStopSeconds?: number | null;
  /**
   * For each limit set here, the place of its key in the limit's key list (0 = the preferred key). The host
   * merges defaults, group and override as dicts and then takes the first key of the list present anywhere, so
   * `max_gpu_equivalents` in defaults beats `max_mig_instances` in a group; resolve.ts does the same with this.
   */
  keyRank?: Partial<Record<LimitField, number>>;
  /** The block's `policies:` (a group's or a user override's), for get_lifecycle_policies; never merged. */
  policies?: PolicyValues;
}

export type LimitField = Exclude<keyof LimitValues, 'keyRank' | 'policies'>;

export type ValueKind = 'quota' | 'count' | 'cpus' | 'size' | 'bool' | { duration: 's' | 'm' | 'h' | null };

export interface FieldSpec {
  field: LimitField;
  /** YAML keys, the preferred one first. */
  keys: Array<{ key: string; kind: ValueKind }>;
}

function plain(field: LimitField, kind: ValueKind, ...keys: string[]): FieldSpec {
  return { field, keys: keys.map((key) => ({ key, kind })) };
}

function duration(field: LimitField, base: string): FieldSpec {
  return {
    field,
    keys: [
      { key: base, kind: { duration: null } },
      { key: `${base}_h`, kind: { duration: 'h' } },
      { key: `${base}_m`, kind: { duration: 'm' } },
      { key: `${base}_s`, kind: { duration: 's' } },
    ],
  };
}

export const FIELDS: FieldSpec[] = [
  plain('maxEquivalents', 'quota', 'max_gpu_equivalents', 'max_gpu_slots', 'max_gpus_per_user', 'max_mig_instances'),
  plain('maxPerContainer', 'count', 'max_gpu_slots_per_container', 'max_gpus_per_container', 'max_mig_per_container'),
  plain('allowFullGpu', 'bool', 'allow_full_gpu'),
  plain('maxContainers', 'count', 'max_containers_per_user'),
  plain('cpus', 'cpus', 'max_cpus', 'cpus'),
  plain('memoryBytes', 'size', 'memory'),
  plain('memorySwapBytes', 'size', 'memory_swap'),
  plain('shmBytes', 'size', 'shm_size'),
  plain('pidsLimit', 'count', 'pids_limit'),
  duration('idleTimeoutSeconds', 'idle_timeout'),
  duration('maxRuntimeSeconds', 'max_runtime'),
  duration('gpuHoldAfterStopSeconds', 'gpu_hold_after_stop'),
  duration('containerHoldAfterStopSeconds', 'container_hold_after_stop'),
];

/** Picks, for each limit, the first of its keys that the block sets (null included). */
export function toLimitValues(block: Record<string, unknown>): LimitValues {
  const out: Record<string, unknown> = {};
  const keyRank: Partial<Record<LimitField, number>> = {};
  for (const spec of FIELDS) {
    const rank = spec.keys.findIndex(({ key }) => block[key] !== undefined);
    if (rank < 0) continue;
    out[spec.field] = block[spec.keys[rank].key];
    if (spec.keys.length > 1) keyRank[spec.field] = rank;
  }
  if (Object.keys(keyRank).length > 0) out.keyRank = keyRank;
  const policies = toPolicyValues(block.policies);
  if (policies) out.policies = policies;
  return out as LimitValues;
}

function toPolicyValues(raw: unknown): PolicyValues | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const out: PolicyValues = {};
  for (const [key, field] of POLICY_KEYS) {
    const v = (raw as Record<string, unknown>)[key];
    if (typeof v === 'number') out[field] = v;
  }
  return out;
}
