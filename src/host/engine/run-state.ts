// What a container is doing now, from one inspect: state and its times, exit, OOM kill, and whether it has a
// TTY (its log is then one raw stream). Not kept: unlike the inspect cache's fields, all of this changes.
import type { Engine } from './connect';

export interface RunState {
  state: string;
  tty: boolean;
  startedAt: Date | null;
  finishedAt: Date | null;
  exitCode: number | null;
  oomKilled: boolean;
}

interface InspectAnswer {
  Config?: { Tty?: boolean } | null;
  State?: { Status?: string; StartedAt?: string; FinishedAt?: string; ExitCode?: number; OOMKilled?: boolean } | null;
}

/** The engine writes 0001-01-01T00:00:00Z for a time that never was. */
function engineTime(text: string | undefined): Date | null {
  if (!text || text.startsWith('0001-')) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

export async function readRunState(engine: Engine, id: string): Promise<RunState> {
  const i = await engine.call('inspect', (signal) => engine.docker.getContainer(id).inspect({ abortSignal: signal }) as Promise<InspectAnswer>, id);
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
