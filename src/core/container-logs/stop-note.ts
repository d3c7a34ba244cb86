// The line after the last log lines of a container that is not running: what state it is in since when,
// and why the host stopped it when the host's event log says (StopReason, src/core/lifecycle/host-notes).
import { formatClock, type StopReason } from '../lifecycle';
import type { RunState } from '../containers/run-state';

export type StoppedState = Pick<RunState, 'state' | 'finishedAt' | 'exitCode' | 'oomKilled'>;

/** null for a running (or paused) container: its log goes on. */
export function stopNote(name: string, s: StoppedState, reason: StopReason | null, now: Date): string | null {
  if (s.state === 'running' || s.state === 'paused' || s.state === 'restarting') return null;
  if (s.state === 'created') return `${name} has not run yet (created, never started).`;
  const when = s.finishedAt ? ` at ${formatClock(s.finishedAt, now)}` : '';
  const exit = s.exitCode === null ? '' : ` with exit code ${s.exitCode}`;
  const why = reason
    ? `: ${reason.text}`
    : s.oomKilled
      ? ': the kernel killed it for using all of its memory (OOM); deploy with less work per process, or ask for more memory'
      : '';
  return `${name} ${s.state === 'exited' ? 'stopped' : `is ${s.state}`}${when}${exit}${why}.`;
}
