// Lifecycle of the user's containers: one inspect each (its run state: StartedAt, FinishedAt, device requests are
// not in the list), the keep-alive file's stat for running and stopped ones, then the pure model. Both are read
// every time: a container's times change with each start and stop, and the user may touch the keep-alive file at
// any moment, with no event.
import { containerLifecycle, hostOwner, type KeepAlive, type LifecycleRules, type LifecycleView } from '../../core/lifecycle';
import type { RunState } from '../../core/containers/run-state';
import { resolveLimits, type LimitSources } from '../../core/limits';
import type { Ds01Container, UserAsOwner } from '../../core/model';
import type { Engine } from '../engine/connect';
import { readKeepAlive } from './keep-alive';
import { readLifecycleHostFiles, type LifecycleHostFiles } from './host-files';

export interface LifecycleSources {
  limits: LimitSources;
  files: LifecycleHostFiles;
  /** High-demand mode as the idle check would find it now; null = cannot tell. */
  highDemand: boolean | null;
}

/** The limits with the host files next to them; high demand is not read (null). */
export function lifecycleSources(limits: LimitSources, configFile: string, env: NodeJS.ProcessEnv = process.env): LifecycleSources {
  return { limits, files: readLifecycleHostFiles(configFile, env), highDemand: null };
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
  container: Ds01Container;
  run: RunState;
  rules: LifecycleRules;
}

export async function lifecycleInputs(engine: Engine, c: Ds01Container, user: UserAsOwner, src: LifecycleSources): Promise<LifecycleInputs> {
  const run = await engine.runState(c.id);
  const keepAlive: KeepAlive = c.running || c.state === 'exited' ? await readKeepAlive(engine, c.id) : { kind: 'absent' };
  const owner = ownerName(c, user);
  const limits = resolveLimits(src.limits, { user: owner.name, grantFileExists: false });
  return {
    container: c,
    run,
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
  const { container, run, rules } = await lifecycleInputs(engine, c, user, src);
  return containerLifecycle(container, run, rules, now);
}
