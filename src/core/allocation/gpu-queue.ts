// The host-wide queue for GPUs, as data: what a request file says, in which order requests stand, and
// when a waiter may go. Files and /proc are read in src/host/allocation/gpu-queue.ts; this is the judge.
//
// Order: by the entry file's ctime, which the kernel sets and no user can move back (utimes sets only
// atime/mtime; chmod, chown, write, link and rename all move ctime forward). Entries are written once, at
// creation, and never touched again, so a waiter keeps its place; anything a user does to their own file
// only sends it to the back. Ties (same nanosecond) fall back to the file name. Assumed: the filesystem
// moves ctime on rename too (ext4, xfs, btrfs, tmpfs do), so a file made elsewhere and moved in later
// (or linked in: nlink changes move ctime, and a second link is refused) counts from when it came.
//
// First come, first served, with reservation: walking the queue in order, each request reserves its GPU
// count from the free slots; a request goes when the free slots cover everyone before it plus itself.
// So nobody is passed by a later request of the same or a larger size, and a smaller later request waits
// too unless there is room for every earlier one as well (no backfill into slots an earlier request is
// collecting: it would starve large requests on a busy host). The cost: a freed GPU may stay idle while
// a larger earlier request collects its slots.
//
// A request whose turn has come but that does not take its GPUs within STALL_GRACE_MS (a crashed or fake
// waiter, or one whose own rules keep it from using the free kind of slot) stops reserving: later
// waiters pass it, and every later entry of the same user with it (countEntries keeps at most
// MAX_ENTRIES_PER_USER per user and one per process): so a user's fakes cost others one grace in all.
//
// An entry counts only as far as its owner could ever be granted it: one asking beyond the owner's
// per-container cap, quota left, container limit or the host's size (the owner's own waiter would be refused
// at once) reserves nothing, and its `until` counts only up to MAX_WAIT_MS after it was queued, as waiters
// cap themselves. Without this a hand-written entry for 4 GPUs behind a `sleep` never had its turn, so the
// stall rule never passed it, and every other user's GPU deploy waited.
import { z } from 'zod';
import type { LimitSet, Slot, Usage } from '../model';
import type { Problem } from '../problem';
import { planAllocation } from './planner';
import { plural } from '../format';

export const QUEUE_DIR_NAME = 'gpu-queue.d';
/** Waiters recheck this often even without an engine event (a crashed waiter ahead sends none). */
export const QUEUE_RECHECK_MS = 20_000;
export const STALL_GRACE_MS = 45_000;
/** Bigger files are not entries: readers never read more than this. */
export const QUEUE_ENTRY_MAX_BYTES = 4096;
/** The longest a waiter waits (--wait-timeout is refused beyond it); readers void an entry this long after it was queued. */
export const MAX_WAIT_MS = 7 * 24 * 3600_000;
/** A waiter's `until` is its deadline plus this (it leaves the queue on its own before readers void it). */
export const UNTIL_SLACK_MS = 60_000;
/** Live entries counted per user (the user queued for): more are ignored, oldest kept. */
export const MAX_ENTRIES_PER_USER = 3;

const NAME_RE = /^u(\d{1,10})-p(\d{1,10})-([0-9a-f]{8})\.req$/;

/** `u<owner uid>-p<pid>-<8 hex>.req`: the owner and pid in the name let readers check the file against both. */
export function queueEntryFileName(ownerUid: number, pid: number, randomHex: string): string {
  return `u${ownerUid}-p${pid}-${randomHex}.req`;
}

export function parseQueueEntryFileName(name: string): { ownerUid: number; pid: number } | null {
  const m = NAME_RE.exec(name);
  return m ? { ownerUid: Number(m[1]), pid: Number(m[2]) } : null;
}

const entrySchema = z
  .object({
    v: z.literal(1),
    /** The user the request deploys for (root acting with --user writes another user here). */
    user: z.string().min(1).max(64),
    uid: z.number().int().nonnegative(),
    /** The waiting process and its start time (field 22 of /proc/<pid>/stat): a reused pid does not match. */
    pid: z.number().int().positive(),
    pidStart: z.string().regex(/^\d{1,20}$/),
    gpus: z.number().int().positive().max(64),
    name: z.string().min(1).max(128),
    createdBy: z.enum(['cli', 'vscode']),
    /** Epoch ms after which the entry is void even if its process lives on (its --wait-timeout). */
    until: z.number().int().positive(),
  })
  .strict();

export type QueueEntryContent = z.infer<typeof entrySchema>;

export function parseQueueEntry(text: string): QueueEntryContent | null {
  try {
    const parsed = entrySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A live request as readers see it, after every check on the file and the process. */
export interface QueuedRequest extends QueueEntryContent {
  /** The file name: unique, stable while it waits. */
  id: string;
  /** Who owns the file: the user, or root acting for them. */
  ownerUid: number;
  /** The file's ctime in nanoseconds: the order. */
  queuedAtNs: bigint;
  /** device:inode: one request however many names (hard links) it has. */
  fileKey: string;
}

/**
 * Why a file that is named like an entry is not one (null: it is). The owner must be the uid in the name,
 * and a non-root owner may only queue for themselves; the process must be the owner's and still be the
 * one that wrote the entry.
 */
export function entryRejection(input: {
  fileName: string;
  ownerUid: number;
  regularFile: boolean;
  links: number;
  size: number;
  content: QueueEntryContent | null;
  nowMs: number;
  /** When the entry was queued (its ctime): `until` counts at most MAX_WAIT_MS (plus slack) beyond it. */
  queuedAtMs: number;
  /** The named process: its owner and start time, or null when /proc has no such process. */
  process: { uid: number; start: string } | null;
}): string | null {
  const named = parseQueueEntryFileName(input.fileName);
  if (!named) return 'not an entry name';
  if (!input.regularFile) return 'not a regular file';
  // A second link (another user's, where fs.protected_hardlinks=0) is no reason to drop the owner's request:
  // readers count one name per file (countEntries), and the link moved the ctime, so the entry went to the back.
  if (input.links < 1) return 'removed';
  if (input.size > QUEUE_ENTRY_MAX_BYTES) return 'too large';
  if (input.ownerUid !== named.ownerUid) return `owned by uid ${input.ownerUid}, named for uid ${named.ownerUid}`;
  const c = input.content;
  if (!c) return 'unreadable content';
  if (c.pid !== named.pid) return 'pid differs from its name';
  if (input.ownerUid !== 0 && c.uid !== input.ownerUid) return `uid ${input.ownerUid} queued for uid ${c.uid}`;
  if (Math.min(c.until, input.queuedAtMs + MAX_WAIT_MS + UNTIL_SLACK_MS) <= input.nowMs) return 'expired';
  if (!input.process) return 'stale: its process is gone';
  if (input.process.start !== c.pidStart) return 'stale: its pid belongs to a newer process';
  if (input.process.uid !== input.ownerUid) return 'its process belongs to another user';
  return null;
}

/**
 * Which live entries count, from entries already ordered: one per file (a hard link is a second name for the
 * same request), one per waiting process (a waiter writes one entry; more behind one `sleep` are fakes) and
 * at most MAX_ENTRIES_PER_USER per user queued for; the oldest are kept.
 */
export function countEntries<T extends Pick<QueuedRequest, 'id' | 'uid' | 'ownerUid' | 'pid' | 'pidStart' | 'fileKey'>>(
  ordered: T[],
): { counted: T[]; ignored: Array<{ name: string; why: string }> } {
  const files = new Set<string>();
  const processes = new Set<string>();
  const perUser = new Map<number, number>();
  const counted: T[] = [];
  const ignored: Array<{ name: string; why: string }> = [];
  for (const r of ordered) {
    const proc = `${r.ownerUid}:${r.pid}:${r.pidStart}`;
    const n = perUser.get(r.uid) ?? 0;
    const why = files.has(r.fileKey)
      ? 'another name of a counted entry (hard link)'
      : processes.has(proc)
        ? `another entry of process ${r.pid}, which already has one`
        : n >= MAX_ENTRIES_PER_USER
          ? `more than ${MAX_ENTRIES_PER_USER} entries for uid ${r.uid}`
          : null;
    files.add(r.fileKey);
    if (why) {
      ignored.push({ name: r.id, why });
      continue;
    }
    processes.add(proc);
    perUser.set(r.uid, n + 1);
    counted.push(r);
  }
  return { counted, ignored };
}

/**
 * Why an owner could never be granted this request as it stands (null: they could): planned with every slot
 * free against their limits and current usage, the same checks their own waiter's deploy makes.
 */
export function neverGrantable(gpus: number, owner: { limits: LimitSet; usage: Usage }, slots: Slot[]): string | null {
  const plan = planAllocation({ request: { gpus }, limits: owner.limits, usage: owner.usage, containerNames: [], slots, heldSlotIds: new Set() });
  return plan.ok ? null : plan.refusal.message;
}

/** Oldest first; the file name breaks ties so every reader sees the same order. */
export function orderQueue<T extends Pick<QueuedRequest, 'id' | 'queuedAtNs'>>(entries: T[]): T[] {
  return [...entries].sort((a, b) => (a.queuedAtNs < b.queuedAtNs ? -1 : a.queuedAtNs > b.queuedAtNs ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Field 22 (starttime) of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
export function processStartTicks(statText: string): string | null {
  const close = statText.lastIndexOf(')');
  if (close < 0) return null;
  const fields = statText
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // After the name: field 3 (state) is fields[0], so field 22 is fields[19].
  const start = fields[19];
  return start && /^\d+$/.test(start) ? start : null;
}

export interface QueueView {
  /** Live requests, oldest first. */
  queue: QueuedRequest[];
  /** Free slots now (held by no container, running or stopped). */
  freeSlots: number;
  /** All slots of the host: a request for more can never be met and reserves nothing. */
  totalSlots: number;
  /** Requests whose turn came STALL_GRACE_MS ago or more without them taking it. */
  stalled: ReadonlySet<string>;
  /** Requests their owner could never be granted as asked (neverGrantable): they reserve nothing. */
  ungrantable?: ReadonlySet<string>;
}

export interface QueueWalk {
  /** Requests whose turn has come: the free slots cover them and everyone reserving before them. */
  turnCame: Set<string>;
  /** Per request: the requests before it that still reserve slots. */
  reservingBefore: Map<string, QueuedRequest[]>;
}

export function walkQueue(view: QueueView): QueueWalk {
  const turnCame = new Set<string>();
  const reservingBefore = new Map<string, QueuedRequest[]>();
  const reserving: QueuedRequest[] = [];
  const stalledUsers = new Set<number>();
  let reserved = 0;
  for (const r of view.queue) {
    reservingBefore.set(r.id, [...reserving]);
    if (r.gpus > view.totalSlots || view.ungrantable?.has(r.id)) continue;
    if (view.freeSlots - reserved >= r.gpus) turnCame.add(r.id);
    // One stalled entry of a user passes their later ones too: fakes behind several processes cost one grace.
    if (view.stalled.has(r.id)) stalledUsers.add(r.uid);
    if (stalledUsers.has(r.uid)) continue;
    reserving.push(r);
    reserved += r.gpus;
  }
  return { turnCame, reservingBefore };
}

/**
 * Whether a new request, not yet queued, may take `gpus` slots now: only if the free slots cover every
 * live waiter too. Used by plain deploys (no memory of stalls: a stalled waiter is passed by --wait runs).
 */
export function newcomerMayGo(
  queue: QueuedRequest[],
  gpus: number,
  freeSlots: number,
  totalSlots: number,
  ungrantable: ReadonlySet<string> = new Set(),
): boolean {
  const reserved = queue.filter((r) => r.gpus <= totalSlots && !ungrantable.has(r.id)).reduce((t, r) => t + r.gpus, 0);
  return freeSlots - reserved >= gpus;
}

/**
 * Remembers, per request, since when its turn has come, to tell stalled requests apart. One per waiter
 * process: each waiter judges stalls by what it has seen itself.
 */
export class StallWatch {
  private readonly since = new Map<string, number>();

  constructor(private readonly graceMs = STALL_GRACE_MS) {}

  /** The stalled set to walk with, from what the last walk said; `self` is never stalled to itself. */
  stalled(nowMs: number, self: string): Set<string> {
    return new Set([...this.since].filter(([id, t]) => id !== self && nowMs - t >= this.graceMs).map(([id]) => id));
  }

  observe(nowMs: number, walk: QueueWalk, live: QueuedRequest[]): void {
    const ids = new Set(live.map((r) => r.id));
    for (const id of [...this.since.keys()]) if (!ids.has(id) || !walk.turnCame.has(id)) this.since.delete(id);
    for (const id of walk.turnCame) if (!this.since.has(id)) this.since.set(id, nowMs);
  }

  /** When the next stall would start, for a precise wake-up; null when none pending. */
  nextStallAt(self: string): number | null {
    const pending = [...this.since].filter(([id]) => id !== self).map(([, t]) => t + this.graceMs);
    return pending.length ? Math.min(...pending) : null;
  }
}

export interface WaitStatus {
  /** 1-based place among live requests. */
  position: number;
  /** Live requests before this one that still hold it back (sizes only: never other users' names). */
  ahead: Array<{ gpus: number }>;
  go: boolean;
}

export function waitStatus(view: QueueView, selfId: string): WaitStatus {
  const walk = walkQueue(view);
  const position = view.queue.findIndex((r) => r.id === selfId) + 1;
  const ahead = (walk.reservingBefore.get(selfId) ?? []).map((r) => ({ gpus: r.gpus }));
  return { position, ahead, go: position > 0 && walk.turnCame.has(selfId) };
}

/** One line for people: where the request stands and what it waits for. */
export function describeWait(status: WaitStatus, gpus: number, freeSlots: number, totalSlots: number): string {
  const before = status.ahead.length
    ? `${plural(status.ahead.length, 'request')} before you (${status.ahead.map((a) => plural(a.gpus, 'GPU')).join(', ')})`
    : 'nobody before you';
  return `Waiting for ${plural(gpus, 'GPU')}: number ${status.position} in the queue, ${before}; ${freeSlots} of ${totalSlots} GPU slots free.`;
}

/**
 * Whether waiting can turn this refusal into a deploy: only a lack of free slots (or a lost race or a busy
 * lock) can pass, and only if the host has enough slots of a kind the user may have at all.
 */
export function waitCanHelp(refusal: Pick<Problem, 'kind'>, gpus: number, slots: Pick<Slot, 'kind'>[], allowFullGpu: boolean): boolean {
  if (!['no-capacity', 'race-lost', 'lock-timeout'].includes(refusal.kind)) return false;
  return gpus <= slots.filter((s) => s.kind === 'mig' || allowFullGpu).length;
}
