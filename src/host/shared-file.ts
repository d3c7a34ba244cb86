// Files shared by every user of the host (the allocation lock). Any user may have planted a symbolic link, a
// hard link, a FIFO or a file of their own where one is expected, and root deploys for everyone: so open
// without following links, check what was opened through the descriptor, and refuse anything unexpected by
// name. Nothing here creates a shared file: the install step does (allocation/host-layout.ts).
import { closeSync, constants, fstatSync, lstatSync, openSync, type Stats } from 'node:fs';
import { problem, type ProblemError } from '../core/problem';
import { userNameOf } from './users/lookup';

export interface SharedFile {
  fd: number;
  stat: Stats;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;
/** A file mode's permission bits as four octal digits (`0644`, `1777`), as messages name them. */
export const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0');

export function ownerName(uid: number): string {
  return userNameOf(uid) ?? `uid ${uid}`;
}

function unsafe(path: string, what: string, fix: string): ProblemError {
  return problem('unsafe-file', `${path} ${what}.`, fix);
}

/** "a symbolic link", "a FIFO", "a folder", "a file": what stands at `path`, for messages. */
export function describePath(path: string): string {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return 'a symbolic link';
    if (st.isFIFO()) return 'a FIFO';
    if (st.isDirectory()) return 'a folder';
    if (st.isFile()) return 'a file';
    return 'a special file';
  } catch {
    return 'not readable';
  }
}

/**
 * Opens the shared regular file `path` read-only without following links, and checks it through the descriptor:
 * a regular file, one link, owned by one of `owners`. Never creates it (the install step does: see
 * allocation/host-layout.ts); flock(2) needs no more than a read-only descriptor.
 */
export function openSharedFile(path: string, owners: number[], fix: string): SharedFile {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    throw openFailed(path, e, fix);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw unsafe(path, `is ${describePath(path)}, not a regular file`, fix);
    if (stat.nlink !== 1) throw unsafe(path, `has ${stat.nlink} hard links: another name could stand for it`, fix);
    if (!owners.includes(stat.uid)) {
      throw unsafe(path, `is owned by ${ownerName(stat.uid)}, not root: its owner could remove or replace the lock under everyone`, fix);
    }
    return { fd, stat };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

function openFailed(path: string, e: unknown, fix: string): ProblemError {
  const code = errno(e);
  if (code === 'ELOOP') return unsafe(path, 'is a symbolic link; shared files are never followed', fix);
  if (code === 'EACCES' || code === 'EPERM') {
    try {
      const st = lstatSync(path);
      return unsafe(path, `cannot be opened (owned by ${ownerName(st.uid)}, mode ${octal(st.mode)})`, fix);
    } catch {
      // The folder itself is closed to us.
    }
  }
  return problem('unsafe-file', `Cannot open the shared file ${path}: ${(e as Error).message}.`, fix);
}

/** True when `path` still names the file open on `fd` (nobody replaced it meanwhile). */
export function stillNames(path: string, stat: Stats): boolean {
  try {
    const now = lstatSync(path);
    return now.ino === stat.ino && now.dev === stat.dev;
  } catch {
    return false;
  }
}
