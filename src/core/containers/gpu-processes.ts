// Which container a GPU process runs in, from its /proc/<pid>/cgroup text, and what each container does
// with its GPUs. nvidia-smi reports host pids; the container id is in the cgroup path:
//   cgroupfs:               /docker/<id>
//   cgroupfs, DS01 parent:  /ds01-<group>-<user>.slice/<id>
//   systemd:                /system.slice/docker-<id>.scope (or under the ds01 slice)
// cgroup v1 has a line per hierarchy (they may carry a prefix such as a nesting runtime's own), v2 one
// `0::` line. A path under user.slice is never a container's: users may create delegated cgroups there,
// named like anything, so an id found there is not believed.
import type { GpuInventory, GpuProcess } from '../model';

const ID_SEGMENT = /^(?:docker-([0-9a-f]{64})\.scope|([0-9a-f]{64}))$/;

/** The container id in one process's cgroup file, or null (host process, unknown layout, lines disagree). */
export function containerIdFromCgroup(text: string): string | null {
  const ids = new Set<string>();
  for (const line of text.split('\n')) {
    const path = line.split(':').slice(2).join(':').trim();
    if (!path.startsWith('/')) continue;
    const id = idInPath(path);
    if (id) ids.add(id);
  }
  return ids.size === 1 ? [...ids][0] : null;
}

function idInPath(path: string): string | null {
  const segments = path.split('/').filter(Boolean);
  if (segments.some((s) => s === 'user.slice' || s.startsWith('user@'))) return null;
  for (let i = 0; i < segments.length; i++) {
    const m = ID_SEGMENT.exec(segments[i]);
    if (!m) continue;
    if (m[1]) return m[1];
    const parent = segments[i - 1];
    if (parent === 'docker' || (parent !== undefined && parent.endsWith('.slice'))) return m[2];
  }
  return null;
}

/** One GPU process of a container, as `container list --json` shows it (pids as the host sees them). */
export interface ContainerGpuProcess {
  pid: number;
  slot: string;
  usedMemoryMiB: number | null;
}

export interface ContainerGpuActivity {
  gpuProcesses: ContainerGpuProcess[];
  /** Sum of the processes' memory (0: no process); null when nvidia-smi printed none of their figures. */
  gpuMemoryMiB: number | null;
  /** Utilisation of the physical GPUs under the container's slots (a MIG slice reports its GPU's). */
  gpuUtilization: Array<{ slot: string; utilizationPercent: number | null }>;
}

/**
 * GPU processes per container id. `cgroupIds` maps a pid to the full container id its cgroup names
 * (null: none); a process whose container is not among `containerIds` belongs to no listed container.
 */
export function processesByContainer(
  processes: GpuProcess[],
  cgroupIds: ReadonlyMap<number, string | null>,
  containerIds: string[],
): Map<string, GpuProcess[]> {
  const known = new Set(containerIds);
  const out = new Map<string, GpuProcess[]>();
  for (const p of processes) {
    const id = cgroupIds.get(p.pid);
    if (!id || !known.has(id)) continue;
    out.set(id, [...(out.get(id) ?? []), p]);
  }
  return out;
}

export function gpuActivity(processes: GpuProcess[], slotIds: string[], inventory: Pick<GpuInventory, 'gpus' | 'slots'>): ContainerGpuActivity {
  const gpuProcesses = processes.map((p) => ({ pid: p.pid, slot: p.slotId, usedMemoryMiB: p.usedMemoryMiB }));
  const figures = gpuProcesses.map((p) => p.usedMemoryMiB).filter((m): m is number => m !== null);
  const gpuUtilization = slotIds.map((slot) => {
    const s = inventory.slots.find((x) => x.id === slot);
    const gpu = s ? inventory.gpus.find((g) => g.index === s.gpuIndex) : undefined;
    return { slot, utilizationPercent: gpu?.utilizationPercent ?? null };
  });
  const gpuMemoryMiB = gpuProcesses.length === 0 ? 0 : figures.length ? figures.reduce((a, b) => a + b, 0) : null;
  return { gpuProcesses, gpuMemoryMiB, gpuUtilization };
}

/** A GPU process the viewer may see named: in one of their containers, or their own on the host. */
export interface NamedGpuProcess extends GpuProcess {
  /** The container's display name, or null for the viewer's own host process. */
  container: string | null;
}

export interface GpuProcessView {
  mine: NamedGpuProcess[];
  /** Everyone else's processes per slot: counted, never named. */
  others: Array<{ slot: string; count: number; usedMemoryMiB: number | null }>;
}

/**
 * Splits nvidia-smi's processes for one viewer. `places` gives each pid's container id and owner uid
 * (null when unknown); a process is the viewer's when it runs in one of `ownContainers`, or outside any
 * container as `viewerUid`. Everything else, unknown pids included, is only counted.
 */
export function gpuProcessView(
  processes: GpuProcess[],
  places: ReadonlyMap<number, { containerId: string | null; uid: number | null }>,
  ownContainers: Array<{ id: string; displayName: string }>,
  viewerUid: number | null,
): GpuProcessView {
  const byId = new Map(ownContainers.map((c) => [c.id, c.displayName]));
  const mine: NamedGpuProcess[] = [];
  const others = new Map<string, { count: number; memory: number[]; unknown: boolean }>();
  for (const p of processes) {
    const place = places.get(p.pid);
    const container = place?.containerId ? byId.get(place.containerId) : undefined;
    if (container !== undefined) mine.push({ ...p, container });
    else if (place && !place.containerId && place.uid !== null && place.uid === viewerUid) mine.push({ ...p, container: null });
    else {
      const o = others.get(p.slotId) ?? { count: 0, memory: [], unknown: false };
      o.count += 1;
      if (p.usedMemoryMiB === null) o.unknown = true;
      else o.memory.push(p.usedMemoryMiB);
      others.set(p.slotId, o);
    }
  }
  return {
    mine,
    others: [...others].map(([slot, o]) => ({ slot, count: o.count, usedMemoryMiB: o.unknown ? null : o.memory.reduce((a, b) => a + b, 0) })),
  };
}
