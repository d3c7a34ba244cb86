// The engine's container events (create, start, die, destroy, ...) as a subscription, for refreshes; and its
// event log between two times (the engine keeps its recent events in memory), read whole.
import type Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import type { Engine } from './connect';
import { mapEngineError } from './errors';
import { readJsonLines } from './json-lines';
import { readableAnswer } from './records';
import type { ProblemError } from '../../core/problem';

export interface ContainerEvent {
  /** 'create', 'start', 'die', 'stop', 'destroy', 'exec_start: sh', ... as the engine says. */
  action: string;
  id: string;
  name: string | null;
  /** The container's labels as the engine attaches them to the event. */
  attributes: Record<string, string>;
  time: Date;
}

/** Call to stop; `ready` resolves when the engine has accepted the subscription. */
export type EventSubscription = (() => void) & { ready: Promise<void> };

interface RawEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
  time?: number;
}

function toEvent(raw: RawEvent): ContainerEvent | null {
  if (raw.Type !== 'container' || !raw.Actor?.ID) return null;
  const attributes = raw.Actor.Attributes ?? {};
  const time = raw.timeNano ? new Date(raw.timeNano / 1e6) : new Date((raw.time ?? 0) * 1000);
  return { action: raw.Action ?? '', id: raw.Actor.ID, name: attributes.name ?? null, attributes, time };
}

/**
 * Calls `onEvent` for each container event until the returned disposer is called. `onError` gets a
 * ProblemError when the stream cannot open or breaks (engine stopped); no reconnect here.
 * The disposer's `ready` resolves once the engine has accepted the subscription.
 */
export function subscribeContainerEvents(
  engine: Engine,
  client: Dockerode,
  onEvent: (event: ContainerEvent) => void,
  onError?: (problem: ProblemError) => void,
): EventSubscription {
  let stream: Readable | null = null;
  let disposed = false;
  const fail = (err: unknown) => {
    if (!disposed) onError?.(mapEngineError(err, engine.endpoint));
  };

  engine.count('events');
  const ready = client.getEvents({ filters: { type: ['container'] } }).then(
    (s) => {
      stream = readableAnswer(s);
      if (disposed) {
        stream.destroy();
        return;
      }
      readJsonLines(
        stream,
        (raw) => {
          const event = toEvent(raw as RawEvent);
          if (event) onEvent(event);
        },
        (_line, err) => fail(err),
      );
      stream.on('error', fail);
      stream.on('end', () => fail(Object.assign(new Error('event stream ended'), { code: 'ECONNRESET' })));
    },
    (err: unknown) => {
      fail(err);
    },
  );

  return Object.assign(
    () => {
      disposed = true;
      stream?.destroy();
    },
    { ready },
  );
}

export interface EventLogQuery {
  /** Unix seconds, or the engine's `seconds.nanoseconds`. */
  since: string | number;
  until: string | number;
  filters?: { container?: string[]; event?: string[] };
}

/** The engine's log between two times as it sends it (one JSON object a line); a past range comes at once. */
export function readEventLog(engine: Engine, client: Dockerode, query: EventLogQuery, timeoutMs: number, containerId?: string): Promise<string> {
  return engine.call(
    'events',
    async (signal) => {
      const stream = await client.getEvents({ ...query, abortSignal: signal } as Dockerode.GetEventsOptions);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
    containerId,
    timeoutMs,
  );
}
