// Turns sightings into at most one notification per burst (FailureGate, across terminal, notebook, debug
// and notice events) with the actions core/failure-prompt chooses, and hands frames to the diagnostics.
import * as vscode from 'vscode';
import { FailureGate } from '../../core/failure-gate';
import {
  ACTION_DEPLOY, ACTION_DONT_SHOW, ACTION_RUN_IN_CONTAINER, ACTION_SHOW_LIMITS, failurePrompt, type FailureAction,
} from '../../core/failure-prompt';
import { containerForFolder } from '../../core/run-in-container';
import type { Ds01Context } from '../context';
import { SECTION } from '../settings';
import { folderOf } from '../workspace-folder';
import type { FailureDiagnostics } from './failure-diagnostics';
import type { ShownFailureNotice, Sighting } from './sighting';

const MAX_KEPT_NOTICES = 100;

export class FailureReporter implements vscode.Disposable {
  private readonly gate = new FailureGate();
  readonly notices: ShownFailureNotice[] = [];
  private readonly shown = new vscode.EventEmitter<ShownFailureNotice>();
  readonly onDidShow = this.shown.event;

  constructor(private readonly ctx: Ds01Context, private readonly diagnostics: FailureDiagnostics) {}

  report(s: Sighting): void {
    this.ctx.log.info(`CUDA failure (${s.kind}) from ${s.source}${s.pid ? ` pid ${s.pid}` : ''}: ${s.message}${s.commandLine ? ` [${s.commandLine}]` : ''}`);
    void this.diagnostics.add(s).catch((e) => this.ctx.log.warn(`diagnostic not placed: ${String(e)}`));
    if (!this.ctx.settings().failuresShowPrompt) return;
    if (!this.gate.admit({ source: s.source, kind: s.kind, at: s.at, pid: s.pid })) {
      this.ctx.log.debug(`same burst as a shown notification: ${s.source} ${s.kind}`);
      return;
    }
    const view = this.ctx.state.view;
    const target = containerForFolder(view?.containers ?? [], folderOf(s.cwd));
    const prompt = failurePrompt({
      kind: s.kind, message: s.message, exempt: view ? view.limits.exempt : null, report: view?.report ?? null,
      target, canRerun: Boolean(s.commandLine), containers: view?.containers ?? [], inventory: view?.inventory ?? null,
    });
    const notice: ShownFailureNotice = {
      source: s.source, kind: s.kind, severity: prompt.severity, message: prompt.message, actions: [...prompt.actions],
      commandLine: s.commandLine, at: s.at,
    };
    this.notices.push(notice);
    if (this.notices.length > MAX_KEPT_NOTICES) this.notices.shift();
    this.shown.fire(notice);
    const show = prompt.severity === 'warning' ? vscode.window.showWarningMessage
      : prompt.severity === 'info' ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    void show(prompt.message, ...prompt.actions).then((choice) => {
      if (choice) void runFailureAction(choice as FailureAction, s);
    });
  }

  /** FOR TESTS: the next sighting opens a new burst (pids already seen stay seen). */
  closeBursts(): void {
    this.gate.closeBursts();
  }

  dispose(): void {
    this.shown.dispose();
  }
}

export async function runFailureAction(action: FailureAction, s: Pick<Sighting, 'commandLine' | 'cwd'>): Promise<unknown> {
  switch (action) {
    case ACTION_DEPLOY: return vscode.commands.executeCommand('ds01.deploy');
    case ACTION_RUN_IN_CONTAINER: return vscode.commands.executeCommand('ds01.runInContainer', { commandLine: s.commandLine, cwd: s.cwd });
    case ACTION_SHOW_LIMITS: return vscode.commands.executeCommand('ds01.showLimits');
    case ACTION_DONT_SHOW: return vscode.workspace.getConfiguration(SECTION).update('failures.showPrompt', false, vscode.ConfigurationTarget.Global);
  }
}
