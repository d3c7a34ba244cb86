// When a container was paused: the engine keeps no pause time in its inspect, only in its event log (a bounded
// log in memory, since the engine's start), read between two times.
import type { Engine } from './connect';

/** The container's pause/unpause/start/die events from `since` to now, oldest first. */
export async function pauseEventsIn(engine: Engine, id: string, since: Date): Promise<Array<{ action: string; time: Date }>> {
  const until = Math.ceil(Date.now() / 1000) + 1;
  const text = await engine.eventLog(
    {
      since: Math.floor(since.getTime() / 1000),
      until,
      filters: { container: [id], event: ['pause', 'unpause', 'start', 'die'] },
    },
    2000,
    id,
  );
  return text.split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      const e = JSON.parse(line) as { Action?: unknown; status?: unknown; timeNano?: unknown; time?: unknown };
      const action = typeof e.Action === 'string' ? e.Action : typeof e.status === 'string' ? e.status : '';
      const time = typeof e.timeNano === 'number' ? new Date(e.timeNano / 1e6) : new Date((typeof e.time === 'number' ? e.time : 0) * 1000);
      return [{ action, time }];
    } catch {
      return [];
    }
  });
}
