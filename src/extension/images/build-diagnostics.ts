// A failed build's diagnostic on the Dockerfile line of the failing step; the next good build of that Dockerfile
// clears it.
import * as vscode from 'vscode';
import type { BuildFailed } from '../../core/images/build-log';

export class BuildDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('ds01-build');

  failed(err: BuildFailed): void {
    const uri = vscode.Uri.file(err.dockerfile);
    const f = err.failure;
    const line = Math.max(0, (f.line ?? 1) - 1);
    const endLine = Math.max(line, (f.endLine ?? f.line ?? 1) - 1);
    const tail = f.tail.length ? `\n${f.tail.slice(-5).join('\n')}` : '';
    const d = new vscode.Diagnostic(
      new vscode.Range(line, 0, endLine, Number.MAX_SAFE_INTEGER),
      `Build failed${f.step !== null ? ` at step ${f.step}/${f.total}` : ''}: ${f.message}${tail}`,
      vscode.DiagnosticSeverity.Error,
    );
    d.source = 'DS01';
    this.collection.set(uri, [d]);
  }

  succeeded(dockerfile: string): void {
    this.collection.delete(vscode.Uri.file(dockerfile));
  }

  dispose(): void {
    this.collection.dispose();
  }
}
