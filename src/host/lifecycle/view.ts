// Lifecycle of the user's containers: one inspect each (StartedAt, FinishedAt, device requests are not in the
// list), the keep-alive file's stat for running and stopped ones, then the pure model. An Engine that follows
// events keeps what the inspect said until an event names the container (its inspect cache); the keep-alive file
// is read every time: the user may touch it at any moment, with no event.
import {
  containerLifecycle,
  hostOwner,
  hostSeesGpu,
  type KeepAlive,
  type LifecycleRules,
  type LifecycleSubject,
  type LifecycleView,
} from '../../core/lifecycle';
import { resolveLimits, type LimitSources } from '../../core/limits';
import type { Ds01Container, UserAsOwner } from '../../core/model';
import type { Engine } from '../engine/connect';
import type { LifecycleInspect } from '../engine/inspect-cache';
import { engineTime } from '../engine/run-state';
import { readKeepAlive } from './keep-alive';
import type { LifecycleHostFiles } from './host-files';

export function subjectOf(c: Ds01Container, inspect: LifecycleInspect): LifecycleSubject {
  return {
    name: c.name,
    labels: c.labels,
    state: c.state,
    createdAt: c.createdAt,
    startedAt: engineTime(inspect.State?.StartedAt),
    finishedAt: engineTime(inspect.State?.FinishedAt),
    hostSeesGpu: hostSeesGpu(inspect.HostConfig?.DeviceRequests),
    holdsGpu: c.gpuUuids.length > 0,
  };
}

export interface LifecycleSources {
  limits: LimitSources;
  files: LifecycleHostFiles;
  /** High-demand mode as the idle check would find it now; null = cannot tell. */
  highDemand: boolean | null;
}

/** The owner as the scripts name it: the label user, the uid's name (the user's own), else 'unknown'. */
function ownerName(c: Ds01Container, user: UserAsOwner): { name: string; known: boolean } {
  const o = hostOwner(c.labels, c.name);
  if (o && 'user' in o) return { name: o.user, known: true };
  if (o && 'uid' in o && user.uid !== null && o.uid === String(user.uid)) return { name: user.name, known: true };
  return { name: 'unknown', known: false };
}

/** What the model needs about one container, read from the engine: recompute it later with another clock. */
export interface LifecycleInputs {
  subject: LifecycleSubject;
  rules: LifecycleRules;
}

export async function lifecycleInputs(engine: Engine, c: Ds01Container, user: UserAsOwner, src: LifecycleSources): Promise<LifecycleInputs> {
  const inspect = await engine.lifecycleInspect(c.id);
  const keepAlive: KeepAlive = c.running || c.state === 'exited' ? await readKeepAlive(engine, c.id) : { kind: 'absent' };
  const owner = ownerName(c, user);
  const limits = resolveLimits(src.limits, { user: owner.name, grantFileExists: false });
  return {
    subject: subjectOf(c, inspect),
    rules: {
      owner: { ...owner, lifecycle: limits.lifecycle, policies: limits.lifecyclePolicies },
      config: src.limits.config.lifecycle,
      defaultContainerHoldSeconds: src.limits.config.defaults.containerHoldAfterStopSeconds,
      exemptions: src.files.exemptions,
      schedule: src.files.schedule,
      keepAlive,
      highDemand: src.highDemand,
    },
  };
}

export async function containerLifecycleView(engine: Engine, c: Ds01Container, user: UserAsOwner, src: LifecycleSources, now: Date): Promise<LifecycleView> {
  const { subject, rules } = await lifecycleInputs(engine, c, user, src);
  return containerLifecycle(subject, rules, now);
}
