// The lifecycle parts of resource-limits.yaml as the rest of the code sees them (container_types, policies) and
// the host's defaults. No zod here: this module loads with every run, lifecycle-config.ts (the schema) only
// when a limits file is parsed.
export interface ContainerTypeLimits {
  /** undefined = the key is absent (the host's script then uses its own default). */
  idleTimeoutSeconds?: number | null;
  maxRuntimeSeconds?: number | null;
  containerHoldAfterStopSeconds?: number | null;
  /** `sigterm_grace_s`: how long a stop waits for the programs to exit before killing them. */
  sigtermGraceSeconds?: number;
}

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
  /** `policies.sigterm_grace_s`: a stop's grace where the container's type sets none (60 when absent). */
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

/** The grace the host's own stops give a container of this type (enforce-max-runtime.sh): the type's, else the policy's. */
export function stopGraceSeconds(config: LifecycleConfig, type: string): number {
  return config.containerTypes.get(type)?.sigtermGraceSeconds ?? config.policies.sigtermGraceSeconds;
}
