// Files only this user may write: the user's cache ($XDG_CACHE_HOME/ds01, else ~/.cache/ds01) and runtime
// ($XDG_RUNTIME_DIR/ds01) folders. What is read from them decides what runs (the code cache) and what is
// shown (inspect and GPU caches), so a folder or file that another user could have written is not used:
// the folder must be ours and 0700, a file ours, regular and not group/other-writable, opened without
// following links and checked through its descriptor. Writes go to a fresh file (O_EXCL) renamed into
// place, so a reader sees the old content or the new, never half of one.
import { closeSync, constants, fchmodSync, fstatSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_DIRECTORY } = constants;

/** $XDG_CACHE_HOME/ds01, else ~/.cache/ds01: kept across logins, safe to delete. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(env.HOME || homedir(), '.cache');
  return join(base, 'ds01');
}

/** $XDG_RUNTIME_DIR/ds01 (a tmpfs of this login, gone at logout); null when the session has none. */
export function userRuntimeDir(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.XDG_RUNTIME_DIR && env.XDG_RUNTIME_DIR.startsWith('/') ? join(env.XDG_RUNTIME_DIR, 'ds01') : null;
}

function euid(): number {
  return process.geteuid?.() ?? -1;
}

/**
 * Creates `dir` (0700) if missing and answers whether it may be trusted: a real folder (not a link), owned
 * by this user, with no access for group or others. False means: do not read or write caches there.
 */
export function privateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = openSync(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    try {
      const st = fstatSync(fd);
      return st.isDirectory() && st.uid === euid() && (st.mode & 0o077) === 0;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** What a private file holds, with when it was last written; null when absent or not trustworthy. */
export interface PrivateFile {
  data: Buffer;
  mtimeMs: number;
}

export function readPrivateFile(dir: string, name: string, maxBytes = 64 * 1024 * 1024): PrivateFile | null {
  const file = readCheckedFile(join(dir, name), (st) => st.uid === euid() && (st.mode & 0o022) === 0, maxBytes);
  return file && { data: file.data, mtimeMs: file.stats.mtimeMs };
}

/** What a checked read took from a file: its bytes and the stats of the descriptor they came from. */
export interface CheckedFile {
  data: Buffer;
  stats: Stats;
}

/**
 * The whole of a regular file opened without following links (nor blocking on a FIFO), when its descriptor's
 * stats pass `trusted` and it holds at most `maxBytes`; null otherwise, or when it could not be read whole.
 * With readCheckedTail, how src/host reads a whole file or a log's end that someone else might have planted.
 */
export function readCheckedFile(path: string, trusted: (st: Stats) => boolean, maxBytes: number): CheckedFile | null {
  return withCheckedFile(path, trusted, (fd, st) => {
    if (st.size > maxBytes) return null;
    const data = readAt(fd, st.size, 0);
    return data.length === st.size ? { data, stats: st } : null;
  });
}

/**
 * The last `maxBytes` of a file checked as readCheckedFile does (for logs that grow: only their end matters;
 * `stats.size > maxBytes` tells that the start was left out).
 */
export function readCheckedTail(path: string, trusted: (st: Stats) => boolean, maxBytes: number): CheckedFile | null {
  return withCheckedFile(path, trusted, (fd, st) => {
    const length = Math.min(st.size, maxBytes);
    return { data: readAt(fd, length, st.size - length), stats: st };
  });
}

/** Opens `path` without following links or blocking, and hands a regular file that passes `trusted` to `read`. */
function withCheckedFile<T>(path: string, trusted: (st: Stats) => boolean, read: (fd: number, st: Stats) => T | null): T | null {
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    return st.isFile() && trusted(st) ? read(fd, st) : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Up to `length` bytes from `position`; fewer when the file shrank meanwhile. */
function readAt(fd: number, length: number, position: number): Buffer {
  const data = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, data, got, length - got, position + got);
    if (n <= 0) break;
    got += n;
  }
  return data.subarray(0, got);
}

/** Replaces `dir/name` at once with `data` (mode `mode`); false when it could not (a cache then simply misses). */
export function writePrivateFile(dir: string, name: string, data: string | Uint8Array, mode = 0o600): boolean {
  try {
    replaceFile(dir, name, data, mode);
    return true;
  } catch {
    return false;
  }
}

/**
 * Replaces `dir/name` at once with `data`: written to a fresh name made with O_EXCL|O_NOFOLLOW (0600, then
 * `mode` through the descriptor) and renamed over `name`. Throws what failed, leaving no fresh file behind.
 */
export function replaceFile(dir: string, name: string, data: string | Uint8Array, mode: number): void {
  // O_EXCL makes a clash fail rather than share a file; pid and clock make one unlikely.
  const tmp = join(dir, `.${name}.${process.pid}.${process.hrtime.bigint()}.tmp`);
  const fd = openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  try {
    try {
      fchmodSync(fd, mode);
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let put = 0;
      while (put < bytes.length) put += writeSync(fd, bytes, put, bytes.length - put);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, name));
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already renamed */
    }
    throw e;
  }
}

/** A short stable name for a path or an address in a cache file's name (FNV-1a, 8 hex digits). */
export function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
