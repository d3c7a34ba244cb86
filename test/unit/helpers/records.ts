// Builders for domain records in tests: a valid default, overridden field by field.
import type { Ds01Container, LimitSet, Slot, Usage, User } from '../../../src/core/model';
import type { RunState } from '../../../src/core/containers/run-state';
import { HOST_POLICY_DEFAULTS, userPolicies } from '../../../src/core/limits/lifecycle-policies';

export function limitSet(
  over: Partial<Omit<LimitSet, 'gpus' | 'containers'>> & {
    gpus?: Partial<LimitSet['gpus']>;
    containers?: Partial<LimitSet['containers']>;
  } = {},
): LimitSet {
  const { gpus, containers, ...rest } = over;
  return {
    user: 'alice',
    sanitizedUser: 'alice',
    group: 'student',
    exempt: false,
    exemptReason: null,
    cpus: 32,
    memoryBytes: 32 * 2 ** 30,
    memorySwapBytes: 32 * 2 ** 30,
    shmBytes: 16 * 2 ** 30,
    pidsLimit: 4096,
    lifecycle: { idleTimeoutSeconds: 1800, maxRuntimeSeconds: 86400, gpuHoldAfterStopSeconds: 900, containerHoldAfterStopSeconds: 1800 },
    lifecyclePolicies: userPolicies(HOST_POLICY_DEFAULTS, undefined),
    ...rest,
    gpus: { maxEquivalents: 2, maxPerContainer: 2, allowFullGpu: true, ...gpus },
    containers: { max: 3, ...containers },
  };
}

/** A user as resolveUser builds one: the sanitized name is the name, ids unknown, no look-alike accounts, unless given. */
export function testUser<U extends Partial<User> & Pick<User, 'name'>>(over: U): User & U {
  return { sanitized: over.name, uid: null, gid: null, accounts: new Set<string>(), ...over };
}

export function fullGpus(count: number): Slot[] {
  return Array.from({ length: count }, (_, i) => ({
    id: String(i),
    uuid: `GPU-${i}000000-0000-0000-0000-000000000000`,
    gpuIndex: i,
    kind: 'gpu' as const,
    model: 'NVIDIA A100-PCIE-40GB',
    equivalents: 1,
    memoryTotalMiB: 40960,
    memoryUsedMiB: 0,
  }));
}

export function migSlot(gpuIndex: number, device: number, profile: string): Slot {
  const slices = Number(profile.split('g.')[0]);
  return {
    id: `${gpuIndex}.${device}`,
    uuid: `MIG-${gpuIndex}${device}000000-0000-0000-0000-000000000000`,
    gpuIndex,
    kind: 'mig',
    model: profile,
    equivalents: slices / 7,
    memoryTotalMiB: null,
    memoryUsedMiB: null,
  };
}

export function usage(over: Partial<Usage> = {}): Usage {
  return { slots: 0, equivalents: 0, containers: 0, running: 0, slotIds: [], ...over };
}

/** A running container of alice's named `name`, with no GPUs and no workspace unless given. */
export function ds01Container(name: string, over: Partial<Ds01Container> = {}): Ds01Container {
  return {
    id: `id-${name}`,
    name,
    displayName: name,
    owner: 'alice',
    image: 'img',
    imageId: null,
    state: 'running',
    running: true,
    createdAt: new Date(0),
    protected: false,
    gpuUuids: [],
    labels: {},
    workspace: null,
    ...over,
  };
}

/**
 * A container and its run state as the lifecycle model reads them: a running GPU container of alice's that the
 * host's scripts see a GPU in, unless `over` says otherwise. `running` follows `state` as classifyContainer sets it.
 */
export function lifecycleSubject(over: Partial<Ds01Container & RunState> = {}): [Ds01Container, RunState] {
  const { startedAt = null, finishedAt = null, hostSeesGpu = true, ...container } = over;
  const state = container.state ?? 'running';
  const running = state === 'running' || state === 'restarting' || state === 'paused';
  const c = ds01Container(container.name ?? 'train', { gpuUuids: ['GPU-1'], ...container, state, running });
  return [c, { state, tty: false, startedAt, finishedAt, exitCode: null, oomKilled: false, hostSeesGpu }];
}
