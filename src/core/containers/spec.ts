// What deploy asks the engine to create: labels (SPEC.md §4, label-schema.yaml), limits, GPUs, mounts.
// Pure argument builders; the shape is Docker's ContainerCreate body, so dockerode takes it as is.
import type { KnownUser, LimitSet, Slot } from '../model';
import { WORKSPACE_MOUNT } from './ownership';
import { projectLabels } from './project';

export type CreatedBy = 'vscode' | 'cli';

/**
 * What DS01's own `container-create` writes (mlc-create-wrapper.sh: DS01_CONTEXT defaults to atomic; the docker
 * wrapper copies it to ds01.container_type). Atomic, not orchestration: the host's cleanup removes a stopped
 * orchestration container at its next hourly run, ignoring gpu_hold_after_stop, while our tree offers Stop and
 * Start as separate steps; atomic keeps the user's own limits and the hold times we show.
 */
export const DS01_INTERFACE = 'atomic';
/** Ours alone: which front end made the container. */
export const CLIENT_LABEL = 'ds01.client';

export interface ContainerSpecInput {
  /** Display name, already normalised. */
  name: string;
  /** `NAME._.<uid>`. */
  hostName: string;
  image: string;
  user: Pick<KnownUser, 'name' | 'uid' | 'gid'>;
  createdBy: CreatedBy;
  /** Absolute host path mounted at /workspace. */
  workspace: string;
  slots: Slot[];
  limits: LimitSet;
  /** null: the engine's default cgroup parent (DS01_CGROUP_PARENT=off). */
  cgroupParent: string | null;
  now: Date;
  /** Deployed by project launch: the host's ds01.project / ds01.workspace labels link folder and container. */
  project?: { name: string; folder: string };
}

export interface DeviceRequest {
  Driver: string;
  Count: number;
  DeviceIDs: string[];
  Capabilities: string[][];
  Options: Record<string, string>;
}

/** The ContainerCreate fields deploy sets. */
export interface ContainerCreateBody {
  name: string;
  Image: string;
  Labels: Record<string, string>;
  User: string;
  WorkingDir: string;
  Tty: boolean;
  OpenStdin: boolean;
  StdinOnce: boolean;
  HostConfig: {
    Binds: string[];
    CgroupParent?: string;
    DeviceRequests?: DeviceRequest[];
    NanoCpus?: number;
    Memory?: number;
    MemorySwap?: number;
    ShmSize?: number;
    PidsLimit?: number;
  };
}

/** `ds01-<group>-<sanitized>.slice`: the host's per-user slice, where aggregate limits apply. */
export function cgroupParentFor(limits: Pick<LimitSet, 'group' | 'sanitizedUser'>): string {
  return `ds01-${limits.group}-${limits.sanitizedUser}.slice`;
}

/** label-schema.yaml's slot format: `<gpu>:<mig>` for a MIG slice, the GPU index for a full GPU. */
export function slotLabel(slot: Pick<Slot, 'id'>): string {
  return slot.id.replace('.', ':');
}

export function deployLabels(input: ContainerSpecInput): Record<string, string> {
  const at = input.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const labels: Record<string, string> = {
    'ds01.managed': 'true',
    'ds01.user': input.user.name,
    // The host's idle and runtime enforcement give the user's own limits only to orchestration/atomic
    // (see DS01_INTERFACE for why atomic); any other value gets the strictest fallback.
    'ds01.interface': DS01_INTERFACE,
    'ds01.container_type': DS01_INTERFACE,
    [CLIENT_LABEL]: input.createdBy,
    'ds01.name': input.name,
    'ds01.container_name': input.hostName,
    'ds01.created_at': at,
    'ds01.image': input.image,
    'ds01.user_id': String(input.user.uid),
    'ds01.group_id': String(input.user.gid),
    'ds01.work_mount': input.workspace,
    'ds01.gpus': String(input.slots.length),
    // Present (empty) on CPU-only containers too: readers then know there is nothing to inspect.
    'ds01.gpu.uuids': input.slots.map((s) => s.uuid).join(','),
    'ds01.gpu.slots': input.slots.map(slotLabel).join(','),
  };
  if (input.slots.length > 0) {
    // SPEC.md names it allocated_at, label-schema.yaml allocated: hosts read either.
    labels['ds01.gpu.allocated_at'] = at;
    labels['ds01.gpu.allocated'] = at;
  }
  if (input.cgroupParent) labels['ds01.slice'] = input.cgroupParent;
  if (input.project) Object.assign(labels, projectLabels(input.project.name, input.project.folder));
  return labels;
}

export function createBody(input: ContainerSpecInput): ContainerCreateBody {
  const { limits } = input;
  const host: ContainerCreateBody['HostConfig'] = { Binds: [`${input.workspace}:${WORKSPACE_MOUNT}`] };
  if (input.cgroupParent) host.CgroupParent = input.cgroupParent;
  if (input.slots.length > 0) {
    host.DeviceRequests = [{ Driver: 'nvidia', Count: 0, DeviceIDs: input.slots.map((s) => s.uuid), Capabilities: [['gpu']], Options: {} }];
  }
  if (limits.cpus !== null) host.NanoCpus = Math.round(limits.cpus * 1e9);
  if (limits.memoryBytes !== null) {
    host.Memory = limits.memoryBytes;
    // Docker: -1 is unlimited swap; the limit is memory + swap, never below memory.
    host.MemorySwap = limits.memorySwapBytes === null ? -1 : Math.max(limits.memorySwapBytes, limits.memoryBytes);
  }
  if (limits.shmBytes !== null) host.ShmSize = limits.shmBytes;
  if (limits.pidsLimit !== null) host.PidsLimit = limits.pidsLimit;
  return {
    name: input.hostName,
    Image: input.image,
    Labels: deployLabels(input),
    User: `${input.user.uid}:${input.user.gid}`,
    WorkingDir: WORKSPACE_MOUNT,
    // As the host's `docker create -it`: the image's shell waits on an open stdin and keeps the container up.
    Tty: true,
    OpenStdin: true,
    StdinOnce: false,
    HostConfig: host,
  };
}

/**
 * A workspace is passed to the engine in a bind string `SRC:/workspace`, so ':' and ',' would change
 * its meaning; control characters have no place in a path people type.
 */
export function workspaceRule(path: string): string | null {
  if (!path.startsWith('/')) return 'it must be an absolute path';
  if (/[:,]/.test(path)) return 'it contains ":" or ",", which Docker reads as mount options';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'it contains a control character';
  return null;
}
