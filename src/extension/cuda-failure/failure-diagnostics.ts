// A "DS01" diagnostic on the user's own frame of a CUDA failure's traceback (the deepest frame in a workspace
// file, else the notebook cell the traceback points at), with quick fixes: the CPU fallback edit when the line
// hard-codes "cuda", Deploy Container, Run in My Container. A diagnostic goes when its line is edited, when the
// same command next succeeds, or when the notebook cell whose error it was loses that error (re-run, closed).
import { isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import { cellFrame, explainFailure, userFrame, type CudaFailureKind } from '../../core/cuda-failure';
import { cpuFallbackEdits } from '../../core/cuda-failure/cpu-fallback';
import { ACTION_DEPLOY, ACTION_RUN_IN_CONTAINER, BLOCKED_SENTENCE } from '../../core/cuda-failure/prompt';
import { containerForFolder } from '../../core/containers/run-in-container';
import type { Ds01Context } from '../context';
import { folderOf } from '../workspace-folder';
import type { Sighting } from './sighting';

export const DIAGNOSTIC_SOURCE = 'DS01';

interface Entry {
  diagnostic: vscode.Diagnostic;
  line: number;
  kind: CudaFailureKind;
  commandLine?: string;
  cwd?: string;
  /** The notebook cell (its document URI) whose error output this came from. */
  owner?: string;
}

/** Documents the quick fixes are offered in: files and notebook cells. */
const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'vscode-notebook-cell' }];

export class FailureDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  readonly collection = vscode.languages.createDiagnosticCollection('ds01');
  private readonly entries = new Map<string, Entry[]>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly ctx: Ds01Context) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => this.edited(e)),
      vscode.languages.registerCodeActionsProvider(SELECTOR, this, { providedCodeActionKinds: FailureDiagnostics.kinds }),
    ];
  }

  /** Places the diagnostic for a sighting with frames; files outside the workspace get none. */
  async add(s: Sighting): Promise<vscode.Diagnostic | undefined> {
    const at = fileTarget(s) ?? (s.cell ? { uri: s.cell.document, line: s.cell.line } : undefined);
    if (!at) return undefined;
    const uri = at.uri;
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = at.line - 1;
    if (line < 0 || line >= doc.lineCount) return undefined;
    const text = doc.lineAt(line);
    const range = new vscode.Range(line, text.firstNonWhitespaceCharacterIndex, line, text.text.length);
    const what = s.kind === 'blocked-host' ? BLOCKED_SENTENCE : explainFailure({ kind: s.kind }).explanation;
    const severity =
      s.kind === 'blocked-host'
        ? vscode.DiagnosticSeverity.Warning
        : s.kind === 'cpu-fallback'
          ? vscode.DiagnosticSeverity.Information
          : vscode.DiagnosticSeverity.Error;
    const diagnostic = new vscode.Diagnostic(range, `${what} (${s.message})`, severity);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = s.kind;
    const list = (this.entries.get(uri.toString()) ?? []).filter((e) => e.line !== line);
    list.push({ diagnostic, line, kind: s.kind, commandLine: s.commandLine, cwd: s.cwd, owner: s.cell?.owner.toString() });
    this.set(uri, list);
    return diagnostic;
  }

  /** The same command ran again and succeeded: its failures are gone. */
  clearCommand(commandLine: string): void {
    this.clearWhere((e) => e.commandLine === commandLine);
  }

  /** The notebook cell whose error output they came from has lost that error. */
  clearOwner(cell: vscode.Uri): void {
    const owner = cell.toString();
    this.clearWhere((e) => e.owner === owner);
  }

  private clearWhere(gone: (e: Entry) => boolean): void {
    for (const [key, list] of this.entries) {
      const kept = list.filter((e) => !gone(e));
      if (kept.length !== list.length) this.set(vscode.Uri.parse(key), kept);
    }
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const list = this.entries.get(doc.uri.toString());
    if (!list) return [];
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const entry =
        d.source === DIAGNOSTIC_SOURCE
          ? list.find((e) => e.diagnostic === d || (e.line === d.range.start.line && e.diagnostic.message === d.message))
          : undefined;
      if (!entry) continue;
      // A run that already fell back to the CPU needs no CPU-fallback edit.
      const edits = entry.line < doc.lineCount && entry.kind !== 'cpu-fallback' ? cpuFallbackEdits(doc.lineAt(entry.line).text) : [];
      if (edits.length > 0) {
        const fix = new vscode.CodeAction(edits[0].title, vscode.CodeActionKind.QuickFix);
        fix.edit = new vscode.WorkspaceEdit();
        for (const e of edits) fix.edit.replace(doc.uri, new vscode.Range(entry.line, e.start, entry.line, e.end), e.replacement);
        fix.diagnostics = [d];
        fix.isPreferred = true;
        actions.push(fix);
      }
      const deploy = new vscode.CodeAction(`DS01: ${ACTION_DEPLOY}`, vscode.CodeActionKind.QuickFix);
      deploy.command = { command: 'ds01.deploy', title: ACTION_DEPLOY };
      deploy.diagnostics = [d];
      actions.push(deploy);
      const target = containerForFolder(this.ctx.state.view?.containers ?? [], folderOf(entry.cwd));
      if (target && entry.commandLine) {
        const run = new vscode.CodeAction(`DS01: ${ACTION_RUN_IN_CONTAINER} (${target.container.displayName})`, vscode.CodeActionKind.QuickFix);
        run.command = { command: 'ds01.runInContainer', title: ACTION_RUN_IN_CONTAINER, arguments: [{ commandLine: entry.commandLine, cwd: entry.cwd }] };
        run.diagnostics = [d];
        actions.push(run);
      }
    }
    return actions;
  }

  /** An edit on a diagnostic's line removes it; edits above move it with its line. */
  private edited(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const list = this.entries.get(key);
    if (!list || e.contentChanges.length === 0) return;
    let kept = list;
    for (const change of e.contentChanges) {
      const { start, end } = change.range;
      const delta = (change.text.match(/\n/g)?.length ?? 0) - (end.line - start.line);
      kept = kept.flatMap((entry) => {
        if (entry.line >= start.line && entry.line <= end.line) return [];
        if (entry.line > end.line && delta !== 0) {
          const line = entry.line + delta;
          const r = entry.diagnostic.range;
          const moved = new vscode.Diagnostic(
            new vscode.Range(line, r.start.character, line, r.end.character),
            entry.diagnostic.message,
            entry.diagnostic.severity,
          );
          moved.source = DIAGNOSTIC_SOURCE;
          moved.code = entry.diagnostic.code;
          return [{ ...entry, line, diagnostic: moved }];
        }
        return [entry];
      });
    }
    if (kept !== list) this.set(e.document.uri, kept);
  }

  private set(uri: vscode.Uri, list: Entry[]): void {
    if (list.length === 0) {
      this.entries.delete(uri.toString());
      this.collection.delete(uri);
    } else {
      this.entries.set(uri.toString(), list);
      this.collection.set(
        uri,
        list.map((e) => e.diagnostic),
      );
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

/** The deepest user frame in a workspace file; none when a notebook cell is deeper or no frame is in the workspace. */
function fileTarget(s: Sighting): { uri: vscode.Uri; line: number } | undefined {
  const uriOf = (file: string) => vscode.Uri.file(isAbsolute(file) ? file : resolve(folderOf(s.cwd), file));
  const frame = userFrame(s.frames, (f) => cellFrame(f) !== undefined || vscode.workspace.getWorkspaceFolder(uriOf(f.file)) !== undefined);
  if (!frame || cellFrame(frame)) return undefined;
  return { uri: uriOf(frame.file), line: frame.line };
}
