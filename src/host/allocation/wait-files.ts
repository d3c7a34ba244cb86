// The files through which a window follows a detached GPU waiter (`ds01 container deploy NAME --wait --json`):
// <name>.pid (pid and start time), .out (its JSON answer), .progress (its progress records, JSON lines) and .err
// (its text for people), in a folder of this
// user alone, under their runtime or cache folder (never at a predictable name in /tmp). The folder is checked before use and every read goes through
// readCheckedTail, so a link or
// FIFO planted in a file's place is neither followed nor blocks the window.
import { closeSync, constants as C, lstatSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { problem } from '../../core/problem';
import { privateDir, readCheckedTail, userCacheDir, userRuntimeDir, writePrivateFile } from '../private-files';

export type WaitFile = 'pid' | 'out' | 'err' | 'progress';
const WAIT_FILES: WaitFile[] = ['pid', 'out', 'err', 'progress'];
/** What is read of one wait file: its end, where a long wait's latest progress line is. */
const MAX_READ_BYTES = 64 * 1024;

const myUid = (): number => process.getuid?.() ?? 0;

/**
 * Per-user folder (0700) for the waiters' pid and output files, inside this user's own runtime folder
 * ($XDG_RUNTIME_DIR/ds01), else their cache ($XDG_CACHE_HOME/ds01 or ~/.cache/ds01): never at a name in a shared
 * folder such as /tmp, which another user could make first. Refused if it is not this user's alone.
 */
export function waitFilesDir(env: NodeJS.ProcessEnv = process.env): string {
  const uid = myUid();
  const parent = [userRuntimeDir(env), userCacheDir(env)].find((d) => d !== null && privateDir(d));
  if (!parent) {
    throw problem(
      'internal',
      `No private folder for GPU waits: ${userRuntimeDir(env) ?? '$XDG_RUNTIME_DIR'} and ${userCacheDir(env)} are missing or not yours alone (0700).`,
      `Make ${userCacheDir(env)} a folder of yours, mode 0700 (mkdir -p -m 700 ${userCacheDir(env)}).`,
    );
  }
  const dir = join(parent, 'waits');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) {
    throw problem('internal', `The folder ${dir} for GPU waits is not yours alone.`, `Remove it and try again: rm -rf ${dir}`);
  }
  return dir;
}

/** Names of waits this user started from any window and whose pid files remain. */
export function pendingWaits(env: NodeJS.ProcessEnv): string[] {
  try {
    return readdirSync(waitFilesDir(env))
      .filter((f) => f.endsWith('.pid'))
      .map((f) => f.slice(0, -4));
  } catch {
    return [];
  }
}

/**
 * Fresh .out, .err and .progress files (0600, emptied, never through a link) for a waiter's stdout, stderr and
 * progress fd; the caller closes them.
 */
export function openWaitOutputs(dir: string, name: string): { out: number; err: number; progress: number; close: () => void } {
  const opened: number[] = [];
  const close = () => {
    for (const fd of opened) closeSync(fd);
  };
  try {
    for (const ext of ['out', 'err', 'progress'] as const)
      opened.push(openSync(join(dir, `${name}.${ext}`), C.O_WRONLY | C.O_CREAT | C.O_TRUNC | C.O_NOFOLLOW, 0o600));
  } catch (e) {
    close();
    throw e;
  }
  const [out, err, progress] = opened;
  return { out, err, progress, close };
}

/** Records the waiter's pid and start time at once: a window never reads half of it. */
export function writeWaitPid(dir: string, name: string, pid: number, start: string): void {
  if (!writePrivateFile(dir, `${name}.pid`, `${pid} ${start}\n`)) {
    throw problem('internal', `Could not write ${join(dir, `${name}.pid`)} for the GPU waiter (pid ${pid}).`, `Check that ${dir} is yours and writable.`);
  }
}

/** The end (at most 64 KiB) of one of this user's wait files; '' when it is missing, not a regular file of ours, or unreadable. */
export function readWaitFile(dir: string, name: string, file: WaitFile): string {
  const read = readCheckedTail(join(dir, `${name}.${file}`), (st) => st.uid === myUid(), MAX_READ_BYTES);
  return read ? read.data.toString('utf8') : '';
}

/** Removes a finished wait's files. */
export function removeWaitFiles(dir: string, name: string): void {
  for (const ext of WAIT_FILES) rmSync(join(dir, `${name}.${ext}`), { force: true });
}
