// Which YAML keys feed which limit, in precedence order. Legacy names are literal aliases, as the
// 2026-07 file says ("still read as aliases"): no unit conversion between MIG-equivalents and gpueq.

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
}

export type ValueKind = 'quota' | 'count' | 'cpus' | 'size' | 'bool' | { duration: 's' | 'm' | 'h' | null };

export interface FieldSpec {
  field: keyof LimitValues;
  /** YAML keys, the preferred one first. */
  keys: Array<{ key: string; kind: ValueKind }>;
}

function plain(field: keyof LimitValues, kind: ValueKind, ...keys: string[]): FieldSpec {
  return { field, keys: keys.map((key) => ({ key, kind })) };
}

function duration(field: keyof LimitValues, base: string): FieldSpec {
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
  plain('maxEquivalents', 'quota', 'max_gpu_equivalents', 'max_gpu_slots', 'max_mig_instances'),
  plain('maxPerContainer', 'count', 'max_gpu_slots_per_container', 'max_mig_per_container'),
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
  for (const spec of FIELDS) {
    const hit = spec.keys.find(({ key }) => block[key] !== undefined);
    if (hit) out[spec.field] = block[hit.key];
  }
  return out as LimitValues;
}
