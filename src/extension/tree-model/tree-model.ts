// What the tree draws beyond the host state's view, read when the state changes and never while drawing: where
// the limits file is, this user's requests in the host's GPU queue, what runs on each container's GPUs (its
// /proc entries, per nvidia-smi reading) with the idle clock, and the user's images. So "idle for N minutes"
// moves with the GPU readings whether or not the tree is shown, and drawing reads nothing.
import { gpuActivity, processesByContainer } from '../../core/containers/gpu-processes';
import { idleGpuNote, IdleGpuWatch } from '../../core/containers/idle-gpu';
import type { Ds01Container, GpuInventory } from '../../core/model';
import { existingQueueDir, readQueue } from '../../host/allocation/gpu-queue';
import { toRow } from '../../host/containers/list';
import { containerIdsOf, processPlaces } from '../../host/containers/proc-cgroups';
import { resolveHostPaths } from '../../host/paths';
import type { ReadonlyHostState } from '../host-state';
import type { GpuRowActivity } from '../tree/ContainerTreeItem';
import { UserImages } from './user-images';

/** One of this user's requests in the GPU queue (a --wait deploy, or a window waiting). */
export interface WaitingRequest {
  id: string;
  name: string;
  gpus: number;
  /** 1 for the first in the queue. */
  position: number;
}

export interface TreeModelOptions {
  /** ds01.idleGpuMinutes as set now. */
  idleGpuMinutes: () => number;
  /** A read of the images ended. */
  imagesRead: () => void;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
}

export class TreeModel {
  /** The limits file looked at, and every place looked for it (a host without DS01). */
  configFile: string;
  configCandidates: string[];
  waiting: WaitingRequest[] = [];
  readonly images: UserImages;
  private activities = new Map<string, GpuRowActivity>();
  private readonly idle = new IdleGpuWatch();
  private readonly now: () => number;

  constructor(
    private readonly state: Pick<ReadonlyHostState, 'view' | 'env' | 'user' | 'engine'>,
    private readonly options: TreeModelOptions,
  ) {
    this.now = options.now ?? Date.now;
    ({ configFile: this.configFile, configCandidates: this.configCandidates } = resolveHostPaths(state.env));
    this.images = new UserImages(state, options.imagesRead);
  }

  /** The container's GPU processes and idle note as of the latest reading; null without one. */
  activity(id: string): GpuRowActivity | null {
    return this.activities.get(id) ?? null;
  }

  /** Call on every change of the state (a scan, an nvidia-smi reading, new settings). */
  refresh(): void {
    const paths = resolveHostPaths(this.state.env);
    this.configFile = paths.configFile;
    this.configCandidates = paths.configCandidates;
    const view = this.state.view;
    const shown = view?.engineView && !view.engineProblem ? view : null;
    this.waiting = shown ? waitingOf(paths.stateDir, this.state.user.uid) : [];
    this.activities = shown ? this.readActivity(shown.containers, shown.inventory) : new Map();
  }

  private readActivity(containers: Ds01Container[], inventory: GpuInventory | null): Map<string, GpuRowActivity> {
    const out = new Map<string, GpuRowActivity>();
    const now = this.now();
    if (!inventory) {
      this.idle.observe(
        now,
        containers.map((c) => ({ id: c.id, holdsGpu: c.gpuUuids.length > 0, gpuProcesses: null })),
      );
      return out;
    }
    const byContainer = processesByContainer(
      inventory.processes,
      containerIdsOf(processPlaces(inventory.processes.map((p) => p.pid))),
      containers.map((c) => c.id),
    );
    this.idle.observe(
      now,
      containers.map((c) => ({ id: c.id, holdsGpu: c.gpuUuids.length > 0, gpuProcesses: byContainer.get(c.id)?.length ?? 0 })),
    );
    const minutes = this.options.idleGpuMinutes();
    for (const c of containers) {
      const slots = toRow(c, inventory).slots;
      out.set(c.id, { activity: gpuActivity(byContainer.get(c.id) ?? [], slots, inventory), idle: idleGpuNote(this.idle.idleMs(c.id, now), minutes, slots) });
    }
    return out;
  }
}

function waitingOf(stateDir: string, uid: number): WaitingRequest[] {
  try {
    const dir = existingQueueDir(stateDir);
    if (!dir) return [];
    return readQueue(dir).queue.flatMap((r, i) => (r.uid === uid ? [{ id: r.id, name: r.name, gpus: r.gpus, position: i + 1 }] : []));
  } catch {
    return [];
  }
}
