// Follows the engine's container events and asks for one refresh per burst (debounced): a deploy makes
// create + start (+ exec) events within milliseconds. When the stream breaks (engine stopped) the problem
// is reported once and the subscription is retried with a growing pause, never a storm of calls.
import type { ProblemError } from '../core/problem';
import type { ContainerEvent, Engine, EventSubscription } from '../host/engine';

export const DEBOUNCE_MS = 250;
const RETRY_MS = [2_000, 5_000, 15_000, 30_000];

export interface EngineWatchOptions {
  onBurst: (events: ContainerEvent[]) => void;
  onBroken: (problem: ProblemError) => void;
  /** The subscription is (again) accepted: what happened meanwhile is unknown, so rescan. */
  onConnected: () => void;
  debounceMs?: number;
}

export class EngineWatch {
  private subscription: EventSubscription | null = null;
  private pending: ContainerEvent[] = [];
  private debounce: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private disposed = false;

  constructor(
    private readonly engine: Engine,
    private readonly options: EngineWatchOptions,
  ) {}

  start(): void {
    // A second subscription would count every event twice and leak the first.
    if (this.disposed || this.subscription) return;
    let broken = false;
    const sub = this.engine.subscribeContainerEvents(
      (e) => this.onEvent(e),
      (p) => {
        if (broken || this.disposed) return;
        broken = true;
        this.subscription?.();
        this.subscription = null;
        this.options.onBroken(p);
        this.retry = setTimeout(() => this.start(), RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]);
      },
    );
    this.subscription = sub;
    void sub.ready.then(() => {
      if (broken || this.disposed) return;
      this.failures = 0;
      this.options.onConnected();
    });
  }

  /** Retry at once (Refresh command) instead of waiting for the next attempt. */
  reconnectNow(): void {
    if (this.subscription || this.disposed) return;
    clearTimeout(this.retry);
    this.start();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.debounce);
    clearTimeout(this.retry);
    this.subscription?.();
    this.subscription = null;
  }

  private onEvent(e: ContainerEvent): void {
    this.pending.push(e);
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      const burst = this.pending;
      this.pending = [];
      this.options.onBurst(burst);
    }, this.options.debounceMs ?? DEBOUNCE_MS);
  }
}
