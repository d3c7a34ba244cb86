// DS01: Show My Limits — the check-limits text in a read-only document (a content provider's scheme).
import * as vscode from 'vscode';
import { checkLimitsText } from '../../core/check-limits/text';
import type { Ds01Context } from '../context';
import { usageShown } from '../../host/users/usage-shown';

export const LIMITS_SCHEME = 'ds01-limits';
export const LIMITS_URI = vscode.Uri.parse(`${LIMITS_SCHEME}:check-limits.txt`);

export class LimitsDocument implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly ctx: Ds01Context) {}

  refresh(): void {
    this.changed.fire(LIMITS_URI);
  }

  provideTextDocumentContent(): string {
    const { view, configProblem } = this.ctx.state;
    if (configProblem) return `DS01: ${configProblem.message}\n  ${configProblem.fix ?? ''}\n`;
    if (!view) return 'DS01: reading limits…\n';
    const problems = [view.engineProblem, view.inventoryProblem].filter((p) => p !== null).map((p) => `\n! ${p!.message}\n  ${p!.fix ?? ''}`);
    return checkLimitsText(view.report, usageShown(view)) + problems.join('\n');
  }
}

export async function showLimits(ctx: Ds01Context): Promise<vscode.TextEditor> {
  await Promise.all([ctx.state.refreshContainers(), ctx.state.readGpus()]);
  const doc = await vscode.workspace.openTextDocument(LIMITS_URI);
  return vscode.window.showTextDocument(doc, { preview: true });
}
