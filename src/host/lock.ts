// The host-wide allocation lock. It is a flock(2) on a file in the state dir, held by a small flock(1)
// child process: node has no flock of its own, and a child that exits when our stdin pipe closes releases
// the lock even when this process is killed. Host tools that flock the same file serialise with us.
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { problem } from '../core/problem';

export const LOCK_FILE_NAME = 'gpu-allocation.lock';

export interface LockOptions {
  timeoutMs?: number;
}

export function lockFilePath(stateDir: string): string {
  return join(stateDir, 'locks', LOCK_FILE_NAME);
}

/** Runs `fn` while holding the host-wide lock; refuses with 'lock-timeout' when another deploy holds it too long. */
export async function withHostLock<T>(stateDir: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const file = prepareLockFile(stateDir);
  const release = await acquire(file, options.timeoutMs ?? 30_000);
  try {
    return await fn();
  } finally {
    await release();
  }
}

function prepareLockFile(stateDir: string): string {
  const dir = join(stateDir, 'locks');
  const file = join(dir, LOCK_FILE_NAME);
  try {
    mkdirSync(dir, { recursive: true });
    // Every DS01 process, whatever its user, must be able to open the lock: set modes explicitly, not via umask.
    if (statSync(dir).uid === process.getuid?.()) chmodSync(dir, 0o1777);
    closeSync(openSync(file, 'a'));
    if (statSync(file).uid === process.getuid?.()) chmodSync(file, 0o666);
  } catch (e) {
    throw problem('lock-timeout', `Cannot open the host lock file ${file}: ${(e as Error).message}.`,
      `Ask an administrator to create ${dir} with mode 1777, or set DS01_STATE_DIR to a writable directory.`);
  }
  return file;
}

function acquire(file: string, timeoutMs: number): Promise<() => Promise<void>> {
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const child = spawn('flock', ['-x', '-o', '-w', String(seconds), file, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const release = async (): Promise<void> => {
    child.stdin.end();
    await exited;
  };
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => resolve(release));
    child.once('error', (e) =>
      reject(problem('lock-timeout', `Cannot run flock(1) for the host lock: ${e.message}.`, 'Install util-linux (it provides flock).')));
    void exited.then((code) => {
      reject(problem('lock-timeout', `Another deploy held the host GPU lock ${file} for over ${seconds} s${stderr ? ` (${stderr.trim()})` : ''} (exit ${code}).`,
        'Try again in a moment; if it persists, ask an administrator who holds the lock (fuser ' + file + ').'));
    });
  });
}
