// One notification per failure burst, whichever way it reached us: a terminal's output, a notebook's error
// output and the notice library's event line often describe the same failed start within seconds.

export type FailureSource = 'terminal' | 'notebook' | 'notice-event' | 'debug';

export interface FailureSighting {
  source: FailureSource;
  kind: string;
  /** Milliseconds since the epoch. */
  at: number;
  /** Known for notice events (and debug sessions): the failing process. */
  pid?: number;
}

export const DEFAULT_BURST_MS = 15_000;

/**
 * Admits the first sighting of a burst; later sightings of the same kind within the window, or of a pid already seen
 * with that kind, are merged. A pid seen with another kind is admitted once more: a failure re-classified as
 * blocked-host (failure-correlation) is news to the user.
 */
export class FailureGate {
  private lastAdmitted = new Map<string, number>();
  private seenPids = new Map<string, number>();

  constructor(private readonly burstMs: number = DEFAULT_BURST_MS) {}

  admit(s: FailureSighting): boolean {
    this.forgetBefore(s.at - this.burstMs * 4);
    if (s.pid !== undefined) {
      const key = `${s.pid} ${s.kind}`;
      if (this.seenPids.has(key)) return false;
      this.seenPids.set(key, s.at);
    }
    const last = this.lastAdmitted.get(s.kind);
    if (last !== undefined && Math.abs(s.at - last) < this.burstMs) {
      // Extend the burst: a steady stream of failures stays one notification until it pauses.
      this.lastAdmitted.set(s.kind, Math.max(last, s.at));
      return false;
    }
    this.lastAdmitted.set(s.kind, s.at);
    return true;
  }

  /** Ends every open burst: the next sighting of any kind is admitted, unless its pid was already seen. */
  closeBursts(): void {
    this.lastAdmitted.clear();
  }

  private forgetBefore(t: number): void {
    for (const [pid, at] of this.seenPids) if (at < t) this.seenPids.delete(pid);
  }
}
