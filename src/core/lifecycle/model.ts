// What the host will do to one container and when, as its enforcement scripts decide it:
// check-idle-containers.sh (idle stop, then removal), enforce-max-runtime.sh (stop past max runtime, warnings
// at 75% and 90%), cleanup-stale-gpu-allocations.sh -> gpu_allocator_v2.py release-stale (removes stopped GPU
// containers: orchestration/api at once, others after gpu_hold_after_stop_h) and cleanup-stale-containers.sh
// (removes stopped ones after container_hold_after_stop_h, created-never-started ones after
// policies.created_container_timeout_m). Pure: the caller reads the engine, the config and the cron files.
import { sigtermGraceFor, userPolicies, type ContainerTypeLimits, type LifecycleConfig, type UserPolicies } from '../limits/lifecycle-policies';
import type { Ds01Container, LimitSet } from '../model';
import type { RunState } from '../containers/run-state';
import { releaseStaleInterface, CONFIGURED_TYPES, hostContainerType, NO_HOLD_INTERFACES, OWN_LIMIT_TYPES } from './classify';
import { checkExemption, type ExemptionStatus, type Exemptions } from './exemptions';
import { nextRun, type HostSchedule } from './schedule';

/** The `ds01 container list --json` record: exactly these fields, null where none or unknown. */
export interface Lifecycle {
  type: string;
  idleTimeoutSeconds: number | null;
  maxRuntimeSeconds: number | null;
  runtimeLimitAt: string | null;
  enforcementAt: string | null;
  keepAliveUntil: string | null;
  gpuReleaseAt: string | null;
  removeAt: string | null;
}

/** /workspace/.keep-alive as read through the engine. */
export type KeepAlive = { kind: 'absent' } | { kind: 'present'; modifiedAt: Date } | { kind: 'unknown'; why: string };

export interface LifecycleRules {
  /**
   * The owner as the scripts name it and their resolved lifecycle limits. Where the scripts cannot name
   * the owner they use 'unknown' (limits of the default group), and cleanup takes the type's hold instead.
   */
  owner: { name: string; known: boolean; lifecycle: LimitSet['lifecycle']; policies?: UserPolicies };
  config: LifecycleConfig;
  /** `defaults.container_hold_after_stop_h` (cleanup's fallback for containers without a known owner). */
  defaultContainerHoldSeconds: number | null | undefined;
  exemptions: Exemptions;
  schedule: HostSchedule;
  keepAlive: KeepAlive;
  /** High-demand mode (GPU allocation at or above policies.high_demand_threshold); null = cannot tell. */
  highDemand: boolean | null;
}

/**
 * How check-idle-containers.sh decides idleness for this owner and type: no check in the first `graceSeconds`
 * after a start (policies.grace_period_m, global), then `window` hourly checks in a row must find it idle (the
 * owner's group or override policies), and the stop gives `sigtermGraceSeconds` (per container type).
 */
export interface IdleDetection {
  window: number;
  graceSeconds: number;
  sigtermGraceSeconds: number;
}

export type LifecycleEventKind = 'runtime-warning-75' | 'runtime-warning-90' | 'runtime-stop' | 'keep-alive-ends' | 'gpu-release' | 'remove';

export interface LifecycleEvent {
  kind: LifecycleEventKind;
  /** When the host acts: the enforcement run; for keep-alive-ends the file's 24 h mark. */
  at: Date;
  /** True when the time is the rule's own and the host run that acts on it is unknown (no cron file read). */
  runUnknown: boolean;
}

export interface LifecycleView {
  lifecycle: Lifecycle;
  /** The events still ahead, soonest first. */
  events: LifecycleEvent[];
  /** Why there is no idle stop, or the rule that applies. */
  idle: { applies: boolean; why: string; exemption: ExemptionStatus; detection: IdleDetection };
  runtime: { applies: boolean; why: string; exemption: ExemptionStatus };
}

/** The 24 h that check-idle-containers.sh honours a keep-alive file for (`find -mmin +1440`). */
export const KEEP_ALIVE_SECONDS = 24 * 3600;
/** The scripts' hard-coded values where a type is neither the owner's nor a configured one. */
const FALLBACK_IDLE_SECONDS = 900;
const TYPE_DEFAULT_IDLE_SECONDS = 1800;
const TYPE_DEFAULT_RUNTIME_SECONDS = 48 * 3600;
const TYPE_DEFAULT_HOLD_SECONDS = 1800;
/** The runtime thresholds the host warns at (integer percent, as its shell arithmetic). */
export const RUNTIME_WARNING_PERCENTS = [75, 90] as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const fromSeconds = (s: number) => new Date(s * 1000);
const later = (...ds: Array<Date | null>) => ds.reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null);

function typeLimits(config: LifecycleConfig, type: string): ContainerTypeLimits {
  return config.containerTypes.get(type) ?? {};
}

function monitoring(s: Ds01Container): boolean {
  return s.labels?.['ds01.monitoring'] === 'true';
}

/**
 * How the host's scripts pick a type-dependent timer, by which field of the limits holds it: the owner's own
 * limit for the types that use it, the type's configured value (else the scripts' default) for configured types,
 * the scripts' fallback for any other type. The runtime fallback is the scripts' "24h", which their own
 * duration parser reads as 0 = no limit.
 */
const TIMERS = {
  idle: { field: 'idleTimeoutSeconds', typeDefault: TYPE_DEFAULT_IDLE_SECONDS, fallback: FALLBACK_IDLE_SECONDS },
  runtime: { field: 'maxRuntimeSeconds', typeDefault: TYPE_DEFAULT_RUNTIME_SECONDS, fallback: null },
} as const;

function timerFor(timer: keyof typeof TIMERS, type: string, rules: LifecycleRules): number | null {
  const { field, typeDefault, fallback } = TIMERS[timer];
  let t: number | null | undefined;
  if (OWN_LIMIT_TYPES.has(type)) t = rules.owner.lifecycle[field];
  else if (CONFIGURED_TYPES.has(type)) t = typeLimits(rules.config, type)[field] ?? typeDefault;
  else t = fallback;
  return t === null || t === undefined || t <= 0 ? null : t;
}

/** The idle timeout the host applies to a container of this type (before high-demand), null = none. */
export function idleTimeoutFor(type: string, rules: LifecycleRules): number | null {
  return timerFor('idle', type, rules);
}

/** The max runtime the host applies, null = none. */
export function maxRuntimeFor(type: string, rules: LifecycleRules): number | null {
  return timerFor('runtime', type, rules);
}

function idleRule(s: Ds01Container, run: RunState, type: string, rules: LifecycleRules, now: Date) {
  const owner = rules.owner.name;
  const exemption = checkExemption(rules.exemptions, owner, 'idle_timeout_h', now);
  const none = (why: string) => ({ timeout: null, applies: false, why, exemption });
  if (!run.hostSeesGpu) return none('no GPU: the host stops only GPU containers when idle');
  if (monitoring(s)) return none('a monitoring container (ds01.monitoring=true)');
  if (type === 'devcontainer') return none('dev containers are exempt from the idle stop');
  const base = idleTimeoutFor(type, rules);
  if (base === null) return none('no idle timeout is set for it');
  if (exemption.exempt) return none(`exempt: ${exemption.reason}`);
  const timeout = rules.highDemand ? Math.floor(base * rules.config.policies.highDemandIdleReduction) : base;
  return { timeout, applies: true, why: 'stopped and removed after this long idle', exemption };
}

export function idleDetection(type: string, rules: LifecycleRules): IdleDetection {
  const policies = rules.owner.policies ?? userPolicies(rules.config.policies, undefined);
  return {
    window: policies.idleDetectionWindow,
    graceSeconds: rules.config.policies.gracePeriodSeconds,
    sigtermGraceSeconds: sigtermGraceFor(rules.config, type),
  };
}

function runtimeRule(s: Ds01Container, run: RunState, type: string, rules: LifecycleRules, now: Date) {
  const owner = rules.owner.name;
  const exemption = checkExemption(rules.exemptions, owner, 'max_runtime_h', now);
  const none = (why: string) => ({ max: null, applies: false, why, exemption });
  if (!run.hostSeesGpu) return none('no GPU: the host limits the runtime of GPU containers only');
  if (monitoring(s)) return none('a monitoring container (ds01.monitoring=true)');
  const max = maxRuntimeFor(type, rules);
  if (max === null) return none('no max runtime is set for it');
  if (exemption.exempt && exemption.permanent) return none(`exempt: ${exemption.reason}`);
  return { max, applies: true, why: 'stopped at the first enforcement run after this long running', exemption };
}

/** The first run of `minutes` at or after `at`; without a schedule, the rule's own time, marked unknown. */
function hostRun(at: Date, minutes: number[] | null): { at: Date; runUnknown: boolean } {
  const run = nextRun(at, minutes);
  return run ? { at: run, runUnknown: false } : { at, runUnknown: true };
}

/** Removal of a stopped container: the earlier of release-stale (GPU) and cleanup-stale-containers. */
function afterStop(s: Ds01Container, finished: Date | null, type: string, rules: LifecycleRules, now: Date) {
  // GPUs it holds by any record (device requests or labels): what release-stale frees.
  const holdsGpu = s.gpuUuids.length > 0;
  const protectedLabel = s.labels?.['ds01.protected'] === 'true';
  let gpu: { at: Date; runUnknown: boolean } | null = null;
  let removal: { at: Date; runUnknown: boolean } | null = null;
  if (s.state === 'created') {
    if (!protectedLabel && !monitoring(s)) {
      const due = fromSeconds(seconds(s.createdAt) + rules.config.policies.createdContainerTimeoutSeconds + 1);
      removal = hostRun(later(due, now)!, rules.schedule.containerCleanup);
      if (holdsGpu) gpu = removal;
    }
    return { gpu, removal };
  }
  if (s.state !== 'exited' && s.state !== 'dead') return { gpu, removal };
  if (holdsGpu) {
    const iface = releaseStaleInterface(s.labels, s.name);
    const labelUser = s.labels?.['ds01.user'];
    if (!finished || NO_HOLD_INTERFACES.has(iface)) {
      gpu = hostRun(later(finished, now)!, rules.schedule.gpuCleanup);
    } else if (labelUser && rules.owner.lifecycle.gpuHoldAfterStopSeconds !== null) {
      const due = fromSeconds(seconds(finished) + rules.owner.lifecycle.gpuHoldAfterStopSeconds + 1);
      gpu = hostRun(later(due, now)!, rules.schedule.gpuCleanup);
    }
  }
  if (s.state === 'exited' && finished && !protectedLabel && !monitoring(s)) {
    const hold = rules.owner.known
      ? rules.owner.lifecycle.containerHoldAfterStopSeconds
      : (typeLimits(rules.config, type).containerHoldAfterStopSeconds ?? rules.defaultContainerHoldSeconds ?? TYPE_DEFAULT_HOLD_SECONDS);
    if (hold !== null) removal = hostRun(later(fromSeconds(seconds(finished) + hold + 1), now)!, rules.schedule.containerCleanup);
  }
  // release-stale removes the container too; a known run beats one whose time is only the rule's own.
  if (gpu && (!removal || gpu.at < removal.at || (removal.runUnknown && !gpu.runUnknown))) removal = gpu;
  return { gpu, removal };
}

export function containerLifecycle(s: Ds01Container, run: RunState, rules: LifecycleRules, now: Date): LifecycleView {
  const type = hostContainerType(s.labels, s.name);
  const idle = idleRule(s, run, type, rules, now);
  const runtime = runtimeRule(s, run, type, rules, now);
  const events: LifecycleEvent[] = [];

  let runtimeLimitAt: Date | null = null;
  let enforcement: { at: Date; runUnknown: boolean } | null = null;
  if (s.running && runtime.max !== null && run.startedAt) {
    const start = seconds(run.startedAt);
    runtimeLimitAt = fromSeconds(start + runtime.max);
    const exemptUntil = runtime.exemption.exempt ? runtime.exemption.until : null;
    enforcement = hostRun(later(runtimeLimitAt, exemptUntil, now)!, rules.schedule.runtime);
    for (const pct of RUNTIME_WARNING_PERCENTS) {
      const threshold = fromSeconds(start + Math.floor((runtime.max * pct) / 100));
      const warn = hostRun(later(threshold, exemptUntil)!, rules.schedule.runtime);
      if (warn.at >= now && warn.at < enforcement.at) events.push({ kind: `runtime-warning-${pct}`, ...warn });
    }
    events.push({ kind: 'runtime-stop', ...enforcement });
  }

  let keepAliveUntil: Date | null = null;
  if (rules.keepAlive.kind === 'present') {
    const until = new Date(rules.keepAlive.modifiedAt.getTime() + KEEP_ALIVE_SECONDS * 1000);
    if (until > now) keepAliveUntil = until;
    if (keepAliveUntil && s.running && idle.applies) events.push({ kind: 'keep-alive-ends', at: keepAliveUntil, runUnknown: false });
  }

  const stop = afterStop(s, run.finishedAt, type, rules, now);
  if (stop.gpu) events.push({ kind: 'gpu-release', ...stop.gpu });
  if (stop.removal && stop.removal !== stop.gpu) events.push({ kind: 'remove', ...stop.removal });
  events.sort((a, b) => a.at.getTime() - b.at.getTime());

  return {
    lifecycle: {
      type,
      idleTimeoutSeconds: idle.timeout,
      maxRuntimeSeconds: runtime.max,
      runtimeLimitAt: iso(runtimeLimitAt),
      enforcementAt: enforcement && !enforcement.runUnknown ? iso(enforcement.at) : null,
      keepAliveUntil: iso(keepAliveUntil),
      gpuReleaseAt: stop.gpu && !stop.gpu.runUnknown ? iso(stop.gpu.at) : null,
      removeAt: stop.removal && !stop.removal.runUnknown ? iso(stop.removal.at) : null,
    },
    events,
    idle: { applies: idle.applies, why: idle.why, exemption: idle.exemption, detection: idleDetection(type, rules) },
    runtime: { applies: runtime.applies, why: runtime.why, exemption: runtime.exemption },
  };
}
