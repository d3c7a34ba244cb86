// Loads a ContainerContext for a front end: paths, the user acted for, limits, engine, GPU inventory.
// Acting for another user (--user) is for root only: the engine socket would let anyone label a container
// with any owner, so the front end, not the engine, has to draw the line.
import type { CreatedBy } from '../../core/container-spec';
import { problem } from '../../core/problem';
import { resolveLimits } from '../../core/limits';
import { grantFileExists, readLimitSources } from '../config-files';
import { connectEngine, type Engine } from '../engine';
import { currentIdentity } from '../identity';
import { NvidiaSmiRunner } from '../nvidia-smi';
import { resolveHostPaths, type HostPaths } from '../paths';
import { lookupUserIds } from '../user-lookup';
import { cgroupParentEnabled, type ContainerContext } from './context';

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  configFile?: string;
  /** Another user's name; refused unless the process runs as root. */
  user?: string;
  createdBy: CreatedBy;
  /** Read nvidia-smi (GPU deploys); lists and CPU-only deploys work without it. */
  needInventory: boolean;
  /** What the caller is about to do, for the refusal message ("deploy for"). */
  action: string;
  engine?: Engine;
}

export async function loadContainerContext(options: LoadOptions): Promise<ContainerContext & { paths: HostPaths }> {
  const env = options.env ?? process.env;
  const paths = resolveHostPaths(env, { config: options.configFile });
  const identity = currentIdentity(options.user);
  if (identity.overridden && process.getuid?.() !== 0) {
    throw problem('usage', `Only root may ${options.action} another user (--user ${identity.name}).`, 'Drop --user to act as yourself.');
  }
  const ids = identity.overridden ? lookupUserIds(identity.name) : { uid: identity.uid, gid: identity.gid };
  const sources = readLimitSources(paths);
  const limits = resolveLimits(sources, { user: identity.name, grantFileExists: grantFileExists(paths, identity.name) });
  const inventory = options.needInventory ? await new NvidiaSmiRunner({ command: paths.nvidiaSmi }).inventory() : null;
  return {
    paths,
    engine: options.engine ?? connectEngine({ dockerHost: paths.dockerHost }),
    user: { name: identity.name, sanitized: limits.sanitizedUser, uid: ids.uid, gid: ids.gid },
    limits,
    inventory,
    stateDir: paths.stateDir,
    createdBy: options.createdBy,
    useCgroupParent: cgroupParentEnabled(env),
    protectedLabel: sources.config.infrastructureLabel,
  };
}
