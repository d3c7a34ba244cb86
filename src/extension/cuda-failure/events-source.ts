// The notice library's events file: one line per blocked CUDA start, written at the process's exit, so
// kernels, tasks and debug sessions are caught even when no text reaches VS Code.
import type * as vscode from 'vscode';
import { failureOfEvent } from '../../core/cuda-failure/event-failure';
import { CudaEventsTail, cudaEventsFilePath } from '../../host/cuda-failure/events-file';
import type { Sighting } from './sighting';

export function watchNoticeEvents(options: { onFailure(s: Sighting): void; log: vscode.LogOutputChannel; env?: NodeJS.ProcessEnv }): vscode.Disposable {
  const file = cudaEventsFilePath(options.env ?? process.env);
  const tail = new CudaEventsTail(file, {
    onEvent: (event) => {
      const f = failureOfEvent(event);
      if (!f) {
        options.log.debug(`notice event of pid ${event.pid}: exit status 0, a probe that carried on`);
        return;
      }
      options.onFailure({
        source: 'notice-event',
        kind: f.kind,
        pid: f.pid,
        ppid: event.ppid,
        commandLine: f.commandLine || undefined,
        cwd: f.cwd || undefined,
        message: `cuInit returned ${event.cuda_result} in ${event.exe || event.argv[0] || `pid ${event.pid}`}`,
        frames: [],
        at: f.at,
      });
    },
    onBadLine: (reason, line) => options.log.warn(`${file}: skipped a line (${reason}): ${line}`),
  });
  try {
    tail.start();
    options.log.info(`following notice events in ${file}`);
  } catch (err) {
    options.log.warn(`cannot follow ${file}: ${String(err)}`);
  }
  return { dispose: () => tail.dispose() };
}
