// DS01's findings on every devcontainer.json of the workspace (open or not) as diagnostics, with the quick fixes
// core offers as code actions. The same check as `ds01 devcontainer check`; it runs again on each edit, on
// a change of the file on disk, and when the user's per-container GPU cap becomes known or changes.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { checkDevcontainer, positionAt, type CheckContext, type Finding } from '../../core/devcontainer';
import { checkContextFor } from '../../host/devcontainer/context';
import { isDevcontainerFile, workspaceFolderOf } from '../../host/devcontainer/files';
import type { Ds01Context } from '../context';
import { windowLimits } from './limits';

export const DEVCONTAINER_SOURCE = 'DS01';
// Plain name patterns (a brace group with folders in it is not matched everywhere); applies() picks the files
// Dev Containers reads (in .devcontainer/, or .devcontainer.json).
const PATTERNS = ['**/devcontainer.json', '**/.devcontainer.json'];
const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class DevcontainerDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  readonly collection = vscode.languages.createDiagnosticCollection('ds01-devcontainer');
  private readonly subscriptions: vscode.Disposable[];
  private capSeen = '';

  constructor(private readonly ctx: Ds01Context) {
    const watchers = PATTERNS.map((p) => vscode.workspace.createFileSystemWatcher(p));
    this.subscriptions = [
      ...watchers,
      ...watchers.flatMap((w) => [
        w.onDidCreate((uri) => void this.checkFile(uri)),
        w.onDidChange((uri) => void this.checkFile(uri)),
        w.onDidDelete((uri) => this.collection.delete(uri)),
      ]),
      vscode.workspace.onDidOpenTextDocument((doc) => this.checkDocument(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.checkDocument(e.document)),
      // A closed document's diagnostics stay as the file on disk has it.
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (this.applies(doc.uri)) void this.checkFile(doc.uri);
      }),
      ctx.state.onDidChange(() => this.capChanged()),
      vscode.languages.registerCodeActionsProvider(
        PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
        this,
        { providedCodeActionKinds: DevcontainerDiagnostics.kinds },
      ),
    ];
  }

  /** Every devcontainer.json of the workspace; called after the first paint. */
  async checkWorkspace(): Promise<void> {
    this.capSeen = this.capKey();
    const files = await vscode.workspace.findFiles('**/{devcontainer.json,.devcontainer.json}', '**/node_modules/**', 200);
    await Promise.all(files.map((uri) => this.checkFile(uri)));
    for (const doc of vscode.workspace.textDocuments) this.checkDocument(doc);
  }

  /** The findings for a document's text as it is now (tests read them; code actions use them). */
  findings(doc: vscode.TextDocument): Finding[] {
    return checkDevcontainer(doc.getText(), this.context(doc.uri));
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!this.applies(doc.uri)) return [];
    const text = doc.getText();
    const actions: vscode.CodeAction[] = [];
    for (const f of this.findings(doc)) {
      const at = rangeOf(text, f);
      if (!f.quickFix || !at.intersection(range)) continue;
      const action = new vscode.CodeAction(`DS01: ${f.quickFix.title}`, vscode.CodeActionKind.QuickFix);
      const { offset, length, content } = f.quickFix.edit;
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + length)), content);
      action.diagnostics = context.diagnostics.filter((d) => d.source === DEVCONTAINER_SOURCE && d.code === f.code && d.range.isEqual(at));
      action.isPreferred = f.severity !== 'info';
      actions.push(action);
    }
    return actions;
  }

  private checkDocument(doc: vscode.TextDocument): void {
    if (this.applies(doc.uri)) this.publish(doc.uri, doc.getText());
  }

  private async checkFile(uri: vscode.Uri): Promise<void> {
    if (!this.applies(uri)) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.checkDocument(open);
    try {
      this.publish(uri, await readFile(uri.fsPath, 'utf8'));
    } catch {
      this.collection.delete(uri);
    }
  }

  private publish(uri: vscode.Uri, text: string): void {
    this.collection.set(
      uri,
      checkDevcontainer(text, this.context(uri)).map((f) => {
        const d = new vscode.Diagnostic(rangeOf(text, f), `${f.message} ${f.fix}`, SEVERITY[f.severity]);
        d.source = DEVCONTAINER_SOURCE;
        d.code = f.code;
        return d;
      }),
    );
  }

  private context(uri: vscode.Uri): CheckContext {
    return checkContextFor({
      user: this.ctx.state.user,
      limits: windowLimits(this.ctx.state),
      env: this.ctx.state.env,
      workspaceFolder: workspaceFolderOf(uri.fsPath),
    });
  }

  private capKey(): string {
    const limits = windowLimits(this.ctx.state);
    return 'gpus' in limits ? String(limits.gpus.maxPerContainer) : 'unknown';
  }

  private capChanged(): void {
    const key = this.capKey();
    if (key === this.capSeen) return;
    this.capSeen = key;
    this.collection.forEach((uri) => void this.checkFile(uri));
  }

  private applies(uri: vscode.Uri): boolean {
    return uri.scheme === 'file' && isDevcontainerFile(uri.fsPath);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

function rangeOf(text: string, f: Finding): vscode.Range {
  const start = positionAt(text, f.span.offset);
  const end = positionAt(text, f.span.offset + f.span.length);
  return new vscode.Range(start.line, start.character, end.line, end.character);
}
