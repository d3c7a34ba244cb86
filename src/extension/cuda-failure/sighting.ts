// A failure as one of the watchers saw it, before the gate decides whether it becomes a notification.
import type { FailureSource } from '../../core/cuda-failure/gate';
import type * as vscode from 'vscode';
import type { CudaFailureKind, TracebackFrame } from '../../core/cuda-failure';

/** A notebook failure's cell: where its traceback's deepest cell frame points, and whose output held the error. */
export interface CellTarget {
  /** The text document of the cell the frame is in (a vscode-notebook-cell: URI). */
  document: vscode.Uri;
  /** 1-based line within that cell. */
  line: number;
  /** The text document of the cell whose error output it was: re-running that cell clears the diagnostic. */
  owner: vscode.Uri;
}

export interface Sighting {
  source: FailureSource;
  kind: CudaFailureKind;
  message: string;
  frames: TracebackFrame[];
  /** The command that failed, as typed (terminal) or as argv quoted for sh (notice event). */
  commandLine?: string;
  /** Host folder it ran in; relative traceback paths are resolved against it. */
  cwd?: string;
  pid?: number;
  /** Notice events: the failing process's parent. */
  ppid?: number;
  /** Text failures: the processes whose output it was (a terminal's shell, a debuggee), to link notice events to. */
  pids?: number[];
  /** Notebook failures whose traceback has a cell frame. */
  cell?: CellTarget;
  /** Milliseconds since the epoch. */
  at: number;
}

/** What the user was shown: the test API hands these to the in-VS Code suite. */
export interface ShownFailureNotice {
  source: FailureSource;
  kind: CudaFailureKind;
  severity: 'warning' | 'error' | 'info';
  message: string;
  actions: string[];
  commandLine?: string;
  at: number;
}
