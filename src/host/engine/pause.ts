// Pause and unpause one container, and when it was paused: the engine keeps no pause time in its inspect,
// only in its event log (a bounded log in memory, since the engine's start), read between two times.
import type { Engine } from './connect';

export async function pauseContainer(engine: Engine, id: string): Promise<void> {
  await engine.call('other', (signal) => engine.docker.getContainer(id).pause({ abortSignal: signal }), id);
}

export async function unpauseContainer(engine: Engine, id: string): Promise<void> {
  await engine.call('other', (signal) => engine.docker.getContainer(id).unpause({ abortSignal: signal }), id);
}

/** The container's pause/unpause/start/die events from `since` to now, oldest first. */
export async function pauseEvents(engine: Engine, id: string, since: Date): Promise<Array<{ action: string; time: Date }>> {
  const until = Math.ceil(Date.now() / 1000) + 1;
  const text = await engine.call('events', async (signal) => {
    const stream = await engine.docker.getEvents({
      since: Math.floor(since.getTime() / 1000), until, filters: { container: [id], event: ['pause', 'unpause', 'start', 'die'] }, abortSignal: signal,
    } as object) as NodeJS.ReadableStream;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }, id, 2000);
  return text.split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      const e = JSON.parse(line) as { Action?: string; status?: string; timeNano?: number; time?: number };
      return [{ action: e.Action ?? e.status ?? '', time: e.timeNano ? new Date(e.timeNano / 1e6) : new Date((e.time ?? 0) * 1000) }];
    } catch {
      return [];
    }
  });
}
