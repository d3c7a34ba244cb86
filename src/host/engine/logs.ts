// A container's log stream from the engine: stdout and stderr apart (a container without a TTY sends them
// multiplexed in 8-byte-headed frames, demultiplexed by docker-modem; a TTY container sends one raw stream,
// all of it stdout), as text decoded per stream so a character split across chunks stays whole.
import type Dockerode from 'dockerode';
import { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Engine } from './connect';
import { mapEngineError } from './errors';
import { readableAnswer } from './records';

export type LogSource = 'stdout' | 'stderr';

export interface LogRequest {
  follow: boolean;
  /** Unix seconds; undefined: from the start. */
  since?: number;
  /** Last lines only; 'all' or undefined: every line. */
  tail?: number | 'all';
  /** The container's Config.Tty: its log is one raw stream. */
  tty: boolean;
}

export interface LogStream {
  /** Resolves when the log ended (not following, or the container stopped) or stop() was called; rejects with a ProblemError when the engine dropped it. */
  done: Promise<void>;
  /** Ends a followed stream now (closes the connection). */
  stop(): void;
}

export function streamLogs(engine: Engine, client: Dockerode, id: string, req: LogRequest, onText: (source: LogSource, text: string) => void): LogStream {
  let source: Readable | null = null;
  let stopped = false;
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const take = (s: LogSource, b: Buffer) => {
    if (!stopped) {
      const t = decoders[s].write(b);
      if (t) onText(s, t);
    }
  };
  const sink = (s: LogSource) =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        take(s, chunk);
        callback();
      },
    });
  const flush = () => {
    for (const s of ['stdout', 'stderr'] as const) {
      const t = decoders[s].end();
      if (t) onText(s, t);
    }
  };

  engine.count('other', id);
  const options = { stdout: true, stderr: true, timestamps: false, ...(typeof req.tail === 'number' ? { tail: req.tail } : {}), since: req.since ?? 0 };
  const opened = req.follow
    ? client
        .getContainer(id)
        .logs({ ...options, follow: true })
        .then(readableAnswer)
    : // Without follow the engine's answer is read whole (the tail bounds it) and comes back as one buffer.
      client
        .getContainer(id)
        .logs({ ...options, follow: false })
        .then((b) => Readable.from([b]));
  const done = opened.then(
    (stream) =>
      new Promise<void>((resolve, reject) => {
        source = stream;
        if (stopped) {
          stream.destroy();
          resolve();
          return;
        }
        if (req.tty) stream.on('data', (b: Buffer) => take('stdout', b));
        else client.modem.demuxStream(stream, sink('stdout'), sink('stderr'));
        stream.on('end', () => {
          flush();
          resolve();
        });
        stream.on('close', () => {
          flush();
          resolve();
        });
        stream.on('error', (err: Error) => (stopped ? resolve() : reject(mapEngineError(err, engine.endpoint))));
      }),
    (err: unknown) => {
      throw mapEngineError(err, engine.endpoint);
    },
  ) as Promise<void>;
  return {
    done,
    stop: () => {
      stopped = true;
      source?.destroy();
    },
  };
}
