// A notice-library event as a failure the extension reports: which kind, and the command to re-run.
import type { CudaEvent } from './event';
import type { CudaFailureKind } from './types';

const CUDA_ERROR_NO_DEVICE = 100;

export interface EventFailure {
  kind: CudaFailureKind;
  pid: number;
  /** The process's argv as one line for `sh -c` (each word quoted when it needs to be). */
  commandLine: string;
  cwd: string;
  /** Milliseconds since the epoch. */
  at: number;
}

/** null for a probe that carried on (exit status 0): the program ran on the CPU as it meant to. */
export function failureOfEvent(event: CudaEvent): EventFailure | null {
  if (event.exit_status === 0) return null;
  return {
    kind: event.cuda_result === CUDA_ERROR_NO_DEVICE ? 'blocked-host' : 'other-cuda',
    pid: event.pid,
    commandLine: shellWords(event.argv.length > 0 ? event.argv : event.exe ? [event.exe] : []),
    cwd: event.cwd,
    at: event.ts,
  };
}

const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX-shell quoting of each word, so `sh -c` sees exactly these argv words. */
export function shellWords(argv: string[]): string {
  return argv.map((w) => (PLAIN_WORD.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}
