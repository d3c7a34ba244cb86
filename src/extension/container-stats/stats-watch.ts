// Live use on the container rows: one engine stats stream per running container of the user's, open only
// while the DS01 view is visible and the window has focus; every stream is closed when either stops being so.
// Rows are redrawn at most every REDRAW_MS, not on each answer (the engine sends one a second per container).
import * as vscode from 'vscode';
import { memoryWarning, statsFromEngine, type ContainerStats } from '../../core/container-stats/stats';
import { statsRowText, statsTooltipLines } from '../../core/container-stats/text';
import type { ReadonlyHostState } from '../host-state';
import type { LifecycleRowText } from '../tree/ContainerTreeItem';

const REDRAW_MS = 2000;

export class StatsWatch implements vscode.Disposable {
  private readonly streams = new Map<string, () => void>();
  private readonly latest = new Map<string, ContainerStats>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private redraw: NodeJS.Timeout | null = null;
  private wanted = false;
  /** Streams opened since activation (the bench and tests count them). */
  opened = 0;

  constructor(
    private readonly state: ReadonlyHostState,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get open(): number {
    return this.streams.size;
  }

  /** Call when visibility, focus or the containers change. */
  update(visible: boolean, focused: boolean): void {
    this.wanted = visible && focused;
    const running = new Set(this.wanted ? (this.state.view?.containers ?? []).filter((c) => c.state === 'running').map((c) => c.id) : []);
    let closed = 0;
    for (const [id, stop] of this.streams)
      if (!running.has(id)) {
        stop();
        this.streams.delete(id);
        this.latest.delete(id);
        closed++;
      }
    // Rows lose their figures with their stream.
    if (closed) this.changed.fire();
    for (const id of running) if (!this.streams.has(id)) this.follow(id);
  }

  private follow(id: string): void {
    this.opened += 1;
    const stop = this.state.engine.statsStream(
      id,
      (raw) => {
        const first = !this.latest.has(id);
        this.latest.set(id, statsFromEngine(raw));
        // A container's first figures show at once; after that rows are redrawn every REDRAW_MS at most.
        if (first && this.redraw) {
          clearTimeout(this.redraw);
          this.redraw = null;
        }
        if (!this.redraw)
          this.redraw = setTimeout(
            () => {
              this.redraw = null;
              this.changed.fire();
            },
            first ? 50 : REDRAW_MS,
          );
      },
      (p) => {
        // Ended (the container stopped) or dropped: the next update opens it again if it still runs.
        if (p) this.log.warn(`stats of ${id.slice(0, 12)}: ${p.problem.message}`);
        if (this.streams.get(id) === stop) this.streams.delete(id);
      },
    );
    this.streams.set(id, stop);
  }

  /** The row's text with live use in front of the lifecycle's, and its tooltip lines. */
  row(id: string, lifecycle: LifecycleRowText | undefined): LifecycleRowText | undefined {
    const s = this.latest.get(id);
    if (!s || !this.streams.has(id)) return lifecycle;
    const text = statsRowText(s);
    // The rest of the lifecycle's (Keep Alive's menu) stays as it is.
    return {
      ...lifecycle,
      next: [text, lifecycle?.next].filter(Boolean).join(' · ') || null,
      explain: lifecycle?.explain ?? [],
      live: statsTooltipLines(s),
      warning: memoryWarning(s),
    };
  }

  dispose(): void {
    for (const stop of this.streams.values()) stop();
    this.streams.clear();
    if (this.redraw) clearTimeout(this.redraw);
    this.changed.dispose();
  }
}
