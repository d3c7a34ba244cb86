// `--progress-fd N` of a deploy: each step and each change of place in the GPU queue as one JSON line on fd N
// (contract: src/core/cli-contracts/wait-progress.ts), beside the text on stderr. The VS Code window that starts a
// detached waiter opens that fd on a private file and follows the records, not the text.
import { writeSync } from 'node:fs';
import { waitProgressLine, type WaitProgressLine } from '../core/cli-contracts/wait-progress';
import { problem } from '../core/problem';
import { jsonLine } from './json-output';

export type ProgressRecorder = (record: WaitProgressLine) => void;

/** A writer of progress records on the fd named, or one that writes nothing without --progress-fd. */
export function progressRecorder(fd: string | undefined): ProgressRecorder {
  if (fd === undefined) return () => undefined;
  if (!/^\d{1,4}$/.test(fd) || Number(fd) < 3)
    throw problem(
      'usage',
      `--progress-fd must be an open file descriptor of 3 or more, got ${JSON.stringify(fd)}.`,
      'e.g. --progress-fd 3 (0-2 are stdin, stdout and stderr).',
    );
  const n = Number(fd);
  return (record) => {
    try {
      writeSync(n, jsonLine(waitProgressLine, record));
    } catch {
      // A reader that went away must not stop the deploy: the text on stderr and the answer on stdout remain.
    }
  };
}
