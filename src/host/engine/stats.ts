// A container's stats from the engine: one answer (the engine waits for a second sample so the CPU % can be
// computed, about a second), or a stream of one answer a second until stopped.
import type Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import type { EngineStats } from '../../core/container-stats/stats';
import type { ProblemError } from '../../core/problem';
import type { Engine } from './connect';
import { mapEngineError } from './errors';
import { readJsonLines } from './json-lines';
import { readableAnswer, statsRecord } from './records';

export async function statsOnce(engine: Engine, client: Dockerode, id: string): Promise<EngineStats> {
  return statsRecord(
    await engine.call(
      'other',
      (signal) => {
        // dockerode's types for stats take no abortSignal; docker-modem does.
        const options = { stream: false as const, abortSignal: signal };
        return client.getContainer(id).stats(options);
      },
      id,
    ),
  );
}

/** Calls `onStats` about once a second until the returned function is called; `onEnd` when the engine ends or drops it. */
export function statsStream(
  engine: Engine,
  client: Dockerode,
  id: string,
  onStats: (s: EngineStats) => void,
  onEnd: (problem: ProblemError | null) => void,
): () => void {
  let stream: Readable | null = null;
  let stopped = false;
  engine.count('other', id);
  void client
    .getContainer(id)
    .stats({ stream: true })
    .then(readableAnswer)
    .then(
      (s) => {
        stream = s;
        if (stopped) {
          s.destroy();
          return;
        }
        readJsonLines(
          s,
          (raw) => onStats(statsRecord(raw)),
          () => {
            /* a line cut by a dropped stream: the next one counts */
          },
        );
        s.on('error', (err: Error) => {
          if (!stopped) {
            stopped = true;
            onEnd(mapEngineError(err, engine.endpoint));
          }
        });
        s.on('end', () => {
          if (!stopped) {
            stopped = true;
            onEnd(null);
          }
        });
      },
      (err: unknown) => {
        if (!stopped) {
          stopped = true;
          onEnd(mapEngineError(err, engine.endpoint));
        }
      },
    );
  return () => {
    stopped = true;
    stream?.destroy();
  };
}
