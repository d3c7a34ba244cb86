// One error notification per failed command (commands/register.ts calls it for every command), with the module's full reason and its next step.
import * as vscode from 'vscode';
import { isProblemError, problemText } from '../core/problem';

export function showCommandProblem(what: string, err: unknown, log: vscode.LogOutputChannel): void {
  if (isProblemError(err)) {
    const p = err.problem;
    log.warn(`${what}: ${p.kind}: ${p.message}${p.fix ? ` | ${p.fix}` : ''}`);
    void vscode.window.showErrorMessage(`DS01: ${problemText(p)}`);
    return;
  }
  log.error(`${what} failed: ${String((err as Error)?.stack ?? err)}`);
  void vscode.window.showErrorMessage(`DS01: ${what} failed unexpectedly: ${(err as Error)?.message ?? String(err)}. See the DS01 output.`);
}
