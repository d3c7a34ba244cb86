// Write-side engine calls with their own time limits (a stop waits out the grace period) and the
// engine's HTTP status kept, so callers can tell "gone" (404) from a real failure.
import { mapEngineError } from '../engine/errors';
import type { Engine } from '../engine/connect';
import type { ProblemError } from '../../core/problem';

export async function engineCall<T>(engine: Engine, timeoutMs: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  engine.count('other');
  const signal = AbortSignal.timeout(timeoutMs);
  // Some dockerode calls (image inspect) take no signal: the race still ends the wait.
  const deadline = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
  deadline.catch(() => undefined);
  try {
    return await Promise.race([fn(signal), deadline]);
  } catch (err) {
    throw Object.assign(mapEngineError(err, engine.endpoint, timeoutMs), { statusCode: statusOf(err) });
  }
}

function statusOf(err: unknown): number | undefined {
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

export function httpStatus(err: unknown): number | undefined {
  return (err as ProblemError & { statusCode?: number }).statusCode;
}

/** The engine's own words, for messages that wrap an engine failure. */
export function engineMessage(err: unknown): string {
  const p = (err as ProblemError).problem;
  return p ? p.message : err instanceof Error ? err.message : String(err);
}

/** How long a stop waits for the container's processes before it kills them. */
export const STOP_GRACE_SECONDS = 10;

/** Stops a container, waiting out `graceSeconds`; one that is already stopped (304) is fine. */
export async function stopById(engine: Engine, id: string, graceSeconds: number = STOP_GRACE_SECONDS): Promise<void> {
  try {
    await engineCall(engine, engine.timeoutMs + graceSeconds * 1000,
      (signal) => engine.docker.getContainer(id).stop({ t: graceSeconds, abortSignal: signal }));
  } catch (err) {
    if (httpStatus(err) !== 304) throw err;
  }
}
