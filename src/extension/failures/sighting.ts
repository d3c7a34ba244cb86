// A failure as one of the watchers saw it, before the gate decides whether it becomes a notification.
import type { FailureSource } from '../../core/failure-gate';
import type { CudaFailureKind, TracebackFrame } from '../../core/cuda-failure';

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
  /** Milliseconds since the epoch. */
  at: number;
}

/** What the user was shown: the test API hands these to the in-VS Code suite. */
export interface ShownFailureNotice {
  source: FailureSource;
  kind: CudaFailureKind;
  severity: 'warning' | 'error';
  message: string;
  actions: string[];
  commandLine?: string;
  at: number;
}
