// Lifecycle of the user's containers in the window: after each scan, one archive stat (the keep-alive file) and
// one inspect per container (the window's engine, its calls counted apart from the tree's); every tick the pure
// model is recomputed with the clock, so countdowns move and warnings come without engine calls.
import * as vscode from 'vscode';
import { CoalescedRuns } from '../coalesced-runs';
import { containerLifecycle, type LifecycleView } from '../../core/lifecycle';
import { isProblemError } from '../../core/problem';
import { readLimitSources } from '../../host/limits/config-files';
import type { Engine } from '../../host/engine';
import { lifecycleInputs, lifecycleSources, type LifecycleInputs } from '../../host/lifecycle';
import type { ReadonlyHostState } from '../host-state';
import type { Clock } from './clock';

export const TICK_MS = 30_000;

export class LifecycleWatch implements vscode.Disposable {
  private inputs = new Map<string, LifecycleInputs>();
  private current = new Map<string, LifecycleView>();
  private readonly reads = new CoalescedRuns(() => this.read());
  private readonly timer: NodeJS.Timeout;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  engineCalls = 0;
  private scheduleLogged = false;
  /** The window's engine (a new one after reconfigure), with this watch's calls counted apart. */
  private counted: { of: Engine; engine: Engine } | null = null;

  constructor(
    private readonly state: ReadonlyHostState,
    readonly clock: Clock,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.timer = setInterval(() => this.recompute(), TICK_MS);
  }

  /** The view of a container by engine id, computed for the clock's now. */
  view(id: string): LifecycleView | undefined {
    return this.current.get(id);
  }

  views(): Map<string, LifecycleView> {
    return this.current;
  }

  /** Reads the engine again for the containers of the latest scan (coalesced). */
  refresh(): Promise<void> {
    return this.reads.request();
  }

  /** The model again with the clock's time (no engine calls). */
  recompute(): void {
    const now = this.clock.now();
    this.current = new Map([...this.inputs].map(([id, i]) => [id, containerLifecycle(i.container, i.run, i.rules, now)]));
    this.changed.fire();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.changed.dispose();
  }

  private async read(): Promise<void> {
    const view = this.state.view;
    if (!view || view.engineProblem || !view.engineView) return;
    try {
      const src = lifecycleSources(readLimitSources(view.paths), view.paths.configFile, this.state.env);
      if (!this.scheduleLogged) {
        this.scheduleLogged = true;
        this.log.info(
          `lifecycle: enforcement schedule ${src.files.scheduleSource ? `from ${src.files.scheduleSource}: ${JSON.stringify(src.files.schedule)}` : "unknown (no DS01 cron file readable): times are the rules' own, the host acts within the hour after"}`,
        );
      }
      const engine = this.engine();
      const next = new Map<string, LifecycleInputs>();
      for (const c of view.containers) next.set(c.id, await lifecycleInputs(engine, c, view.user, src));
      this.inputs = next;
    } catch (e) {
      if (!isProblemError(e)) throw e;
      this.log.warn(`lifecycle: ${e.problem.message}`);
      return;
    }
    this.recompute();
  }

  private engine(): Engine {
    const of = this.state.engine;
    if (this.counted?.of !== of)
      this.counted = {
        of,
        engine: of.countedApart(() => {
          this.engineCalls += 1;
        }),
      };
    return this.counted.engine;
  }
}
