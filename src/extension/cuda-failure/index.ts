// Where host CUDA failures are caught inside VS Code (terminals, notebooks, debug sessions, the notice
// library's events) and turned into one notification per burst plus diagnostics with quick fixes.
import * as vscode from 'vscode';
import type { Ds01Context } from '../context';
import { watchDebugSessions } from './debug-source';
import { watchNoticeEvents } from './events-source';
import { FailureDiagnostics } from './failure-diagnostics';
import { FailureReporter } from './failure-reporter';
import { watchNotebooks } from './notebook-source';
import { watchTerminals } from './terminal-source';

export interface FailureWatch extends vscode.Disposable {
  reporter: FailureReporter;
  diagnostics: FailureDiagnostics;
  /** Follows or stops following the events file after a settings change. */
  reconfigure(): void;
}

export function watchFailures(ctx: Ds01Context): FailureWatch {
  const diagnostics = new FailureDiagnostics(ctx);
  const reporter = new FailureReporter(ctx, diagnostics);
  const onFailure = (s: Parameters<FailureReporter['report']>[0]) => reporter.report(s);
  const fixed: vscode.Disposable[] = [
    diagnostics,
    reporter,
    watchTerminals({ onFailure, onSuccess: (cmd) => diagnostics.clearCommand(cmd), log: ctx.log }),
    watchNotebooks({ onFailure, onErrorGone: (cell) => diagnostics.clearOwner(cell.document.uri), log: ctx.log }),
    watchDebugSessions({ onFailure }),
  ];
  let events: vscode.Disposable | undefined;
  const reconfigure = () => {
    const want = ctx.settings().failuresWatchNoticeEvents;
    if (want && !events) events = watchNoticeEvents({ onFailure, log: ctx.log });
    if (!want && events) {
      events.dispose();
      events = undefined;
      ctx.log.info('stopped following notice events (ds01.failures.watchNoticeEvents is off)');
    }
  };
  reconfigure();
  return {
    reporter,
    diagnostics,
    reconfigure,
    dispose: () => {
      events?.dispose();
      for (const d of fixed) d.dispose();
    },
  };
}
