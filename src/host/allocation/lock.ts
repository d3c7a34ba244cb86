// The host-wide allocation lock: flock(2) on locks/gpu-allocation.lock in the state dir, and on DS01's own
// allocator lock (/var/log/ds01/gpu-allocator.lock, taken by gpu_allocator_v2.py) when that file exists, so a
// deploy from VS Code and one from a DS01 shell never pick GPUs at the same moment. node has no flock of its own:
// a flock(1) child holds it on the very file we opened and checked (/proc/self/fd/3 of our descriptor, so no path
// is followed again) until our stdin pipe closes, which also happens when this process is killed. While it holds
// the lock, /proc/locks names a live process of ours, so others can be told who they wait for. Read-only
// descriptors suffice, so nobody needs write access to a lock file.
import { spawn } from 'node:child_process';
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { problem } from '../../core/problem';
import { hostAllocatorLockPath } from '../paths';
import { openSharedFile, ownerName, stillNames } from '../shared-file';
import { ensureHostLayout, layoutOwners, LOCK_FILE_NAME, setupCommand } from './host-layout';

export interface LockOptions {
  timeoutMs?: number;
  /** Told once per lock that another process holds, e.g. "Waiting for the host GPU lock, held by pid 42 (bob, python3)". */
  onWait?: (message: string) => void | Promise<void>;
  /** DS01's own allocator lock; null: none. Default: DS01_HOST_ALLOCATOR_LOCK, else /var/log/ds01/gpu-allocator.lock. */
  hostAllocatorLock?: string | null;
  /** Stops a wait for a lock (Ctrl-C): refused as 'interrupted'. */
  signal?: AbortSignal;
}

export function lockFilePath(stateDir: string): string {
  return join(stateDir, 'locks', LOCK_FILE_NAME);
}

/** Runs `fn` while holding the host-wide locks; refuses with 'lock-timeout' when another process holds one too long. */
export async function withHostLock<T>(stateDir: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const ours = await lockShared(stateDir, timeoutMs, options);
  try {
    const hostFile = options.hostAllocatorLock === undefined ? hostAllocatorLockPath() : options.hostAllocatorLock;
    const host = hostFile ? await lockHostAllocator(hostFile, timeoutMs, options) : null;
    try {
      return await fn();
    } finally {
      await host?.release();
    }
  } finally {
    await ours.release();
  }
}

interface Held {
  release(): Promise<void>;
}

async function lockShared(stateDir: string, timeoutMs: number, options: LockOptions): Promise<Held> {
  ensureHostLayout(stateDir);
  const file = lockFilePath(stateDir);
  for (;;) {
    // Root's, 0644, made at install: flock needs only read access, and nobody but root may change it.
    const { fd, stat } = openSharedFile(file, layoutOwners(stateDir), `Ask an administrator to run: sudo rm ${file} && ${setupCommand(stateDir)}`);
    let held: Held;
    try {
      held = await lockFd(fd, timeoutMs, options, {
        waiting: (holder) => `Waiting for the host GPU lock${holder ? `, held by ${holder}` : ''}`,
        timedOut: (seconds, holder) =>
          problem(
            'lock-timeout',
            `Another deploy held the host GPU lock ${file} for over ${seconds} s${holder ? ` (${holder})` : ''}.`,
            `Try again in a moment; if it persists, ask ${holder ? `${holderOwner(holder)} or ` : ''}an administrator (fuser -v ${file} shows who holds it).`,
          ),
      });
    } finally {
      closeSync(fd);
    }
    // The file's owner may have replaced it while we waited: then we hold a lock nobody else sees.
    if (stillNames(file, stat)) return held;
    await held.release();
  }
}

/** DS01's allocator lock: read-only, never created (absent or closed to us: ours alone, as DS01's own tools fail open). */
async function lockHostAllocator(file: string, timeoutMs: number, options: LockOptions): Promise<Held | null> {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES') return null;
    throw problem(
      'unsafe-file',
      `DS01's allocator lock ${file} cannot be used: ${code === 'ELOOP' ? 'it is a symbolic link' : (e as Error).message}.`,
      `Ask an administrator to make it a plain root-owned file: sudo rm ${file}; sudo install -m 0644 /dev/null ${file}`,
    );
  }
  try {
    if (!fstatSync(fd).isFile()) {
      throw problem(
        'unsafe-file',
        `DS01's allocator lock ${file} is not a regular file.`,
        `Ask an administrator to make it a plain root-owned file: sudo rm ${file}; sudo install -m 0644 /dev/null ${file}`,
      );
    }
    return await lockFd(fd, timeoutMs, options, {
      waiting: (holder) => `Waiting for DS01's allocator lock ${file}${holder ? `, held by ${holder}` : ''}`,
      timedOut: (seconds, holder) =>
        problem(
          'lock-timeout',
          `DS01's GPU allocator lock ${file} was held for over ${seconds} s${holder ? ` by ${holder}` : ''}.`,
          `A DS01 deploy or Dev Container start is allocating GPUs: try again in a moment. If it persists, ask an administrator to check ${holder ? holder : `who holds it (fuser -v ${file})`}.`,
        ),
    });
  } finally {
    closeSync(fd);
  }
}

interface LockWords {
  waiting: (holder: string | null) => string;
  timedOut: (seconds: number, holder: string | null) => Error;
}

const CONFLICT = 75;

async function lockFd(fd: number, timeoutMs: number, options: LockOptions, words: LockWords): Promise<Held> {
  const now = await flock(fd, ['-n']);
  if ('release' in now) return now;
  const ino = fstatSync(fd).ino;
  await options.onWait?.(words.waiting(lockHolder(ino)));
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const got = await flock(fd, ['-w', String(seconds)], options.signal);
  if (options.signal?.aborted) {
    if ('release' in got) await got.release();
    throw problem('interrupted', 'Interrupted while waiting for the host GPU lock: no container was created.', 'Deploy again when you are ready.');
  }
  if ('release' in got) return got;
  if (got.code === CONFLICT) throw words.timedOut(seconds, lockHolder(ino));
  throw problem('lock-timeout', `flock(1) failed with exit ${got.code} on the host lock.`, 'Install util-linux (it provides flock) or ask an administrator.');
}

/**
 * A flock(1) child locking the file open on our `fd` (its /proc/self/fd/3) and holding it until its stdin closes:
 * held, or the exit code (CONFLICT: busy with -n, timed out with -w).
 */
function flock(fd: number, args: string[], signal?: AbortSignal): Promise<Held | { code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('flock', ['-x', '-E', String(CONFLICT), ...args, '/proc/self/fd/3', 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
      stdio: ['pipe', 'pipe', 'ignore', fd],
      signal,
      killSignal: 'SIGKILL',
    });
    const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
    child.stdout!.once('data', () =>
      resolve({
        release: async () => {
          child.stdin!.end();
          await exited;
        },
      }),
    );
    child.once('error', (e) =>
      signal?.aborted
        ? resolve({ code: null })
        : reject(problem('lock-timeout', `Cannot run flock(1) for the host lock: ${e.message}.`, 'Install util-linux (it provides flock).')),
    );
    void exited.then((code) => resolve({ code }));
  });
}

/** "pid 42 (bob, python3)" for the process /proc/locks names as holding a flock on inode `ino`, when readable. */
export function lockHolder(ino: number): string | null {
  let text: string;
  try {
    text = readFileSync('/proc/locks', 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    // "1: FLOCK  ADVISORY  WRITE 4242 00:2d:1234 0 EOF"; waiters' lines carry "->" and hold nothing.
    const m = /^\d+:\s+FLOCK\s+\S+\s+\S+\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line);
    if (!m || Number(m[2]) !== ino) continue;
    const pid = Number(m[1]);
    let who = '';
    try {
      who = ownerName(statSync(`/proc/${pid}`).uid);
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm) who += `, ${comm}`;
    } catch {
      // The holder may have exited, or /proc hides it (hidepid).
    }
    return who ? `pid ${pid} (${who})` : `pid ${pid}`;
  }
  return null;
}

function holderOwner(holder: string): string {
  const m = /\(([^,)]+)/.exec(holder);
  return m ? m[1] : holder;
}
