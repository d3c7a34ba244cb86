// The domain's shared records. Every module in core, host and the front ends speaks these.
import type { UserPolicies } from './limits/lifecycle-policies';
import type { OwnerClaim, OwnerEvidence } from './containers/ownership';

/**
 * A user of the host, as every layer speaks of them. Built once per front end by `resolveUser`
 * (src/host/users/identity.ts); a function that needs only part of it takes a `Pick<User, ...>`
 * (`UserAsOwner` names the part that telling owners apart needs).
 */
export interface User {
  /** As the host names them: the login name, or the name given with --user (`h.baker@hertie-school.lan`). */
  name: string;
  /** DS01's sanitized form of the name (SPEC.md §3): some labels, cgroup slices and grant files use it. */
  sanitized: string;
  /**
   * Their uid and gid through NSS; null when not known: a look-up for another user by name (check-limits --user)
   * has only the name, and the caller's own ids would match the caller's containers.
   */
  uid: number | null;
  gid: number | null;
  /**
   * The names that could stand for this user (the sanitized one) but are accounts of their own on the host
   * (`bob_x` for `bob.x`): never this user's. Empty: no such account.
   */
  accounts: ReadonlySet<string>;
}

/** A user whose ids are known: the login user, or the user root acts for; containers are made only for them. */
export type KnownUser = User & { uid: number; gid: number };
/** What telling a user's containers from others' needs (ownedBy): the names and uid a container may carry. */
export type UserAsOwner = Pick<User, 'name' | 'sanitized' | 'uid' | 'accounts'>;

/** Resolved limits of one user; units normalised, null = unlimited / never. */
export interface LimitSet {
  user: string;
  /** As SPEC.md §3: drop @domain, invalid chars -> '_', max 32 chars (md5 suffix). */
  sanitizedUser: string;
  /** Group name, or 'override' when a per-user override applies (as the host says). */
  group: string;
  exempt: boolean;
  exemptReason: 'grant-file' | 'exempt-users' | null;
  gpus: {
    /** Fair-share quota in GPU-equivalents (full GPU = 1.0). */
    maxEquivalents: number | null;
    /** Distinct slots one container may hold. */
    maxPerContainer: number | null;
    allowFullGpu: boolean;
  };
  containers: { max: number | null };
  cpus: number | null;
  memoryBytes: number | null;
  memorySwapBytes: number | null;
  shmBytes: number | null;
  pidsLimit: number | null;
  lifecycle: {
    idleTimeoutSeconds: number | null;
    maxRuntimeSeconds: number | null;
    gpuHoldAfterStopSeconds: number | null;
    containerHoldAfterStopSeconds: number | null;
  };
  /** The idle check's policies for this user (get_resource_limits.py --lifecycle-policies). */
  lifecyclePolicies: UserPolicies;
}

/** One allocatable unit: a full GPU (MIG off) or a MIG slice. */
export interface Slot {
  /** '2' for GPU 2, '1.1' for MIG device 1 on GPU 1. */
  id: string;
  uuid: string;
  /** Index of the physical GPU. */
  gpuIndex: number;
  kind: 'gpu' | 'mig';
  /** e.g. 'NVIDIA A100-PCIE-40GB' or the MIG profile '3g.20gb'. */
  model: string;
  /** 1.0 for a full GPU, compute slices / 7 for a MIG slice. */
  equivalents: number;
  memoryTotalMiB: number | null;
  memoryUsedMiB: number | null;
}

export interface GpuProcess {
  pid: number;
  name: string;
  usedMemoryMiB: number | null;
  /** Slot id the process runs on. */
  slotId: string;
}

export interface PhysicalGpu {
  index: number;
  uuid: string;
  name: string;
  migEnabled: boolean;
  memoryTotalMiB: number | null;
  memoryUsedMiB: number | null;
  utilizationPercent: number | null;
  /** MIG slices when MIG is on (may be empty: MIG on, no instances yet). */
  migSlots: Slot[];
}

export interface GpuInventory {
  driverVersion: string | null;
  cudaVersion: string | null;
  gpus: PhysicalGpu[];
  /** Allocatable slots: full GPUs with MIG off, MIG slices otherwise. */
  slots: Slot[];
  processes: GpuProcess[];
}

/** The engine's container states (its list's State, its inspect's State.Status). */
export const CONTAINER_STATES = ['created', 'running', 'paused', 'restarting', 'exited', 'dead', 'removing'] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];

/**
 * A container as DS01 sees it, derived from the engine's list/inspect answers (the engine's records:
 * core/containers/ownership). The one domain record of a container; a front end shows it as a ContainerRow
 * (core/cli-contracts/containers), and what it is doing now is read on demand as its RunState.
 */
export interface Ds01Container {
  id: string;
  /** Engine name without the leading '/'. */
  name: string;
  /** ds01.name label, else the last part of devcontainer.local_folder, else the part before '._.', else name. */
  displayName: string;
  owner: string | null;
  /** The uid the container itself carries (`._.<uid>` name suffix, numeric Config.User), or null: names can look alike, uids cannot. */
  ownerUid?: number | null;
  /** How `owner`/`ownerUid` was found (null: no owner); only `uid` cannot be written for another user. */
  ownerEvidence?: OwnerEvidence | null;
  /**
   * Without any owner: the `/home/<user>/...` path the host's tracker counts it for (checked: the user exists and,
   * for a bind mount, owns the path). It counts for that user; it gives them no rights over it.
   */
  claim?: OwnerClaim | null;
  image: string;
  /** The image's id as the engine's list gives it (the image the name pointed to at creation); null when not given. */
  imageId: string | null;
  state: ContainerState;
  running: boolean;
  createdAt: Date;
  protected: boolean;
  gpuUuids: string[];
  labels: Record<string, string>;
  /** Host folder bind-mounted at /workspace, or null. */
  workspace: string | null;
}

export interface Usage {
  /** Distinct physical slots held (one full GPU = 1). What users see. */
  slots: number;
  /** Quota arithmetic: sum of the slots' gpueq. Never mixed into the slot count. */
  equivalents: number;
  containers: number;
  running: number;
  slotIds: string[];
}
