// The extension's one view of the host: the latest nvidia-smi inventory and engine scan, composed with the
// user's limits into a UserView, plus the problems met on the way. The status bar and the tree render it.
import * as vscode from 'vscode';
import { CoalescedRuns } from './coalesced-runs';
import type { GpuInventory, KnownUser } from '../core/model';
import { isProblemError, type Problem } from '../core/problem';
import { unreadableProblem } from '../core/containers/unreadable';
import { connectEngine, type ContainerEvent, type ContainerScan, type Engine, type EngineCall } from '../host/engine';
import { resolveUser } from '../host/users/identity';
import { composeUserView } from '../host/users/live-view';
import type { UserView } from '../host/users/view';
import { readingSharing } from '../host/nvidia-smi/reading-cache';
import { NvidiaSmiRunner } from '../host/nvidia-smi/run';
import { resolveHostPaths } from '../host/paths';
import { EngineWatch } from './engine-watch';

export interface Counters {
  nvidiaSmiRuns: number;
  engineCalls: Record<EngineCall, number>;
  containerEvents: number;
  /** Debounced bursts of container events, each answered by one scan. */
  eventBursts: number;
  scans: number;
}

export type ReadonlyCounters = Readonly<Omit<Counters, 'engineCalls'>> & { readonly engineCalls: Readonly<Record<EngineCall, number>> };

/**
 * What commands, the tree and the status bar get: everything to read, and the reads they may ask for; the
 * settings' reconfigure, start and dispose stay with activate().
 */
export type ReadonlyHostState = Omit<HostState, 'reconfigure' | 'start' | 'dispose'>;

/** Everything it shows is read-only from outside: the state changes itself, through its own methods. */
export class HostState implements vscode.Disposable {
  #view: UserView | null = null;
  #configProblem: Problem | null = null;
  #notDs01Host = false;
  #loading = true;

  get view(): UserView | null {
    return this.#view;
  }

  /** The limits could not be read (config missing or invalid): nothing else can be shown. */
  get configProblem(): Problem | null {
    return this.#configProblem;
  }

  /**
   * No limits file where DS01 installs it, and neither ds01.installRoot nor DS01_ROOT names another place: a
   * machine without DS01 (users may have the extension on every SSH host they open). The extension stays quiet.
   */
  get notDs01Host(): boolean {
    return this.#notDs01Host;
  }

  /** True until the first scan and the first nvidia-smi read have both settled. */
  get loading(): boolean {
    return this.#loading;
  }
  readonly #counters: Counters = {
    nvidiaSmiRuns: 0,
    engineCalls: { list: 0, inspect: 0, events: 0, other: 0 },
    containerEvents: 0,
    eventBursts: 0,
    scans: 0,
  };

  /** What this window has cost the host so far; only the state itself counts. */
  get counters(): ReadonlyCounters {
    return this.#counters;
  }

  #user: KnownUser = resolveUser();
  /** The login user: a window never acts for anyone else. */
  get user(): KnownUser {
    return this.#user;
  }

  private inventory: GpuInventory | null = null;
  private inventoryProblem: Problem | null = null;
  private scan: ContainerScan | null = null;
  private engineProblem: Problem | null = null;
  /** The containers last reported as unreadable, so each set is logged once. */
  private unreadableNames = '';
  private smiSettled = false;
  private scanSettled = false;
  private readonly scans = new CoalescedRuns(() => this.scanOnce());
  private reading: Promise<void> | null = null;
  private watch: EngineWatch | null = null;
  private subscriptions = 0;
  #eventsFollowed: number | null = null;
  private smi!: NvidiaSmiRunner;
  #engine!: Engine;

  /**
   * While the engine's container events are followed: which subscription (a new number after each break or
   * reconfigure), so that every change of a container since then reaches onContainerEvents; null while not.
   */
  get eventsFollowed(): number | null {
    return this.#eventsFollowed;
  }

  /** The engine this window talks to (a new one after reconfigure). */
  get engine(): Engine {
    return this.#engine;
  }

  #env: NodeJS.ProcessEnv;
  /** The environment the host is read with: the process's, with the ds01.* settings applied. */
  get env(): Readonly<NodeJS.ProcessEnv> {
    return this.#env;
  }
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly containerEvents = new vscode.EventEmitter<ContainerEvent[]>();
  /** Each debounced burst of the engine's container events (lifecycle notices look for unasked stops). */
  readonly onContainerEvents = this.containerEvents.event;

  constructor(
    env: NodeJS.ProcessEnv,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.#env = env;
    this.connect();
  }

  /** New settings: new engine connection and nvidia-smi path; figures are read again. */
  reconfigure(env: NodeJS.ProcessEnv): void {
    this.#env = env;
    this.watch?.dispose();
    this.#eventsFollowed = null;
    this.scan = null;
    this.inventory = null;
    this.reading = null;
    this.connect();
    this.compose();
  }

  /** Subscribes to the engine's events; the first scan happens when the subscription is accepted. */
  start(): void {
    this.watch?.start();
  }

  /** A scan now; one that comes while a scan runs shares it and makes it scan once more after. */
  refreshContainers(): Promise<void> {
    return this.scans.request();
  }

  private async scanOnce(): Promise<void> {
    this.#counters.scans += 1;
    try {
      this.scan = await this.engine.scanContainers({ protectedLabel: undefined });
      this.noteUnreadable(this.scan);
      if (this.engineProblem) this.log.info('engine reachable again');
      this.engineProblem = null;
    } catch (e) {
      this.setEngineProblem(e);
    }
    this.scanSettled = true;
    this.compose();
  }

  /**
   * Every caller that comes while a read runs (poller, Refresh, Deploy, Show Limits) shares it: nvidia-smi
   * runs once at a time per window, and an older read cannot overwrite a newer one.
   */
  readGpus(): Promise<void> {
    if (this.reading) return this.reading;
    const reading: Promise<void> = this.readInventory().finally(() => {
      if (this.reading === reading) this.reading = null;
    });
    this.reading = reading;
    return reading;
  }

  private async readInventory(): Promise<void> {
    // nvidia-smi processes, as the runner started them: one or two for a CSV reading, none for a shared one.
    const smi = this.smi;
    const runsBefore = smi.runs;
    const started = Date.now();
    try {
      this.inventory = await smi.inventory();
      this.inventoryProblem = null;
      this.log.trace(`nvidia-smi read in ${Date.now() - started} ms`);
    } catch (e) {
      if (!isProblemError(e)) throw e;
      if (this.inventoryProblem?.message !== e.problem.message) this.log.warn(`nvidia-smi: ${e.problem.message}`);
      this.inventoryProblem = e.problem;
    }
    this.#counters.nvidiaSmiRuns += smi.runs - runsBefore;
    this.smiSettled = true;
    this.compose();
  }

  /** Refresh command: both sources now, and the event stream again if it broke. */
  async refreshAll(): Promise<void> {
    this.watch?.reconnectNow();
    await Promise.all([this.refreshContainers(), this.readGpus()]);
  }

  dispose(): void {
    this.watch?.dispose();
    this.changed.dispose();
    this.containerEvents.dispose();
  }

  private connect(): void {
    const paths = resolveHostPaths(this.env);
    this.smi = new NvidiaSmiRunner({ command: paths.nvidiaSmi, share: readingSharing(paths.nvidiaSmi, this.env) });
    try {
      this.#engine = connectEngine({
        dockerHost: paths.dockerHost,
        onCall: (kind) => {
          this.#counters.engineCalls[kind] += 1;
        },
      });
    } catch (e) {
      // A DOCKER_HOST that is no address: keep a default engine object but show the problem.
      this.setEngineProblem(e);
      this.watch = null;
      this.#engine = connectEngine({ dockerHost: 'unix:///nonexistent/docker.sock' });
      return;
    }
    this.watch = new EngineWatch(this.engine, {
      onBurst: (events) => {
        this.#counters.containerEvents += events.length;
        this.#counters.eventBursts += 1;
        this.log.debug(`engine events: ${events.map((e) => `${e.action} ${e.name ?? e.id.slice(0, 12)}`).join(', ')}`);
        this.containerEvents.fire(events);
        void this.refreshContainers();
      },
      onConnected: () => {
        this.subscriptions += 1;
        this.#eventsFollowed = this.subscriptions;
        this.log.info(`following container events of ${this.engine.endpoint}`);
        void this.refreshContainers();
      },
      onBroken: (p) => {
        this.#eventsFollowed = null;
        this.setEngineProblem(p);
        this.scanSettled = true;
        this.compose();
      },
    });
  }

  /** Says once (per set of containers) which containers the engine would not let us read. */
  private noteUnreadable(scan: ContainerScan): void {
    const names = scan.unreadable
      .map((u) => u.container.name)
      .sort()
      .join(', ');
    if (names !== this.unreadableNames && names) this.log.warn(unreadableProblem(scan.unreadable)!.message);
    this.unreadableNames = names;
  }

  private setEngineProblem(e: unknown): void {
    if (!isProblemError(e)) throw e;
    if (this.engineProblem?.message !== e.problem.message) this.log.warn(`engine: ${e.problem.message}`);
    this.engineProblem = e.problem;
    this.scan = null;
  }

  private compose(): void {
    this.#loading = !(this.smiSettled && this.scanSettled);
    try {
      // Resolved each time like the limits: an account that appears (bob_x next to bob.x) changes ownership.
      this.#user = resolveUser();
      this.#view = composeUserView(this.env, this.#user, {
        inventory: this.inventory,
        inventoryProblem: this.inventoryProblem,
        scan: this.scan,
        engineProblem: this.engineProblem,
      });
      this.#configProblem = null;
      this.#notDs01Host = false;
    } catch (e) {
      if (!isProblemError(e)) {
        this.log.error(`composing the view failed: ${String((e as Error)?.stack ?? e)}`);
        throw e;
      }
      // hostEnv puts ds01.installRoot into DS01_ROOT: unset means nobody pointed the extension anywhere.
      const notDs01Host = e.problem.kind === 'config-missing' && !this.env.DS01_ROOT;
      if (this.configProblem?.message !== e.problem.message) {
        if (notDs01Host) this.log.info(`not a DS01 host: ${e.problem.message}`);
        else this.log.warn(`config: ${e.problem.message}`);
      }
      this.#configProblem = e.problem;
      this.#notDs01Host = notDs01Host;
      this.#view = null;
    }
    this.changed.fire();
  }
}
