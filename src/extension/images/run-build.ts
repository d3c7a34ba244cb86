// One build from VS Code: a progress notification with the current step and Cancel, the log in the build
// terminal, the diagnostic set or cleared. Returns the result, or undefined when the user cancelled.
import * as vscode from 'vscode';
import { BuildFailed } from '../../core/images/build-log';
import { isProblemError } from '../../core/problem';
import { buildProjectImage, type BuildRequest, type BuildResult } from '../../host/images';
import type { Ds01Context } from '../context';
import { BuildDiagnostics } from './build-diagnostics';
import { BuildLogTerminal } from './build-log-terminal';

export interface ImageOutputs {
  log: BuildLogTerminal;
  diagnostics: BuildDiagnostics;
  /** An image was built or removed: the tree reads the images again. */
  imagesChanged: vscode.EventEmitter<void>;
}

export function createImageOutputs(): ImageOutputs & vscode.Disposable {
  const log = new BuildLogTerminal();
  const diagnostics = new BuildDiagnostics();
  const imagesChanged = new vscode.EventEmitter<void>();
  return {
    log,
    diagnostics,
    imagesChanged,
    dispose: () => {
      log.dispose();
      diagnostics.dispose();
      imagesChanged.dispose();
    },
  };
}

export async function runBuild(ctx: Ds01Context, request: Omit<BuildRequest, 'user' | 'signal' | 'maxBytes'>): Promise<BuildResult | undefined> {
  const outputs = ctx.images;
  const { state } = ctx;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'DS01: building the image', cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      outputs.log.start(`Building ${request.folder}`);
      let last = 0;
      try {
        const result = await buildProjectImage(
          state.engine,
          {
            ...request,
            user: state.user,
            signal: abort.signal,
            maxBytes: ctx.settings().imagesMaxContextMiB * 2 ** 20,
          },
          (e) => {
            outputs.log.event(e);
            if (e.type === 'step') {
              progress.report({ message: `[${e.index}/${e.total}] ${e.instruction.slice(0, 80)}`, increment: ((e.index - last) / e.total) * 100 });
              last = e.index;
            }
          },
        );
        outputs.diagnostics.succeeded(result.dockerfile);
        outputs.log.end(true, `Built ${result.image}`);
        ctx.log.info(`built ${result.image} (${result.id}) from ${result.dockerfile}`);
        outputs.imagesChanged.fire();
        return result;
      } catch (err) {
        if (err instanceof BuildFailed) outputs.diagnostics.failed(err);
        outputs.log.end(false, isProblemError(err) ? err.problem.message : String(err));
        if (isProblemError(err) && err.problem.kind === 'cancelled') {
          void vscode.window.showInformationMessage(`DS01: ${err.problem.message}`);
          return undefined;
        }
        throw err;
      }
    },
  );
}
