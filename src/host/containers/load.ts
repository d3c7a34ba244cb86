// Loads what the container commands need: paths, the user acted for, engine, and for deploys the limits
// and the GPU inventory. Acting for another user (--user) is for root only (`resolveUser`).
import type { GpuInventory, KnownUser } from '../../core/model';
import type { CreatedBy } from '../../core/containers/spec';
import type { EngineCapacity } from '../../core/containers/engine-capacity';
import type { LimitSources } from '../../core/limits';
import { LABEL } from '../../core/containers/ownership';
import { isProblemError } from '../../core/problem';
import { readLimitSources, userLimits } from '../limits/config-files';
import { connectEngine, type Engine } from '../engine';
import { resolveUser } from '../users/identity';
import { NvidiaSmiRunner } from '../nvidia-smi/run';
import { resolveHostPaths, type HostPaths } from '../paths';
import { cgroupParentEnabled, type ContainerContext } from './context';

export interface ActorOptions {
  env?: NodeJS.ProcessEnv;
  configFile?: string;
  /** Another user's name; refused unless the process runs as root. */
  user?: string;
  /** What the caller is about to do, for the refusal message ("deploy for"). */
  action: string;
  engine?: Engine;
}

export interface Actor {
  paths: HostPaths;
  engine: Engine;
  user: KnownUser;
  protectedLabel: string;
  /** null when the limits file could not be read (retire and list work without it). */
  sources: LimitSources | null;
}

/** For retire and list: the limits file only supplies the protected label, so a broken one does not block them. */
export function loadActor(options: ActorOptions): Actor {
  const env = options.env ?? process.env;
  const paths = resolveHostPaths(env, { config: options.configFile });
  const user = resolveUser({ user: options.user, action: options.action });
  let sources: LimitSources | null = null;
  try {
    sources = readLimitSources(paths);
  } catch (e) {
    if (!isProblemError(e)) throw e;
  }
  return {
    paths,
    engine: options.engine ?? connectEngine({ dockerHost: paths.dockerHost }),
    user,
    protectedLabel: sources?.config.infrastructureLabel ?? LABEL.protected,
    sources,
  };
}

export interface LoadOptions extends ActorOptions {
  createdBy: CreatedBy;
  /** Read nvidia-smi (GPU deploys); CPU-only deploys work without it. */
  needInventory: boolean;
  /** A reading the caller already has (the extension's window): used instead of running nvidia-smi again. */
  inventory?: GpuInventory | null;
  /** `docker info`'s CPU and memory as the caller already read them for this deploy: not read again. */
  capacity?: EngineCapacity;
}

/** For deploy: limits are required (a broken limits file refuses the deploy with its own problem). */
export async function loadContainerContext(options: LoadOptions): Promise<ContainerContext & { paths: HostPaths }> {
  const actor = loadActor(options);
  const sources = actor.sources ?? readLimitSources(actor.paths);
  const limits = userLimits(sources, actor.paths, actor.user);
  const inventory = !options.needInventory ? null : (options.inventory ?? (await new NvidiaSmiRunner({ command: actor.paths.nvidiaSmi }).inventory()));
  return {
    paths: actor.paths,
    engine: actor.engine,
    user: actor.user,
    limits,
    limitsOf: (owner) => userLimits(sources, actor.paths, owner),
    inventory,
    capacity: options.capacity,
    stateDir: actor.paths.stateDir,
    hostAllocatorLock: actor.paths.hostAllocatorLock,
    createdBy: options.createdBy,
    useCgroupParent: cgroupParentEnabled(options.env ?? process.env),
    protectedLabel: actor.protectedLabel,
  };
}
