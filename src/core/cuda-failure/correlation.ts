// The notice library knows for sure that a process's cuInit was blocked; the text a terminal, debug session or
// notebook showed says only what the framework made of it ("CUDA error: unknown error", a CPU-fallback warning).
// When both describe the same process, the text failure is blocked-host whatever its wording; its frames stay.
// Same process: the event's pid or parent pid is one the text came from (the terminal's shell, the debuggee).
// Same burst: no pid links them, but they happened within the window in the same folder (notebook kernels,
// launchers such as torchrun whose workers are grandchildren of the shell).
import { DEFAULT_BURST_MS } from './gate';
import type { CudaFailureKind } from './types';

export interface TextFailure {
  kind: CudaFailureKind;
  /** Milliseconds since the epoch. */
  at: number;
  /** Processes whose output it was: the shell of a terminal, a debuggee; empty when unknown (notebook). */
  pids?: number[];
  cwd?: string;
}

export interface BlockedStart {
  pid: number;
  ppid: number;
  at: number;
  /** '' or undefined when unknown. */
  cwd?: string;
}

/** How long a text failure stays linkable by pid: the event is written at exit, possibly long after the output. */
const PID_MEMORY_MS = 30 * 60_000;
const MAX_KEPT = 64;

export function sameProcess(text: Pick<TextFailure, 'pids'>, start: BlockedStart): boolean {
  return (text.pids ?? []).some((p) => p === start.pid || p === start.ppid);
}

export function sameBurst(text: Pick<TextFailure, 'at' | 'cwd'>, start: BlockedStart, windowMs: number = DEFAULT_BURST_MS): boolean {
  if (Math.abs(text.at - start.at) > windowMs) return false;
  return !text.cwd || !start.cwd || text.cwd === start.cwd;
}

/** Remembers recent text failures and blocked starts and links each newcomer to the other side. */
export class BlockedStartCorrelator<T extends TextFailure> {
  private texts: T[] = [];
  private starts: BlockedStart[] = [];

  constructor(private readonly windowMs: number = DEFAULT_BURST_MS) {}

  /** A text failure arrived: its kind, blocked-host when a remembered blocked start is the same process or burst. */
  text(t: T): CudaFailureKind {
    this.forget(t.at);
    if (t.kind === 'blocked-host') return t.kind;
    if (this.starts.some((s) => this.linked(t, s))) return 'blocked-host';
    this.texts.push(t);
    if (this.texts.length > MAX_KEPT) this.texts.shift();
    return t.kind;
  }

  /** A blocked start arrived: the remembered text failures it re-classifies as blocked-host (each handed out once). */
  start(s: BlockedStart): T[] {
    this.forget(s.at);
    this.starts.push(s);
    if (this.starts.length > MAX_KEPT) this.starts.shift();
    const linked = this.texts.filter((t) => this.linked(t, s));
    if (linked.length > 0) this.texts = this.texts.filter((t) => !linked.includes(t));
    return linked;
  }

  private linked(t: TextFailure, s: BlockedStart): boolean {
    return sameProcess(t, s) || sameBurst(t, s, this.windowMs);
  }

  private forget(now: number): void {
    const keep = (at: number) => now - at <= PID_MEMORY_MS;
    this.texts = this.texts.filter((t) => keep(t.at));
    this.starts = this.starts.filter((s) => keep(s.at));
  }
}
