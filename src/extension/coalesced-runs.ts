// One run of an async job at a time: a request while it runs is answered by that run plus one more after it (so
// what changed meanwhile is read), however many requests came. The tree's scans and the lifecycle reads use it.
export class CoalescedRuns {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly job: () => Promise<void>) {}

  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.job();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}
