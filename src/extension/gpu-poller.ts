// When to run nvidia-smi: only while someone can see the figures (status bar shown or tree visible) and
// the window has focus, at most once per interval, one run at a time. Dozens of idle windows on a shared
// host must cost nothing. No vscode import: the extension feeds in the conditions.

export interface PollConditions {
  /** The status bar item is shown or the tree view is visible. */
  visible: boolean;
  focused: boolean;
}

export interface GpuPollerOptions {
  intervalMs: number;
  read: () => Promise<void>;
  now?: () => number;
}

export class GpuPoller {
  private conditions: PollConditions = { visible: false, focused: false };
  private intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private lastStart = -Infinity;
  private disposed = false;
  private readonly now: () => number;

  constructor(private readonly options: GpuPollerOptions) {
    this.intervalMs = options.intervalMs;
    this.now = options.now ?? Date.now;
  }

  get active(): boolean {
    return !this.disposed && this.conditions.visible && this.conditions.focused;
  }

  update(conditions: Partial<PollConditions>): void {
    this.conditions = { ...this.conditions, ...conditions };
    this.schedule();
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.active || this.running) return;
    const wait = Math.max(0, this.lastStart + this.intervalMs - this.now());
    this.timer = setTimeout(() => void this.run(), wait);
  }

  private async run(): Promise<void> {
    if (this.running || this.disposed) return;
    this.running = true;
    this.lastStart = this.now();
    try {
      await this.options.read();
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}
