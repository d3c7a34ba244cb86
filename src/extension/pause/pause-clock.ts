// Since when each of the user's paused containers is paused, for its row ("paused 12m"): from the engine's
// pause/unpause events as they come, and once per container found paused already (the engine's event log).
import * as vscode from 'vscode';
import { pausedText } from '../../core/pause/meaning';
import type { ContainerEvent } from '../../host/engine';
import { pausedSinceOf } from '../../host/pause/own-pause';
import type { ReadonlyHostState } from '../host-state';
import type { LifecycleRowText } from '../tree/ContainerTreeItem';

export class PauseClock implements vscode.Disposable {
  private readonly since = new Map<string, Date | null>();
  private readonly asked = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: ReadonlyHostState) {}

  onEngineEvents(events: ContainerEvent[]): void {
    for (const e of events) {
      if (e.action === 'pause') {
        this.since.set(e.id, e.time);
        this.asked.add(e.id);
      } else if (e.action === 'unpause' || e.action === 'die' || e.action === 'destroy') {
        this.since.delete(e.id);
        this.asked.delete(e.id);
      }
    }
  }

  /** After a scan: ask the engine's log about paused containers not seen pausing from here. */
  onScan(): void {
    for (const c of this.state.view?.containers ?? []) {
      if (c.state !== 'paused' || this.asked.has(c.id)) continue;
      this.asked.add(c.id);
      void pausedSinceOf(this.state.engine, c).then(
        (at) => {
          this.since.set(c.id, at);
          this.changed.fire();
        },
        () => undefined,
      );
    }
  }

  /** The row's lifecycle text with "paused 12m" in front for a paused container. */
  row(id: string, lifecycle: LifecycleRowText | undefined, now: Date = new Date()): LifecycleRowText | undefined {
    const c = this.state.view?.containers.find((x) => x.id === id);
    if (c?.state !== 'paused') return lifecycle;
    const text = pausedText(this.since.get(id) ?? null, now);
    const why = this.since.get(id) ? `Paused since ${this.since.get(id)!.toLocaleTimeString()}` : 'Paused (the engine no longer remembers since when)';
    return {
      ...lifecycle,
      next: lifecycle?.next ? `${text} · ${lifecycle.next}` : text,
      explain: [
        `${why}: its GPUs stay held; this host sets no maximum pause time, and its idle check counts a paused container as idle.`,
        ...(lifecycle?.explain ?? []),
      ],
    };
  }

  dispose(): void {
    this.changed.dispose();
  }
}
