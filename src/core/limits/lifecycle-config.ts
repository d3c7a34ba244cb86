// The lifecycle parts of resource-limits.yaml the enforcement scripts read besides a user's own limits:
// `container_types.<type>` (limits for containers made outside DS01's own commands) and `policies`.
// Durations use the same keys and aliases as the user limits (idle_timeout_h, or idle_timeout: 30m).
import { z } from 'zod';
import { toLimitValues, type LimitValues } from './fields';
import { limitBlockSchema, nullToEmpty, policyValue } from './schema';
import { toNumber } from './units';
import { HOST_POLICY_DEFAULTS, type ContainerTypeLimits, type LifecycleConfig } from './lifecycle-policies';

export const lifecycleSectionsSchema = z.looseObject({
  container_types: z.preprocess(nullToEmpty, z.record(z.string(), limitBlockSchema)).optional(),
  policies: z
    .preprocess(
      nullToEmpty,
      z.looseObject({
        high_demand_threshold: policyValue,
        high_demand_idle_reduction: policyValue,
        grace_period_m: policyValue,
        idle_detection_window: policyValue,
        gpu_idle_threshold: policyValue,
        cpu_idle_threshold: policyValue,
        network_idle_threshold: policyValue,
        created_container_timeout_m: policyValue,
        sigterm_grace_s: policyValue,
      }),
    )
    .optional(),
});

type Sections = z.infer<typeof lifecycleSectionsSchema>;

// Absent keys stay absent (not present-and-undefined), so a parsed config survives the user's limits cache
// (JSON) unchanged.
function typeLimits(values: LimitValues, sigterm: number | undefined): ContainerTypeLimits {
  const limits: ContainerTypeLimits = {};
  if (values.idleTimeoutSeconds !== undefined) limits.idleTimeoutSeconds = values.idleTimeoutSeconds;
  if (values.maxRuntimeSeconds !== undefined) limits.maxRuntimeSeconds = values.maxRuntimeSeconds;
  if (values.containerHoldAfterStopSeconds !== undefined) limits.containerHoldAfterStopSeconds = values.containerHoldAfterStopSeconds;
  if (sigterm !== undefined) limits.sigtermGraceSeconds = sigterm;
  return limits;
}

// check-idle-containers.sh and enforce-max-runtime.sh print the type's value as written for `docker stop -t`:
// a quoted "45" stops with 45 s and a negative number goes through too. A missing or null one falls back to the
// policy's, and so (here only) does one that is no number, on which the host's docker stop fails.
function typeSigterm(block: Record<string, unknown>): number | undefined {
  const n = toNumber(block.sigterm_grace_s);
  return n.ok ? n.value : undefined;
}

export function toLifecycleConfig(sections: Sections): LifecycleConfig {
  const p = sections.policies ?? {};
  const d = HOST_POLICY_DEFAULTS;
  return {
    containerTypes: new Map(
      Object.entries(sections.container_types ?? {}).map(([type, block]) => [type, typeLimits(toLimitValues(block), typeSigterm(block))]),
    ),
    policies: {
      highDemandThreshold: p.high_demand_threshold ?? d.highDemandThreshold,
      highDemandIdleReduction: p.high_demand_idle_reduction ?? d.highDemandIdleReduction,
      gracePeriodSeconds: p.grace_period_m !== undefined ? Math.trunc(p.grace_period_m * 60) : d.gracePeriodSeconds,
      idleDetectionWindow: p.idle_detection_window ?? d.idleDetectionWindow,
      gpuIdleThresholdPercent: p.gpu_idle_threshold ?? d.gpuIdleThresholdPercent,
      cpuIdleThresholdPercent: p.cpu_idle_threshold ?? d.cpuIdleThresholdPercent,
      networkIdleThresholdBytes: p.network_idle_threshold ?? d.networkIdleThresholdBytes,
      createdContainerTimeoutSeconds:
        p.created_container_timeout_m !== undefined ? Math.trunc(p.created_container_timeout_m * 60) : d.createdContainerTimeoutSeconds,
      sigtermGraceSeconds: p.sigterm_grace_s ?? d.sigtermGraceSeconds,
    },
  };
}
