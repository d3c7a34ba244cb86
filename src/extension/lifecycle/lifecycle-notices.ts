// What the user is told about the host's lifecycle: a warning before the host acts (once per container and
// stage, `ds01.lifecycle.warnMinutesBefore` ahead), why a container stopped when nobody here asked for it
// (the host's event log, when readable), and the host's own alerts for the user (each once).
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { explain, removalSentence, timeLeft, whenText, type LifecycleEvent, type LifecycleEventKind, type LifecycleView } from '../../core/lifecycle';
import type { Ds01Container } from '../../core/model';
import type { ContainerEvent } from '../../host/engine';
import { alertAction, alertSeverity } from '../../core/lifecycle/host-notes';
import { readHostAlerts, readStopReason } from '../../host/lifecycle';
import type { ReadonlyHostState } from '../host-state';
import type { LifecycleWatch } from './lifecycle-watch';
import { wasExpected } from './own-stops';

export const KEEP_ALIVE = 'Keep Alive';
export const OPEN_TERMINAL = 'Open Terminal';
export const RETIRE = 'Retire';
export const START_AGAIN = 'Start Again';

/** The stages worth a warning: the host stopping it, the keep-alive running out, a stopped one being removed. */
const WARNED: ReadonlySet<LifecycleEventKind> = new Set(['runtime-stop', 'keep-alive-ends', 'remove', 'gpu-release']);

export interface ShownLifecycleNotice {
  /** 'after-own-stop': what happens next to a container the user stopped here (information, not a warning). */
  kind: 'warning' | 'stopped' | 'alert' | 'after-own-stop';
  containerId: string | null;
  stage: string | null;
  message: string;
  actions: string[];
}

function stageText(e: LifecycleEvent, name: string, now: Date): string {
  const when = `${whenText(e, now)}, in ${timeLeft(e.at, now)}`;
  switch (e.kind) {
    case 'runtime-stop':
      return `DS01: the host stops ${name} at ${when}: its max runtime is reached. Save your work.`;
    case 'keep-alive-ends':
      return `DS01: the keep-alive of ${name} runs out at ${when}; after that the host may stop it when idle.`;
    case 'remove':
    case 'gpu-release':
      return `DS01: ${removalSentence(e, `${name} (stopped)`, now)}`;
    default:
      return `DS01: ${name}: ${e.kind} at ${when}.`;
  }
}

export class LifecycleNotices implements vscode.Disposable {
  readonly shown: ShownLifecycleNotice[] = [];
  private readonly warnedKeys = new Set<string>();
  private readonly alertKeys = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly shownEmitter = new vscode.EventEmitter<ShownLifecycleNotice>();
  readonly onDidShow = this.shownEmitter.event;
  /** A warning window is open for some container (status bar colour). */
  pending: { containerId: string; text: string } | null = null;

  constructor(
    private readonly state: ReadonlyHostState,
    private readonly watch: LifecycleWatch,
    private readonly leadMinutes: () => number,
    private readonly log: vscode.LogOutputChannel,
    private readonly memento?: vscode.Memento,
  ) {
    for (const k of memento?.get<string[]>('ds01.alertsShown') ?? []) this.alertKeys.add(k);
    this.disposables.push(
      watch.onDidChange(() => this.checkWarnings()),
      this.shownEmitter,
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.alertsWatcher?.close();
    this.stateDirWatcher?.close();
    clearTimeout(this.alertsDue);
  }

  private alertsWatcher: FSWatcher | null = null;
  private stateDirWatcher: FSWatcher | null = null;

  /**
   * The host writes the alerts file when it finds something: shown when it arrives, not at the next scan. Until
   * the alerts folder exists, the state folder is watched for it to appear.
   */
  private watchAlerts(stateDir: string): void {
    const soon = () => {
      clearTimeout(this.alertsDue);
      this.alertsDue = setTimeout(() => this.checkAlerts(), 200);
    };
    if (this.alertsWatcher) return;
    try {
      this.alertsWatcher = watch(join(stateDir, 'alerts'), soon);
      this.alertsWatcher.on('error', () => {
        this.alertsWatcher?.close();
        this.alertsWatcher = null;
      });
      this.stateDirWatcher?.close();
      this.stateDirWatcher = null;
    } catch {
      if (this.stateDirWatcher) return;
      try {
        this.stateDirWatcher = watch(stateDir, (_, file) => {
          if (file === 'alerts') soon();
        });
        this.stateDirWatcher.on('error', () => {
          this.stateDirWatcher?.close();
          this.stateDirWatcher = null;
        });
      } catch {
        // No state folder either: the scans and the lifecycle tick still look.
      }
    }
  }

  private alertsDue: NodeJS.Timeout | undefined;

  private containers(): Ds01Container[] {
    return this.state.view?.containers ?? [];
  }

  checkWarnings(): void {
    const now = this.watch.clock.now();
    const lead = this.leadMinutes() * 60_000;
    let pending: LifecycleNotices['pending'] = null;
    for (const c of this.containers()) {
      const view = this.watch.view(c.id);
      if (!view) continue;
      for (const e of view.events) {
        if (!WARNED.has(e.kind)) continue;
        const left = e.at.getTime() - now.getTime();
        if (left < 0 || left > lead) continue;
        const text = stageText(e, c.displayName, now);
        pending ??= { containerId: c.id, text };
        const key = `${c.id}/${e.kind}/${e.at.toISOString()}`;
        if (this.warnedKeys.has(key)) continue;
        this.warnedKeys.add(key);
        // Right after the user's own Stop: what happens next, said once as information, not as a warning.
        if (!c.running && wasExpected([c.name, c.displayName])) {
          this.show(
            {
              kind: 'after-own-stop',
              containerId: c.id,
              stage: e.kind,
              message: `DS01: stopped ${c.displayName}; ${removalSentence(e, 'it', now)}`,
              actions: [START_AGAIN],
            },
            'info',
            c,
          );
          continue;
        }
        this.warn(c, view, e, text);
      }
    }
    this.pending = pending;
  }

  private warn(c: Ds01Container, view: LifecycleView, e: LifecycleEvent, text: string): void {
    const actions = [...(c.running && view.idle.applies && e.kind === 'keep-alive-ends' ? [KEEP_ALIVE] : []), ...(c.running ? [OPEN_TERMINAL] : []), RETIRE];
    this.show({ kind: 'warning', containerId: c.id, stage: e.kind, message: text, actions }, 'warning', c);
  }

  /** Engine events of a burst: a `die` of one of the user's containers that nobody here asked for. */
  onEngineEvents(events: ContainerEvent[]): void {
    const mine = new Map(this.containers().map((c) => [c.id, c]));
    for (const e of events) {
      if (e.action !== 'die') continue;
      const c = mine.get(e.id);
      if (!c || wasExpected([c.name, c.displayName])) continue;
      const reason = readStopReason(this.state.env, c.name, new Date(e.time.getTime() - 5 * 60_000));
      const why = reason
        ? `: ${reason.text} (the host's event log)`
        : " (no reason in the host's event log: it may have exited by itself, or the log is not readable)";
      this.show(
        {
          kind: 'stopped',
          containerId: c.id,
          stage: reason?.kind ?? null,
          message: `DS01: ${c.displayName} stopped${why}.`,
          actions: reason?.kind === 'idle' ? [] : [START_AGAIN],
        },
        'warning',
        c,
      );
    }
  }

  /** The host's alerts for the user, each shown once (remembered across windows). */
  checkAlerts(): void {
    const view = this.state.view;
    if (!view) return;
    this.watchAlerts(view.paths.stateDir);
    for (const a of readHostAlerts(view.paths.stateDir, view.user.name)) {
      if (this.alertKeys.has(a.key)) continue;
      this.alertKeys.add(a.key);
      void this.memento?.update('ds01.alertsShown', [...this.alertKeys].slice(-200));
      const action = alertAction(a.type);
      this.show(
        { kind: 'alert', containerId: null, stage: a.type, message: `DS01 (host): ${oneLine(a.message)}`, actions: action ? [action.title] : [] },
        alertSeverity(a.type),
        undefined,
        action?.command,
      );
    }
  }

  private show(n: ShownLifecycleNotice, severity: 'warning' | 'info', c?: Ds01Container, command?: string): void {
    this.shown.push(n);
    this.log.info(`lifecycle notice: ${n.message}`);
    this.shownEmitter.fire(n);
    const fn = severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void fn(n.message, ...n.actions).then((choice) => {
      if (choice && command) void vscode.commands.executeCommand(command);
      if (!choice || !c) return;
      if (choice === KEEP_ALIVE) void vscode.commands.executeCommand('ds01.keepAlive', c.name);
      if (choice === OPEN_TERMINAL) void vscode.commands.executeCommand('ds01.openTerminal', c.name);
      if (choice === RETIRE) void vscode.commands.executeCommand('ds01.retire', c.name);
      if (choice === START_AGAIN) void vscode.commands.executeCommand('ds01.start', c.name);
    });
  }

  /** Tooltip lines for a container row. */
  explain(id: string): string[] {
    const v = this.watch.view(id);
    return v ? explain(v, this.watch.clock.now()) : [];
  }
}

/** A notification shows one paragraph: the alert's own line breaks would hide the rest behind a fold. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
