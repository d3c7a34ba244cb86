// One nvidia-smi reading shared by many readers (issue 14). Every focused VS Code window polls, and every
// `ds01 gpus` / `check-limits` reads too; on a real host nvidia-smi is slow and the host has many users.
// - Per host: when an administrator runs `ds01 gpu-reader` (ds01-gpu-reader.service), its reading in
//   /run/ds01/gpu-reading.json is used while fresh, and only if root wrote it: the file and its folder owned by
//   root, not group- or other-writable, not links. Anything else is ignored, never trusted.
// - Per user: a reading kept in $XDG_RUNTIME_DIR/ds01 (0700) is used while younger than the refresh interval.
//   When it is stale, one process at a time reads nvidia-smi, under a flock on a file in that folder; the others
//   wait for the lock and then use what it wrote. A reading is written to a fresh file and renamed into place,
//   so no reader sees half of one.
// A process never takes its own earlier reading for a fresh one: a window polling every interval reads on time,
// as without sharing, and only other windows and runs use what it read. A reading counts as fresh for 4/5 of the
// interval (stamped when its reader got the lock), so what a window shows is never much older than the interval.
import { spawn } from 'node:child_process';
import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GpuInventory } from '../../core/model';
import { isProblemError, ProblemError, type Problem } from '../../core/problem';
import { privateDir, readCheckedFile, readPrivateFile, userRuntimeDir, writePrivateFile, fingerprint } from '../private-files';

export const DEFAULT_HOST_READING = '/run/ds01/gpu-reading.json';
export const DEFAULT_REFRESH_MS = 5000;
export const READING_FORMAT = 1;
/** How long a reader waits for another's nvidia-smi run before reading itself. */
const LOCK_WAIT_S = 15;

export interface ReadingSharing {
  /** The user's runtime folder; null: no per-user sharing (no XDG_RUNTIME_DIR). */
  userDir: string | null;
  /** The host service's file; null: not used. */
  hostFile: string | null;
  /** The readers' refresh interval: a reading younger than 4/5 of it is used as it is. */
  maxAgeMs: number;
  /** Which nvidia-smi: readings of another command are not shared with this one. */
  command: string;
}

/** What a reading file holds: the inventory, or the problem nvidia-smi had, and when the read started. */
export interface SharedReading {
  format: number;
  command: string;
  readAt: number;
  /** The process that read it (0: the host service). */
  pid: number;
  inventory?: GpuInventory;
  problem?: Problem;
}

/**
 * From the environment: XDG_RUNTIME_DIR, DS01_HOST_READING (the host file; `off` to ignore it) and
 * DS01_GPU_REFRESH_SECONDS (the extension sets it from ds01.gpuRefreshSeconds; default 5).
 */
export function readingSharing(command: string, env: NodeJS.ProcessEnv = process.env): ReadingSharing {
  const seconds = Number(env.DS01_GPU_REFRESH_SECONDS);
  const host = env.DS01_HOST_READING?.trim();
  return {
    userDir: userRuntimeDir(env),
    hostFile: host === 'off' ? null : host || DEFAULT_HOST_READING,
    maxAgeMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_REFRESH_MS,
    command,
  };
}

/** A fresh shared reading if there is one, else `read()` (once per user at a time) kept for the others. */
export async function sharedInventory(read: () => Promise<GpuInventory>, sharing: ReadingSharing, now = Date.now, self = process.pid): Promise<GpuInventory> {
  const fresh = (r: SharedReading | null) => r !== null && r.pid !== self && now() - r.readAt < sharing.maxAgeMs * 0.8 && r.readAt <= now() + 1000;
  const host = sharing.hostFile ? readHostReading(sharing.hostFile) : null;
  if (fresh(host)) return answer(host!);

  const dir = sharing.userDir;
  if (dir === null || !privateDir(dir)) return read();
  const name = `gpu-reading-${fingerprint(sharing.command)}.json`;
  const mine = () => {
    const r = parseReading(readPrivateFile(dir, name, 16 * 1024 * 1024)?.data);
    return r && r.command === sharing.command ? r : null;
  };
  const before = mine();
  if (fresh(before)) return answer(before!);

  const release = await lock(join(dir, `${name}.lock`));
  try {
    const meanwhile = mine();
    if (fresh(meanwhile)) return answer(meanwhile!);
    const readAt = now();
    let reading: SharedReading;
    try {
      reading = { format: READING_FORMAT, command: sharing.command, readAt, pid: self, inventory: await read() };
    } catch (e) {
      if (!isProblemError(e)) throw e;
      reading = { format: READING_FORMAT, command: sharing.command, readAt, pid: self, problem: e.problem };
    }
    writePrivateFile(dir, name, JSON.stringify(reading));
    return answer(reading);
  } finally {
    await release();
  }
}

function answer(r: SharedReading): GpuInventory {
  if (r.inventory) return r.inventory;
  throw new ProblemError(r.problem!);
}

function parseReading(data: Buffer | undefined): SharedReading | null {
  if (!data) return null;
  try {
    const r = JSON.parse(data.toString('utf8')) as SharedReading;
    const inv = r?.inventory;
    const ok =
      r.format === READING_FORMAT &&
      typeof r.command === 'string' &&
      typeof r.readAt === 'number' &&
      typeof r.pid === 'number' &&
      (inv
        ? Array.isArray(inv.gpus) && Array.isArray(inv.slots) && Array.isArray(inv.processes)
        : typeof r.problem?.kind === 'string' && typeof r.problem.message === 'string');
    return ok ? r : null;
  } catch {
    return null;
  }
}

/** The host service's reading, only if root wrote it and nobody else could have: else null. */
export function readHostReading(file: string): SharedReading | null {
  if (!rootOnly(dirname(file), true)) return null;
  const read = readCheckedFile(file, (st) => st.uid === 0 && (st.mode & 0o022) === 0, 16 * 1024 * 1024);
  return read && parseReading(read.data);
}

function rootOnly(path: string, directory: boolean): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | (directory ? constants.O_DIRECTORY : 0));
  } catch {
    return false;
  }
  try {
    const st = fstatSync(fd);
    return st.uid === 0 && (st.mode & 0o022) === 0;
  } finally {
    closeSync(fd);
  }
}

/**
 * flock(2) on `file`, held by a flock(1) child (node has no flock; host/allocation/lock.ts does the same for deploys):
 * released when we end its stdin, or when this process dies. Without flock(1), or after LOCK_WAIT_S, the
 * caller goes on without the lock: one extra nvidia-smi run is better than no figures.
 */
function lock(file: string): Promise<() => Promise<void>> {
  return new Promise((resolve) => {
    const child = spawn('flock', ['-x', '-w', String(LOCK_WAIT_S), file, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const exited = new Promise<void>((r) => child.once('close', () => r()));
    const release = async () => {
      child.stdin.end();
      await exited;
    };
    child.stdout.once('data', () => resolve(release));
    child.once('error', () => resolve(async () => undefined));
    void exited.then(() => resolve(async () => undefined));
  });
}
