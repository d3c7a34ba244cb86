// The log of one of the user's own containers, as lines: what `ds01 container logs` prints and the
// extension's log view shows. CUDA failures go through the same recognizer as terminals, told for a
// container (core/container-logs/advice.ts); a stopped container ends with why, when the host's event
// log says (the lifecycle feature's readStopReason).
import { adviceInContainer } from '../../core/container-logs/advice';
import { stopNote } from '../../core/container-logs/stop-note';
import { CudaFailureRecognizer, type CudaFailure, type FailureAdvice } from '../../core/cuda-failure';
import type { Ds01Container, UserAsOwner } from '../../core/model';
import { ownContainer } from '../containers/own';
import type { Engine } from '../engine/connect';
import type { LogRequest, LogSource, LogStream } from '../engine/logs';
import type { RunState } from '../../core/containers/run-state';
import { readStopReason } from '../lifecycle/host-notes-files';

export interface LogSink {
  /** Whole lines (without the newline) as they come; a last line without a newline comes when the log ends. */
  line(source: LogSource, text: string): void;
  failure(failure: CudaFailure, advice: FailureAdvice): void;
}

export interface OwnLogs {
  container: Ds01Container;
  state: RunState;
  /** For a container that is not running: what to show after its last lines ("stopped at 14:02: ..."), else null. */
  stopNote: string | null;
  /** Resolves once the log has ended (and every failure was told) or stop() was called. */
  done: Promise<void>;
  stop(): void;
}

export async function openOwnLogs(
  engine: Engine,
  user: UserAsOwner,
  name: string,
  request: Omit<LogRequest, 'tty'>,
  sink: LogSink,
  env: NodeJS.ProcessEnv = process.env,
  now: Date = new Date(),
): Promise<OwnLogs> {
  const container = await ownContainer(engine, user, name);
  const state = await engine.runState(container.id);
  const note = noteFor(container, state, env, now);
  const recognizer = new CudaFailureRecognizer();
  const partial: Record<LogSource, string> = { stdout: '', stderr: '' };
  const who = { displayName: container.displayName, gpuCount: container.gpuUuids.length };
  const tell = (failures: CudaFailure[]) => {
    for (const f of failures) sink.failure(f, adviceInContainer(f, who));
  };
  // A followed log may go quiet right after a failure: close its burst after a second of quiet, not 20 lines later.
  let quiet: NodeJS.Timeout | undefined;
  const onText = (source: LogSource, text: string) => {
    if (request.follow) {
      clearTimeout(quiet);
      quiet = setTimeout(() => tell(recognizer.flush()), 1000);
      quiet.unref?.();
    }
    const lines = (partial[source] + text).split('\n');
    partial[source] = lines.pop() ?? '';
    for (const l of lines) {
      const line = l.endsWith('\r') ? l.slice(0, -1) : l;
      sink.line(source, line);
      tell(recognizer.push(`${line}\n`));
    }
  };
  const stream: LogStream = engine.streamLogs(container.id, { ...request, tty: state.tty }, onText);
  const done = stream.done.finally(() => {
    clearTimeout(quiet);
    for (const source of ['stdout', 'stderr'] as const) {
      if (partial[source]) {
        sink.line(source, partial[source]);
        tell(recognizer.push(`${partial[source]}\n`));
        partial[source] = '';
      }
    }
    tell(recognizer.end());
  });
  return { container, state, stopNote: note, done, stop: stream.stop };
}

function noteFor(container: Ds01Container, state: RunState, env: NodeJS.ProcessEnv, now: Date): string | null {
  return stopNote(container.displayName, state, state.startedAt ? readStopReason(env, container.name, state.startedAt) : null, now);
}

/** After a followed log ended: the note for the container as it is now (null: still running, the stream was dropped). */
export async function stopNoteNow(engine: Engine, container: Ds01Container, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  return noteFor(container, await engine.runState(container.id), env, new Date());
}
