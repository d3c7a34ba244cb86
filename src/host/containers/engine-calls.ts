// Write-side engine helpers: the engine's own words for messages that wrap a failure, and a stop that waits
// out its grace period. Every call goes through Engine.call (src/host/engine/connect.ts).
import { engineStatus } from '../engine/errors';
import type { Engine } from '../engine/connect';
import type { ProblemError } from '../../core/problem';

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
    await engine.stopContainer(id, graceSeconds);
  } catch (err) {
    if (engineStatus(err) !== 304) throw err;
  }
}
