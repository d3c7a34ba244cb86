// Notebook cells' error outputs (what kernels report as application/vnd.code.notebook.error).
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { recognizeText } from '../../core/cuda-failure';
import type { Sighting } from './sighting';

export const NOTEBOOK_ERROR_MIME = 'application/vnd.code.notebook.error';
export function watchNotebooks(options: { onFailure(s: Sighting): void; log: vscode.LogOutputChannel }): vscode.Disposable {
  // A cell's outputs are reported again when other outputs are added to it: its error is read once.
  const lastError = new WeakMap<vscode.NotebookCell, string>();
  return vscode.workspace.onDidChangeNotebookDocument((e) => {
    for (const change of e.cellChanges) {
      // Outputs cleared or replaced by ones without an error (a new run): the next error counts again.
      if (change.outputs && !change.outputs.some((o) => o.items.some((i) => i.mime === NOTEBOOK_ERROR_MIME))) lastError.delete(change.cell);
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
          options.onFailure({ source: 'notebook', kind: f.kind, message: f.message, frames: f.frames, cwd, at: Date.now() });
        }
      }
    }
  });
}

/** name + message + stack of the error JSON; ipykernel's stack already starts with the traceback. */
export function errorText(data: Uint8Array): string | null {
  try {
    const e = JSON.parse(new TextDecoder().decode(data)) as { name?: unknown; message?: unknown; stack?: unknown };
    const part = (v: unknown) => (typeof v === 'string' ? v : '');
    return `${part(e.stack)}\n${part(e.name)}: ${part(e.message)}\n`;
  } catch {
    return null;
  }
}
