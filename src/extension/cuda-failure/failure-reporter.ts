// Turns sightings into at most one notification per burst (FailureGate, across terminal, notebook, debug
// and notice events) with the actions core/cuda-failure/prompt chooses, and hands frames to the diagnostics.
import * as vscode from 'vscode';
import { BlockedStartCorrelator } from '../../core/cuda-failure/correlation';
import { FailureGate } from '../../core/cuda-failure/gate';
import {
  ACTION_DEPLOY,
  ACTION_DONT_SHOW,
  ACTION_RUN_IN_CONTAINER,
  ACTION_SHOW_LIMITS,
  failurePrompt,
  type FailureAction,
} from '../../core/cuda-failure/prompt';
import { containerForFolder } from '../../core/containers/run-in-container';
import type { Ds01Context } from '../context';
import { SECTION } from '../settings';
import { folderOf } from '../workspace-folder';
import type { FailureDiagnostics } from './failure-diagnostics';
import { runDeployFor } from './deploy-action';
import type { ShownFailureNotice, Sighting } from './sighting';

export class FailureReporter implements vscode.Disposable {
  private readonly gate = new FailureGate();
  private readonly correlation = new BlockedStartCorrelator<Sighting>();
  private readonly shown = new vscode.EventEmitter<ShownFailureNotice>();
  readonly onDidShow = this.shown.event;

  constructor(
    private readonly ctx: Ds01Context,
    private readonly diagnostics: FailureDiagnostics,
  ) {}

  /**
   * A notice event names the blocked process; the terminal, debug or notebook failure of that process (or burst) is
   * then blocked-host whatever its wording, with its own frames (core/cuda-failure/correlation).
   */
  report(s: Sighting): void {
    if (s.source === 'notice-event' && s.kind === 'blocked-host' && s.pid !== undefined) {
      const linked = this.correlation.start({ pid: s.pid, ppid: s.ppid ?? 0, at: s.at, cwd: s.cwd });
      for (const t of linked) {
        this.ctx.log.info(`notice event of pid ${s.pid} is the same process as a ${t.source} failure (${t.kind}): blocked-host`);
        this.show({ ...t, kind: 'blocked-host', pid: s.pid, commandLine: t.commandLine ?? s.commandLine });
      }
      if (linked.length > 0) return;
    } else if (s.source !== 'notice-event') {
      const kind = this.correlation.text(s);
      if (kind !== s.kind) {
        this.ctx.log.info(`${s.source} failure (${s.kind}) is a blocked start the notice library saw: blocked-host`);
        s = { ...s, kind };
      }
    }
    this.show(s);
  }

  private show(s: Sighting): void {
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
      kind: s.kind,
      message: s.message,
      exempt: view ? view.limits.exempt : null,
      report: view?.report ?? null,
      target,
      canRerun: Boolean(s.commandLine),
      containers: view?.containers ?? [],
      inventory: view?.inventory ?? null,
    });
    const notice: ShownFailureNotice = {
      source: s.source,
      kind: s.kind,
      severity: prompt.severity,
      message: prompt.message,
      actions: [...prompt.labels],
      commandLine: s.commandLine,
      at: s.at,
    };
    this.shown.fire(notice);
    const show =
      prompt.severity === 'warning'
        ? vscode.window.showWarningMessage
        : prompt.severity === 'info'
          ? vscode.window.showInformationMessage
          : vscode.window.showErrorMessage;
    void show(prompt.message, ...prompt.labels).then((choice) => {
      const action = prompt.actions[prompt.labels.indexOf(choice ?? '')];
      if (action) void runFailureAction(action, s, this.ctx);
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

export async function runFailureAction(action: FailureAction, s: Pick<Sighting, 'commandLine' | 'cwd'>, ctx: Ds01Context): Promise<unknown> {
  switch (action) {
    // Deploy Container's last notification then offers to re-run the failed command in the new container.
    case ACTION_DEPLOY: {
      const deployArgs = s.commandLine ? [{ rerun: { commandLine: s.commandLine, cwd: s.cwd } }] : [];
      return runDeployFor(folderOf(s.cwd), ctx.state.engine, ctx.state.user.uid, deployArgs);
    }
    case ACTION_RUN_IN_CONTAINER:
      return vscode.commands.executeCommand('ds01.runInContainer', { commandLine: s.commandLine, cwd: s.cwd });
    case ACTION_SHOW_LIMITS:
      return vscode.commands.executeCommand('ds01.showLimits');
    case ACTION_DONT_SHOW:
      return vscode.workspace.getConfiguration(SECTION).update('failures.showPrompt', false, vscode.ConfigurationTarget.Global);
  }
}
