// What a container is doing now, from one inspect: state and its times, exit, OOM kill, and whether it has a
// TTY (its log is then one raw stream). Not kept: unlike the inspect cache's fields, all of this changes.
import type { ContainerInspect } from '../../core/containers/ownership';

export interface RunState {
  state: string;
  tty: boolean;
  startedAt: Date | null;
  finishedAt: Date | null;
  exitCode: number | null;
  oomKilled: boolean;
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
  };
}
