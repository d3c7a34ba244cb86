// The lifecycle parts of resource-limits.yaml as the rest of the code sees them (container_types, policies) and
// the host's defaults. No zod here: this module loads with every run, lifecycle-config.ts (the schema) only
// when a limits file is parsed.
export interface ContainerTypeLimits {
  /** undefined = the key is absent (the host's script then uses its own default). */
  idleTimeoutSeconds?: number | null;
  maxRuntimeSeconds?: number | null;
  containerHoldAfterStopSeconds?: number | null;
  /** `container_types.<type>.sigterm_grace_s`: the `docker stop -t` of an idle stop (else policies.sigterm_grace_s). */
  sigtermGraceSeconds?: number;
}

/**
 * The idle check's per-user policies, as get_resource_limits.py's get_lifecycle_policies resolves them: the global
 * `policies`, then the user's override `policies` if it has one, else the `policies` of the user's group (or of
 * the default group). check-idle-containers.sh reads the thresholds and the detection window from there.
 */
export interface UserPolicies {
  /** Consecutive idle hourly checks before the idle check warns or stops. */
  idleDetectionWindow: number;
  gpuIdleThresholdPercent: number;
  cpuIdleThresholdPercent: number;
  networkIdleThresholdBytes: number;
  /** The user's `sigterm_grace_s` as the host prints it (--lifecycle-policies); the stop itself uses the type's. */
  sigtermGraceSeconds: number;
}

/** A `policies:` block of a group or a user override: only the keys it sets. */
export type PolicyValues = Partial<UserPolicies>;

export interface LifecyclePolicies {
  /** Share of GPUs allocated at which the idle check halves timeouts (0.8 when absent). */
  highDemandThreshold: number;
  /** Factor applied to idle timeouts in high-demand mode (0.5 when absent). */
  highDemandIdleReduction: number;
  /** No idle check for this long after a start (policies.grace_period_m, 30 when absent). */
  gracePeriodSeconds: number;
  /** Consecutive idle checks before the idle check acts (3 when absent). */
  idleDetectionWindow: number;
  gpuIdleThresholdPercent: number;
  cpuIdleThresholdPercent: number;
  networkIdleThresholdBytes: number;
  /** A created container that never started is removed after this long (30 min when absent). */
  createdContainerTimeoutSeconds: number;
  /** The global `policies.sigterm_grace_s` (60 when absent). */
  sigtermGraceSeconds: number;
}

export interface LifecycleConfig {
  containerTypes: Map<string, ContainerTypeLimits>;
  policies: LifecyclePolicies;
}

/** The values check-idle-containers.sh, get_resource_limits.py and cleanup-stale-containers.sh use when a key is absent. */
export const HOST_POLICY_DEFAULTS: LifecyclePolicies = {
  highDemandThreshold: 0.8,
  highDemandIdleReduction: 0.5,
  gracePeriodSeconds: 30 * 60,
  idleDetectionWindow: 3,
  gpuIdleThresholdPercent: 5,
  cpuIdleThresholdPercent: 2,
  networkIdleThresholdBytes: 1048576,
  createdContainerTimeoutSeconds: 30 * 60,
  sigtermGraceSeconds: 60,
};

/** The keys a group's or override's `policies:` block may set (get_lifecycle_policies), each with its field here. */
export const POLICY_KEYS = [
  ['idle_detection_window', 'idleDetectionWindow'],
  ['gpu_idle_threshold', 'gpuIdleThresholdPercent'],
  ['cpu_idle_threshold', 'cpuIdleThresholdPercent'],
  ['network_idle_threshold', 'networkIdleThresholdBytes'],
  ['sigterm_grace_s', 'sigtermGraceSeconds'],
] as const satisfies ReadonlyArray<readonly [string, keyof UserPolicies]>;

/** get_lifecycle_policies: the global values, each key a group's (or the user's override's) block sets replacing it. */
export function userPolicies(global: LifecyclePolicies, block: PolicyValues | undefined): UserPolicies {
  const out = {} as UserPolicies;
  for (const [, f] of POLICY_KEYS) out[f] = block?.[f] ?? global[f];
  return out;
}

/** check-idle-containers.sh get_sigterm_grace: the type's sigterm_grace_s, else the global one. */
export function sigtermGraceFor(config: LifecycleConfig, type: string): number {
  return config.containerTypes.get(type)?.sigtermGraceSeconds ?? config.policies.sigtermGraceSeconds;
}
