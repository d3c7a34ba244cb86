// Lifecycle of the user's containers: one inspect each (StartedAt, FinishedAt, device requests are not in the
// list), the keep-alive file's stat for running and stopped ones, then the pure model. A long-lived reader (the
// extension) keeps what the inspect said (LifecycleInspects) until an engine event names the container; the
// keep-alive file is read every time: the user may touch it at any moment, with no event.
import { containerLifecycle, hostOwner, hostSeesGpu, type KeepAlive, type LifecycleRules, type LifecycleSubject, type LifecycleView } from '../../core/lifecycle';
import { resolveLimits, type LimitSources } from '../../core/limits';
import type { Ds01Container, UserAsOwner } from '../../core/model';
import type { Engine } from '../engine/connect';
import { readKeepAlive } from './keep-alive';
import type { LifecycleHostFiles } from './host-files';

interface InspectState {
  State?: { StartedAt?: string; FinishedAt?: string } | null;
  HostConfig?: { DeviceRequests?: Array<{ Driver?: string; DeviceIDs?: string[] | null; Capabilities?: string[][] | null }> | null } | null;
}

/** The engine's zero time ("0001-01-01T00:00:00Z") means never. */
function engineTime(text: string | undefined): Date | null {
  if (!text || text.startsWith('0001-')) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * What lifecycleInputs takes from inspects (start and finish times, device requests), by container id. The
 * times change only when a container starts or stops, and each such change is a container event, so an answer
 * stays true until an event names its container: the keeper calls forget() with every event's ids and
 * forgetAll() whenever events were not followed (a broken or new subscription). `keeping` says whether events
 * are followed now; an answer is kept only when it still says so after the inspect, and no forget came
 * meanwhile (that event may be newer than the answer).
 */
export class LifecycleInspects {
  private kept = new Map<string, InspectState>();
  private forgets = 0;

  constructor(private readonly keeping: () => boolean) {}

  forget(ids: Iterable<string>): void {
    this.forgets += 1;
    for (const id of ids) this.kept.delete(id);
  }

  forgetAll(): void {
    this.forgets += 1;
    this.kept.clear();
  }

  /** Drops the containers no longer listed (removed: their event may have come before their answer was kept). */
  keepOnly(listed: ReadonlySet<string>): void {
    for (const id of [...this.kept.keys()]) if (!listed.has(id)) this.kept.delete(id);
  }

  async read(engine: Engine, id: string): Promise<InspectState> {
    const had = this.kept.get(id);
    if (had) return had;
    const forgets = this.forgets;
    const answer = await inspectState(engine, id);
    if (this.forgets === forgets && this.keeping()) this.kept.set(id, answer);
    return answer;
  }
}

async function inspectState(engine: Engine, id: string): Promise<InspectState> {
  const i = await engine.call('inspect', (signal) => engine.docker.getContainer(id).inspect({ abortSignal: signal }) as Promise<InspectState>, id);
  // Only what subjectOf reads: the rest of an inspect is large and not needed again.
  return {
    State: i.State ? { StartedAt: i.State.StartedAt, FinishedAt: i.State.FinishedAt } : i.State,
    HostConfig: i.HostConfig ? { DeviceRequests: i.HostConfig.DeviceRequests } : i.HostConfig,
  };
}

export function subjectOf(c: Ds01Container, inspect: InspectState): LifecycleSubject {
  return {
    name: c.name, labels: c.labels, state: c.state, createdAt: c.createdAt,
    startedAt: engineTime(inspect.State?.StartedAt), finishedAt: engineTime(inspect.State?.FinishedAt),
    hostSeesGpu: hostSeesGpu(inspect.HostConfig?.DeviceRequests), holdsGpu: c.gpuUuids.length > 0,
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
export interface LifecycleInputs { subject: LifecycleSubject; rules: LifecycleRules }

export async function lifecycleInputs(
  engine: Engine, c: Ds01Container, user: UserAsOwner, src: LifecycleSources, inspects?: LifecycleInspects,
): Promise<LifecycleInputs> {
  const inspect = inspects ? await inspects.read(engine, c.id) : await inspectState(engine, c.id);
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

export async function containerLifecycleView(
  engine: Engine, c: Ds01Container, user: UserAsOwner, src: LifecycleSources, now: Date,
): Promise<LifecycleView> {
  const { subject, rules } = await lifecycleInputs(engine, c, user, src);
  return containerLifecycle(subject, rules, now);
}
