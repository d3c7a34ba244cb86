// The time the lifecycle countdowns and warnings, and the idle GPU clock, are computed for: the wall clock.
// Only a test run gets a clock it can set (test-api.ts), to see a warning that would otherwise come hours later.
export interface Clock {
  now(): Date;
}

export const wallClock: Clock = { now: () => new Date() };
