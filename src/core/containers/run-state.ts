// What one inspect says a container is doing now: state and its times, exit, OOM kill, whether it has a TTY (its
// log is then one raw stream) and whether the host's scripts see a GPU in it. None of this is in the engine's list,
// and all of it may change with the container's next start or stop: read when needed, never kept.
import { hostSeesGpu } from '../lifecycle/classify';
import type { ContainerInspect } from './ownership';

export interface RunState {
  state: string;
  tty: boolean;
  startedAt: Date | null;
  /** The engine's FinishedAt; null when it never ran or the engine gave none. */
  finishedAt: Date | null;
  exitCode: number | null;
  oomKilled: boolean;
  /** The scripts' container_has_gpu (a device request naming nvidia/gpu): idle and runtime limits apply only then. */
  hostSeesGpu: boolean;
}

/** The engine writes 0001-01-01T00:00:00Z for a time that never was. */
export function engineTime(text: string | undefined): Date | null {
  if (!text || text.startsWith('0001-')) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

export function runStateOf(i: ContainerInspect): RunState {
  const s = i.State ?? {};
  const started = engineTime(s.StartedAt);
  return {
    state: s.Status ?? 'unknown',
    tty: i.Config?.Tty === true,
    startedAt: started,
    finishedAt: engineTime(s.FinishedAt),
    // A container that never ran has ExitCode 0: no exit to tell.
    exitCode: started && typeof s.ExitCode === 'number' ? s.ExitCode : null,
    oomKilled: s.OOMKilled === true,
    hostSeesGpu: hostSeesGpu(i.HostConfig?.DeviceRequests),
  };
}
