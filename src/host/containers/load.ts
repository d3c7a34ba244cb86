// Loads what the container commands need: paths, the user acted for, engine, and for deploys the limits
// and the GPU inventory. Acting for another user (--user) is for root only: the engine socket would let
// anyone label a container with any owner, so the front end, not the engine, has to draw the line.
import type { GpuInventory } from '../../core/model';
import type { CreatedBy, DeployUser } from '../../core/containers/spec';
import { resolveLimits, sanitizeUserName, type LimitSources } from '../../core/limits';
import { LABEL } from '../../core/containers/ownership';
import { isProblemError, problem } from '../../core/problem';
import { grantFileExists, readLimitSources } from '../limits/config-files';
import { connectEngine, type Engine } from '../engine';
import { currentIdentity } from '../users/identity';
import { NvidiaSmiRunner } from '../nvidia-smi/run';
import { resolveHostPaths, type HostPaths } from '../paths';
import { lookAlikeAccounts, lookupUserIds } from '../users/lookup';
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
  user: DeployUser;
  protectedLabel: string;
  /** null when the limits file could not be read (retire and list work without it). */
  sources: LimitSources | null;
}

/** For retire and list: the limits file only supplies the protected label, so a broken one does not block them. */
export function loadActor(options: ActorOptions): Actor {
  const env = options.env ?? process.env;
  const paths = resolveHostPaths(env, { config: options.configFile });
  const identity = currentIdentity(options.user);
  if (identity.overridden && process.getuid?.() !== 0) {
    throw problem('usage', `Only root may ${options.action} another user (--user ${identity.name}).`, 'Drop --user to act as yourself.');
  }
  const ids = identity.overridden ? lookupUserIds(identity.name) : { uid: identity.uid, gid: identity.gid };
  let sources: LimitSources | null = null;
  try {
    sources = readLimitSources(paths);
  } catch (e) {
    if (!isProblemError(e)) throw e;
  }
  return {
    paths,
    engine: options.engine ?? connectEngine({ dockerHost: paths.dockerHost, inspectCacheDir: paths.cacheDir }),
    user: { name: identity.name, sanitized: sanitizeUserName(identity.name), uid: ids.uid, gid: ids.gid, accounts: lookAlikeAccounts(identity.name) },
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
}

/** For deploy: limits are required (a broken limits file refuses the deploy with its own problem). */
export async function loadContainerContext(options: LoadOptions): Promise<ContainerContext & { paths: HostPaths }> {
  const actor = loadActor(options);
  const sources = actor.sources ?? readLimitSources(actor.paths);
  const limits = resolveLimits(sources, {
    user: actor.user.name, grantFileExists: grantFileExists(actor.paths, actor.user.name),
    sanitizedIsAnotherAccount: (actor.user.accounts?.size ?? 0) > 0,
  });
  const inventory = !options.needInventory ? null
    : options.inventory ?? await new NvidiaSmiRunner({ command: actor.paths.nvidiaSmi }).inventory();
  return {
    paths: actor.paths,
    engine: actor.engine,
    user: { ...actor.user, sanitized: limits.sanitizedUser },
    limits,
    inventory,
    stateDir: actor.paths.stateDir,
    hostAllocatorLock: actor.paths.hostAllocatorLock,
    createdBy: options.createdBy,
    useCgroupParent: cgroupParentEnabled(options.env ?? process.env),
    protectedLabel: actor.protectedLabel,
  };
}
