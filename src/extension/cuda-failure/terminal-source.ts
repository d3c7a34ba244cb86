// Integrated terminals with shell integration: each command's output goes through the recognizer as it
// streams. read() only yields what is written after the first call, so it is called at once on start.
import * as vscode from 'vscode';
import { CudaFailureRecognizer, type CudaFailure } from '../../core/cuda-failure';
import type { Sighting } from './sighting';

export interface TerminalSourceOptions {
  onFailure(s: Sighting): void;
  /** A command finished with exit code 0 (the diagnostics of its last failure go). */
  onSuccess(commandLine: string): void;
  log: vscode.LogOutputChannel;
}

export function watchTerminals(options: TerminalSourceOptions): vscode.Disposable {
  const started = vscode.window.onDidStartTerminalShellExecution((e) => {
    const execution = e.execution;
    const stream = execution.read();
    const commandLine = execution.commandLine.value;
    const cwd = execution.cwd?.scheme === 'file' ? execution.cwd.fsPath : undefined;
    options.log.trace(`terminal command started: ${commandLine}${cwd ? ` in ${cwd}` : ''}`);
    const recognizer = new CudaFailureRecognizer();
    // The shell's pid: the notice library's event for a command names it as the parent.
    let shellPid: number | undefined;
    void Promise.resolve(e.terminal.processId).then(
      (p) => {
        shellPid = p;
      },
      () => undefined,
    );
    const emit = (found: CudaFailure[]) => {
      for (const f of found) {
        options.onFailure({
          source: 'terminal',
          kind: f.kind,
          message: f.message,
          frames: f.frames,
          commandLine: commandLine || undefined,
          cwd,
          at: Date.now(),
          ...(shellPid !== undefined ? { pids: [shellPid] } : {}),
        });
      }
    };
    void (async () => {
      try {
        for await (const chunk of stream) emit(recognizer.push(chunk));
      } catch (err) {
        options.log.warn(`terminal output of "${commandLine}" could not be read: ${String(err)}`);
      }
      emit(recognizer.end());
    })();
  });
  const ended = vscode.window.onDidEndTerminalShellExecution((e) => {
    const commandLine = e.execution.commandLine.value;
    options.log.trace(`terminal command ended (${e.exitCode ?? 'no exit code'}): ${commandLine}`);
    if (e.exitCode === 0 && commandLine) options.onSuccess(commandLine);
  });
  return vscode.Disposable.from(started, ended);
}
