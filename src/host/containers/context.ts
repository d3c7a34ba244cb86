// What deploy, retire and list need to know about the caller and the host, loaded once by a front end.
import type { EngineCapacity } from '../../core/containers/engine-capacity';
import type { CreatedBy } from '../../core/containers/spec';
import type { GpuInventory, KnownUser, LimitSet, UserAsOwner } from '../../core/model';
import type { Engine } from '../engine/connect';

export interface ContainerContext {
  engine: Engine;
  /** The user acted for (the login user, or the user root named with --user). */
  user: KnownUser;
  limits: LimitSet;
  /** Another user's limits, from the same limits file: a queue entry counts only as far as its owner could be granted it. */
  limitsOf?: (user: UserAsOwner) => LimitSet;
  /** null when nvidia-smi was not read (CPU-only deploys, lists); GPU deploys need it. */
  inventory: Pick<GpuInventory, 'slots' | 'gpus'> | null;
  /** The engine's machine when the caller has read it already (the extension shows it before deploying); deploy reads `docker info` only without it. */
  capacity?: EngineCapacity;
  /** DS01_STATE_DIR: where the host-wide allocation lock lives. */
  stateDir: string;
  /** DS01's own allocator lock, taken with ours; default from DS01_HOST_ALLOCATOR_LOCK. */
  hostAllocatorLock?: string | null;
  createdBy: CreatedBy;
  /** false when DS01_CGROUP_PARENT=off (engines whose cgroup driver cannot place the slice). */
  useCgroupParent: boolean;
  /** The config's monitoring.infrastructure_label. */
  protectedLabel?: string;
  lockTimeoutMs?: number;
}

/** DS01_CGROUP_PARENT=off turns the per-user slice off; anything else (or unset) keeps it. */
export function cgroupParentEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.DS01_CGROUP_PARENT ?? '').trim().toLowerCase() !== 'off';
}
