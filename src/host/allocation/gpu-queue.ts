// The GPU queue on disk: one file per waiting request in `$DS01_STATE_DIR/gpu-queue.d` (root's, mode 1777, made
// at install: host-layout.ts).
// Every user may add files; the sticky bit lets only a file's owner (or root, or the directory's owner)
// remove or rename it, and files are created 0644, so nobody can drop, rewrite or forge another user's
// request. Order and the rules an entry must pass are in src/core/allocation/gpu-queue.ts.
//
// Threat model: any user may plant anything in the directory (symlinks, FIFOs, hard links to others'
// files, junk, files named for other uids, entries naming other users' processes). Readers open names
// that look like entries with O_NOFOLLOW|O_NONBLOCK, check the open file through fstat (regular, owner =
// the uid in the name, small) and read only from that descriptor; everything else is ignored. A hard link
// of someone's entry (possible where fs.protected_hardlinks=0) is the same request under a second name:
// counted once (by device and inode), and its waiter knows it by inode, so the link only moves it back. An entry whose process is gone (or was replaced:
// pid plus start time) is ignored by everyone
// and removed by its owner's next run or by root: unlinking another user's file in a sticky directory
// is not allowed, and need not be. With /proc mounted hidepid, other users' processes cannot be checked:
// their entries then count until their `until` (the waiter's own deadline).
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants as C,
  existsSync,
  fchmodSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  unlinkSync,
  watch,
  writeSync,
  type FSWatcher,
} from 'node:fs';
import { join } from 'node:path';
import {
  countEntries,
  entryRejection,
  orderQueue,
  parseQueueEntry,
  parseQueueEntryFileName,
  processStartTicks,
  QUEUE_DIR_NAME,
  QUEUE_ENTRY_MAX_BYTES,
  queueEntryFileName,
  type QueueEntryContent,
  type QueuedRequest,
} from '../../core/allocation/gpu-queue';
import { problem } from '../../core/problem';
import { ensureHostLayout, hostLayout, inspectItem, layoutOwners, unsafeItem } from './host-layout';

export function queueDirPath(stateDir: string): string {
  return join(stateDir, QUEUE_DIR_NAME);
}

const myUid = (): number => process.geteuid?.() ?? -1;

/**
 * The queue folder, as the install step made it (root's, 1777: host-layout.ts); root makes a missing one. A
 * user's run never creates it: whoever made it first would own everyone's queue.
 */
export function prepareQueueDir(stateDir: string): string {
  ensureHostLayout(stateDir);
  return queueDirPath(stateDir);
}

/** The queue folder if it exists and is safe; null when there is none (nobody waits). */
export function existingQueueDir(stateDir: string): string | null {
  const item = hostLayout(stateDir).find((i) => i.path === queueDirPath(stateDir))!;
  const now = inspectItem(item, layoutOwners(stateDir));
  if (now.state === 'missing') return null;
  if (now.state === 'unsafe') throw unsafeItem(item, now.why, stateDir);
  return item.path;
}

export interface QueueTicket {
  id: string;
  path: string;
  /** device:inode of the entry: how its waiter knows it under any name (another user's hard link included). */
  fileKey: string;
  /** Removes the entry; safe to call twice. */
  leave(): void;
}

/** Adds this process's request. The file is written once and never touched again: any change moves its ctime, and its place. */
export function joinQueue(dir: string, request: Omit<QueueEntryContent, 'v' | 'pid' | 'pidStart'>): QueueTicket {
  const start = processStartTicks(readFileSync('/proc/self/stat', 'utf8'));
  if (!start) throw problem('internal', 'Cannot read this process start time from /proc/self/stat.');
  const content: QueueEntryContent = { v: 1, ...request, pid: process.pid, pidStart: start };
  const id = queueEntryFileName(myUid(), process.pid, randomBytes(4).toString('hex'));
  const path = join(dir, id);
  let fd: number;
  try {
    fd = openSync(path, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o644);
  } catch (e) {
    throw problem(
      'internal',
      `Cannot join the GPU queue in ${dir}: ${(e as Error).message}.`,
      `Ask an administrator to make it writable for everyone: chmod 1777 ${dir}`,
    );
  }
  let fileKey: string;
  try {
    fchmodSync(fd, 0o644);
    writeSync(fd, JSON.stringify(content));
    const st = fstatSync(fd, { bigint: true });
    fileKey = `${st.dev}:${st.ino}`;
  } finally {
    closeSync(fd);
  }
  let left = false;
  return {
    id,
    path,
    fileKey,
    leave: () => {
      if (left) return;
      left = true;
      try {
        unlinkSync(path);
      } catch {
        /* already gone */
      }
    },
  };
}

export interface QueueReading {
  /** Live requests that count, oldest first. */
  queue: QueuedRequest[];
  /** Entry-like names that were not counted, and why (stale ones of others included). */
  ignored: Array<{ name: string; why: string }>;
  /** Stale entries of this user (or any, as root) removed while reading. */
  removed: string[];
}

/** Files of one owner but root opened per scan (oldest first): a user's thousands of files cost the others only lstats. */
export const OPENED_PER_OWNER = 8;
/**
 * Entry-like names looked at per scan (a bound on memory: a folder with more is flooded, and its entries beyond
 * the first in readdir order are not seen). Below it every name costs one lstat; waiters space their scans by
 * how long the last one took (src/host/containers/wait.ts), so a big folder costs them time, not a core.
 */
export const NAMES_PER_SCAN = 200_000;

interface Listed {
  name: string;
  pid: number;
  namedUid: number;
  uid: number;
  ctimeNs: bigint;
  regular: boolean;
  symlink: boolean;
}

/** Content already read, by name: an entry is written once, so the same name, file and ctime read the same. */
const readBefore = new Map<string, { fileKey: string; ctimeNs: bigint; content: QueueEntryContent | null; size: number }>();

/**
 * Reads every live request. Opening and reading a file changes neither its ctime nor its order. What one scan
 * costs is bounded whatever others put in the folder: names that are no entry cost nothing, each entry-like
 * name one lstat, and only the OPENED_PER_OWNER oldest files of each owner are opened and read (once per file).
 */
export function readQueue(dir: string, nowMs = Date.now()): QueueReading {
  const reading: QueueReading = { queue: [], ignored: [], removed: [] };
  const procHidden = myUid() !== 0 && !existsSync('/proc/1/stat');
  const names: Array<{ name: string; pid: number; namedUid: number }> = [];
  for (const name of readdirSync(dir)) {
    const parsed = parseQueueEntryFileName(name);
    if (!parsed) continue;
    if (names.length < NAMES_PER_SCAN) names.push({ name, pid: parsed.pid, namedUid: parsed.ownerUid });
    else reading.ignored.push({ name, why: `beyond the first ${NAMES_PER_SCAN} names` });
  }
  const byOwner = new Map<number, Listed[]>();
  for (const { name, pid, namedUid } of names) {
    let st;
    try {
      st = lstatSync(join(dir, name), { bigint: true });
    } catch {
      continue; /* gone meanwhile */
    }
    const listed = { name, pid, namedUid, uid: Number(st.uid), ctimeNs: st.ctimeNs, regular: st.isFile(), symlink: st.isSymbolicLink() };
    const own = byOwner.get(listed.uid);
    if (own) own.push(listed);
    else byOwner.set(listed.uid, [listed]);
  }
  const live: QueuedRequest[] = [];
  for (const files of byOwner.values()) {
    files.sort((a, b) => (a.ctimeNs < b.ctimeNs ? -1 : a.ctimeNs > b.ctimeNs ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // The name carries the pid (and must match the content): of many files for one process only the oldest is read.
    const pids = new Set<string>();
    files.forEach((f) => {
      const { pid } = f;
      const key = `${f.namedUid}:${pid}`;
      if (f.regular && pids.has(key)) {
        reading.ignored.push({ name: f.name, why: `another entry of process ${pid}, which already has one` });
        return;
      }
      // Root's files are root's word (deploys --user for many users at once): only other owners are bounded.
      if (pids.size >= OPENED_PER_OWNER && f.uid !== 0) {
        reading.ignored.push({ name: f.name, why: `more than ${OPENED_PER_OWNER} files of uid ${f.uid}` });
        return;
      }
      if (f.regular) pids.add(key);
      const result = f.symlink
        ? { why: 'cannot open (ELOOP): a symbolic link', removable: false, ownerUid: f.uid }
        : !f.regular
          ? { why: 'not a regular file', removable: false, ownerUid: f.uid }
          : readEntry(dir, f, nowMs, procHidden);
      if (result === null) return; // removed between the listing and the open (by its owner, or root: stale)
      if ('why' in result) {
        reading.ignored.push({ name: f.name, why: result.why });
        if (result.removable && (result.ownerUid === myUid() || myUid() === 0)) {
          try {
            unlinkSync(join(dir, f.name));
            reading.removed.push(f.name);
          } catch {
            /* its owner was quicker */
          }
        }
      } else {
        live.push(result);
      }
    });
  }
  const present = new Set(names.map((n) => n.name));
  for (const name of readBefore.keys()) if (!present.has(name)) readBefore.delete(name);
  const { counted, ignored } = countEntries(orderQueue(live));
  reading.queue = counted;
  reading.ignored.push(...ignored);
  return reading;
}

function readEntry(
  dir: string,
  listed: Listed,
  nowMs: number,
  procHidden: boolean,
): QueuedRequest | { why: string; removable: boolean; ownerUid: number } | null {
  const { name } = listed;
  let fd: number;
  try {
    fd = openSync(join(dir, name), C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK | C.O_NOCTTY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? null : { why: `cannot open (${code})`, removable: false, ownerUid: -1 };
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    const fileKey = `${st.dev}:${st.ino}`;
    const regularFile = st.isFile();
    let size = Number(st.size);
    let content: QueueEntryContent | null = null;
    const known = readBefore.get(name);
    if (known && known.fileKey === fileKey && known.ctimeNs === st.ctimeNs) {
      ({ content, size } = known);
    } else if (regularFile && size <= QUEUE_ENTRY_MAX_BYTES) {
      const buf = Buffer.alloc(QUEUE_ENTRY_MAX_BYTES + 1);
      const n = readSync(fd, buf, 0, buf.length, 0);
      content = n <= QUEUE_ENTRY_MAX_BYTES ? parseQueueEntry(buf.subarray(0, n).toString('utf8')) : null;
      size = n;
      if (regularFile) readBefore.set(name, { fileKey, ctimeNs: st.ctimeNs, content, size });
    }
    const ownerUid = Number(st.uid);
    const proc = content ? processOf(content.pid) : null;
    const assumed = !proc && procHidden && content && ownerUid !== myUid() ? { uid: ownerUid, start: content.pidStart } : proc;
    const why = entryRejection({
      fileName: name,
      ownerUid,
      regularFile,
      links: Number(st.nlink),
      size,
      content,
      nowMs,
      process: assumed,
      queuedAtMs: Number(st.ctimeNs / 1_000_000n),
    });
    if (why || !content) return { why: why ?? 'unreadable content', removable: /^stale|^expired/.test(why ?? ''), ownerUid };
    return { ...content, id: name, ownerUid, queuedAtNs: st.ctimeNs, fileKey };
  } finally {
    closeSync(fd);
  }
}

/** The process's owner and start time from /proc, or null when it is gone. */
export function processOf(pid: number): { uid: number; start: string } | null {
  try {
    const uid = statSync(`/proc/${pid}`).uid;
    const start = processStartTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return start ? { uid, start } : null;
  } catch {
    return null;
  }
}

/** The most often a queue watcher reports: what happens in the folder costs a waiter at most this many scans. */
export const QUEUE_WATCH_MIN_MS = 250;

/**
 * Calls `onChange` when entries come or go (inotify), at most once per `minMs`, whatever others do in the
 * folder: after a report the watcher is closed (the kernel then queues no events for us) and opened again
 * `minMs` later, reporting once more only if the folder changed meanwhile (its mtime). So a create/delete
 * loop of another user costs a waiter a few scans a second, not one per event. Returns the stopper.
 */
export function watchQueue(dir: string, onChange: () => void, minMs = QUEUE_WATCH_MIN_MS): () => void {
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const mtime = (): number => {
    try {
      return statSync(dir).mtimeMs;
    } catch {
      return -1;
    }
  };
  const fire = (): void => {
    watcher?.close();
    watcher = null;
    const seen = mtime();
    onChange();
    timer = setTimeout(() => {
      timer = null;
      if (stopped) return;
      // Watch again first, then look: a change between the two is reported either way, never lost.
      arm();
      if (mtime() !== seen) fire();
    }, minMs);
  };
  const arm = (): void => {
    try {
      watcher = watch(dir, { persistent: false }, () => {
        if (!stopped && watcher) fire();
      });
      watcher.on('error', () => {
        /* the slow recheck still runs */
      });
    } catch {
      watcher = null;
    }
  };
  arm();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    watcher?.close();
  };
}
