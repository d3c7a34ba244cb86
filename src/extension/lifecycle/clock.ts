// The time the lifecycle countdowns and warnings, and the idle GPU clock, are computed for. Tests set it (test
// API) to see a warning that would otherwise come hours later; otherwise it is the wall clock.
export class Clock {
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }

  /** A fixed time, or null for the wall clock again. */
  set(at: Date | null): void {
    this.fixed = at ? new Date(at.getTime()) : null;
  }
}
