// Reads /proc for the GPU processes nvidia-smi names: which container each runs in (its cgroup file,
// parsed in src/core/containers/gpu-processes.ts) and which user owns it. A pid that is gone maps to none.
import { readFileSync, statSync } from 'node:fs';
import { containerIdFromCgroup } from '../../core/containers/gpu-processes';

export interface ProcessPlace {
  /** The full container id, or null (a host process, or gone). */
  containerId: string | null;
  /** The process's effective uid (owner of /proc/<pid>), or null when it is gone. */
  uid: number | null;
}

export function processPlaces(pids: number[], procRoot = '/proc'): Map<number, ProcessPlace> {
  const out = new Map<number, ProcessPlace>();
  for (const pid of new Set(pids)) {
    let containerId: string | null = null;
    let uid: number | null = null;
    try {
      uid = statSync(`${procRoot}/${pid}`).uid;
      containerId = containerIdFromCgroup(readFileSync(`${procRoot}/${pid}/cgroup`, 'utf8'));
    } catch {
      // gone between nvidia-smi and now, or hidden (hidepid): not placed
    }
    out.set(pid, { containerId, uid });
  }
  return out;
}

export function containerIdsOf(places: Map<number, ProcessPlace>): Map<number, string | null> {
  return new Map([...places].map(([pid, p]) => [pid, p.containerId]));
}
