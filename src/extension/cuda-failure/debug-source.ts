// Debug sessions: the adapter's output events (the program's stdout/stderr) through the recognizer.
import * as vscode from 'vscode';
import { CudaFailureRecognizer, type CudaFailure } from '../../core/cuda-failure';
import type { Sighting } from './sighting';

const PROGRAM_OUTPUT = new Set(['stdout', 'stderr', 'console', undefined]);

interface DapMessage {
  type?: string;
  event?: string;
  body?: { category?: string; output?: unknown; systemProcessId?: unknown };
}

export function watchDebugSessions(options: { onFailure(s: Sighting): void }): vscode.Disposable {
  return vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker(session) {
      const recognizer = new CudaFailureRecognizer();
      const folder = session.workspaceFolder?.uri.scheme === 'file' ? session.workspaceFolder.uri.fsPath : undefined;
      const cwd = typeof session.configuration.cwd === 'string' ? session.configuration.cwd : folder;
      let pid: number | undefined;
      const emit = (found: CudaFailure[]) => {
        for (const f of found)
          options.onFailure({
            source: 'debug',
            kind: f.kind,
            message: f.message,
            frames: f.frames,
            cwd,
            pid,
            pids: pid !== undefined ? [pid] : undefined,
            at: Date.now(),
          });
      };
      return {
        onDidSendMessage(m: DapMessage) {
          if (m.type !== 'event') return;
          if (m.event === 'process' && typeof m.body?.systemProcessId === 'number') pid = m.body.systemProcessId;
          if (m.event === 'output' && typeof m.body?.output === 'string' && PROGRAM_OUTPUT.has(m.body.category)) emit(recognizer.push(m.body.output));
        },
        onWillStopSession: () => emit(recognizer.end()),
        onExit: () => emit(recognizer.end()),
      };
    },
  });
}
