// Notebook cells' error outputs (what kernels report as application/vnd.code.notebook.error). A failure whose
// traceback has a cell frame ("Cell In[3], line 2") carries that cell, so its diagnostic lands in the cell.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { deepestCellFrame, notebookErrorText, recognizeText, type TracebackFrame } from '../../core/cuda-failure';
import type { CellTarget, Sighting } from './sighting';

export const NOTEBOOK_ERROR_MIME = 'application/vnd.code.notebook.error';

export interface NotebookWatchOptions {
  onFailure(s: Sighting): void;
  /** The cell's error is gone (outputs replaced by ones without an error, or the notebook closed). */
  onErrorGone(cell: vscode.NotebookCell): void;
  log: vscode.LogOutputChannel;
}

export function watchNotebooks(options: NotebookWatchOptions): vscode.Disposable {
  // A cell's outputs are reported again when other outputs are added to it: its error is read once.
  const lastError = new WeakMap<vscode.NotebookCell, string>();
  const changed = vscode.workspace.onDidChangeNotebookDocument((e) => {
    for (const change of e.cellChanges) {
      // Outputs cleared or replaced by ones without an error (a new run): the next error counts again.
      if (change.outputs && !change.outputs.some((o) => o.items.some((i) => i.mime === NOTEBOOK_ERROR_MIME))) {
        lastError.delete(change.cell);
        options.onErrorGone(change.cell);
      }
      for (const output of change.outputs ?? []) {
        const error = output.items.find((i) => i.mime === NOTEBOOK_ERROR_MIME);
        if (!error) continue;
        const text = errorText(error.data);
        if (text !== null && lastError.get(change.cell) === text) continue;
        if (text !== null) lastError.set(change.cell, text);
        if (text === null) {
          options.log.warn(`notebook ${e.notebook.uri.toString()}: an error output that is not JSON {name, message, stack}`);
          continue;
        }
        const cwd = e.notebook.uri.scheme === 'file' ? dirname(e.notebook.uri.fsPath) : undefined;
        for (const f of recognizeText(text)) {
          const cell = cellTarget(change.cell, f.frames);
          options.onFailure({ source: 'notebook', kind: f.kind, message: f.message, frames: f.frames, cwd, at: Date.now(), ...(cell ? { cell } : {}) });
        }
      }
    }
  });
  const closed = vscode.workspace.onDidCloseNotebookDocument((nb) => {
    for (const cell of nb.getCells()) options.onErrorGone(cell);
  });
  return vscode.Disposable.from(changed, closed);
}

/** The error JSON's text to recognize; null when it is not JSON. */
export function errorText(data: Uint8Array): string | null {
  try {
    const e = JSON.parse(new TextDecoder().decode(data)) as { name?: unknown; message?: unknown; stack?: unknown };
    const part = (v: unknown) => (typeof v === 'string' ? v : '');
    return notebookErrorText({ name: part(e.name), message: part(e.message), stack: part(e.stack) });
  } catch {
    return null;
  }
}

/**
 * The cell of the deepest cell frame: the cell that ran as In[N], else (no count in the frame, or no such cell
 * any more) the cell whose output it is.
 */
function cellTarget(owner: vscode.NotebookCell, frames: TracebackFrame[]): CellTarget | undefined {
  const frame = deepestCellFrame(frames);
  if (!frame) return undefined;
  const n = frame.executionCount;
  const ran = (c: vscode.NotebookCell) => c.executionSummary?.executionOrder === n;
  const cell = n === null || ran(owner) ? owner : (owner.notebook.getCells().find(ran) ?? owner);
  return { document: cell.document.uri, line: frame.line, owner: owner.document.uri };
}
