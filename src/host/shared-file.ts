// Files and folders shared by every user of the host (the locks folder and its lock file). Any user may have
// planted a symbolic link, a hard link, a FIFO or a file of their own there, and root deploys for everyone: so
// open without following links, check what was opened through the descriptor, change it only through the
// descriptor, and refuse anything unexpected by name.
import { closeSync, constants, fchmodSync, fstatSync, lstatSync, mkdirSync, openSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { problem, type ProblemError } from '../core/problem';
import { userNameOf } from './users/lookup';

export interface SharedFile {
  fd: number;
  stat: Stats;
}

const me = (): number => process.getuid?.() ?? -1;
const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;
const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0');

export function ownerName(uid: number): string {
  return userNameOf(uid) ?? `uid ${uid}`;
}

function unsafe(path: string, what: string, fix: string): ProblemError {
  return problem('unsafe-file', `${path} ${what}.`, fix);
}

/** Whose files may stand in a shared place: root's, or the caller's own. */
function trustedOwner(uid: number): boolean {
  return uid === 0 || uid === me();
}

function removeAdvice(path: string, folder = false): string {
  return `Ask an administrator to remove it (sudo rm ${folder ? '-r ' : ''}${path}); the next deploy makes it again.`;
}

/**
 * The shared folder `dir`, made when missing with mode `mode` (1777: every user may add their file, nobody may
 * replace another's). Refuses a link, a non-folder, a folder of another user or a world-writable one without the
 * sticky bit.
 */
export function prepareSharedDir(dir: string, mode: number): void {
  try {
    mkdirSync(dirname(dir), { recursive: true });
    mkdirSync(dir, { mode });
  } catch (e) {
    if (errno(e) !== 'EEXIST') throw cannotCreate(dir, e);
  }
  let fd: number;
  try {
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (e) {
    const code = errno(e);
    if (code === 'ELOOP' || code === 'ENOTDIR') {
      throw unsafe(dir, `is ${describe(dir)}, not a folder`, removeAdvice(dir, true));
    }
    throw cannotCreate(dir, e);
  }
  try {
    const st = fstatSync(fd);
    if (!trustedOwner(st.uid)) {
      throw unsafe(dir, `is owned by ${ownerName(st.uid)}, not root: its owner could swap the lock under everyone`, removeAdvice(dir, true));
    }
    // Modes are set explicitly (the umask would narrow them), and only on our own folder.
    if (st.uid === me() && (st.mode & 0o7777) !== mode) fchmodSync(fd, mode);
    const now = fstatSync(fd).mode;
    if ((now & 0o002) !== 0 && (now & 0o1000) === 0) {
      throw unsafe(dir, `is writable by everyone without the sticky bit (mode ${octal(now)}): any user could replace the lock`,
        `Ask an administrator to run: chmod 1777 ${dir}`);
    }
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  closeSync(fd);
}

function cannotCreate(dir: string, e: unknown): ProblemError {
  return problem('unsafe-file', `Cannot create the shared folder ${dir}: ${(e as Error).message}.`,
    `Ask an administrator to create it for every user: sudo install -d -m 1777 ${dir}`);
}

function describe(path: string): string {
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
 * Opens (or creates, mode `mode`) the shared regular file `path` read-only without following links, and checks it
 * through the descriptor: a regular file, one link, owned by root or the caller. flock(2) needs no more than a
 * read-only descriptor, so files others made need not be writable to us.
 */
export function openSharedFile(path: string, mode: number): SharedFile {
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  let fd = -1;
  let created = false;
  for (let attempt = 0; fd < 0; attempt++) {
    try {
      fd = openSync(path, flags);
    } catch (e) {
      if (errno(e) === 'ENOENT' && attempt < 3) {
        try {
          fd = openSync(path, flags | constants.O_CREAT | constants.O_EXCL, mode);
          created = true;
        } catch (e2) {
          if (errno(e2) !== 'EEXIST') throw openFailed(path, e2);
        }
        continue;
      }
      throw openFailed(path, e);
    }
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw unsafe(path, `is ${describe(path)}, not a regular file`, removeAdvice(path));
    if (stat.nlink !== 1) throw unsafe(path, `has ${stat.nlink} hard links: another name could stand for it`, removeAdvice(path));
    if (!trustedOwner(stat.uid)) {
      throw unsafe(path, `is owned by ${ownerName(stat.uid)}, not root: its owner could remove or replace the lock under everyone`, removeAdvice(path));
    }
    if (created || (stat.uid === me() && (stat.mode & 0o7777) !== mode)) fchmodSync(fd, mode);
    return { fd, stat: fstatSync(fd) };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

function openFailed(path: string, e: unknown): ProblemError {
  const code = errno(e);
  if (code === 'ELOOP') return unsafe(path, 'is a symbolic link; shared files are never followed', removeAdvice(path));
  if (code === 'EACCES' || code === 'EPERM') {
    try {
      const st = lstatSync(path);
      return unsafe(path, `cannot be opened (owned by ${ownerName(st.uid)}, mode ${octal(st.mode)})`, removeAdvice(path));
    } catch {
      // The folder itself is closed to us.
    }
    return problem('unsafe-file', `Cannot open the shared file ${path}: ${(e as Error).message}.`,
      `Ask an administrator to create its folder for every user: sudo install -d -m 1777 ${dirname(path)}`);
  }
  return problem('unsafe-file', `Cannot open the shared file ${path}: ${(e as Error).message}.`, removeAdvice(path));
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
