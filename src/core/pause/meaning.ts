// What pausing a container means on DS01, for the confirmation before it and the paused row after it.
import { formatDuration } from '../format';
import type { Lifecycle } from '../lifecycle';

/** The host's maximum pause time: none (see README.md: its limits script has no such option). */
export const MAX_PAUSE_SECONDS: number | null = null;

export interface PauseSubject {
  displayName: string;
  /** The GPU slots it holds, as the tree and list show them ("0", "1.2"). */
  slots: string[];
}

/** Sentences for the confirmation: what freezes, what stays held, and what the host does meanwhile. */
export function pauseMeaning(c: PauseSubject, lifecycle: Pick<Lifecycle, 'idleTimeoutSeconds' | 'maxRuntimeSeconds'> | null): string[] {
  const gpus = c.slots.length
    ? `Its GPU${c.slots.length === 1 ? '' : 's'} ${c.slots.join(', ')} stay${c.slots.length === 1 ? 's' : ''} allocated to you while it is paused: nobody else can use ${c.slots.length === 1 ? 'it' : 'them'}. To free a GPU, stop or retire the container instead.`
    : 'It holds no GPU.';
  const idle = lifecycle?.idleTimeoutSeconds
    ? `The host's idle check sees a paused container as idle (no CPU, no GPU use): it stops it after ${formatDuration(lifecycle.idleTimeoutSeconds)} idle, as a running one.`
    : null;
  const runtime = lifecycle?.maxRuntimeSeconds
    ? `Its max runtime (${formatDuration(lifecycle.maxRuntimeSeconds)} from its start) keeps counting while it is paused.`
    : null;
  return [
    `Pausing freezes every process in ${c.displayName}; its memory is kept and unpausing resumes them where they were.`,
    gpus,
    'This host sets no maximum pause time (its limits have none).',
    ...(idle ? [idle] : []),
    ...(runtime ? [runtime] : []),
  ];
}

/** The last pause not followed by an unpause, from the engine's events (oldest first); null when none is in them. */
export function pausedSince(events: Array<{ action: string; time: Date }>): Date | null {
  let since: Date | null = null;
  for (const e of events) {
    if (e.action === 'pause') since = e.time;
    else if (e.action === 'unpause' || e.action === 'start' || e.action === 'die') since = null;
  }
  return since;
}

/** "paused 12m" for a row; "paused" when the engine no longer remembers since when. */
export function pausedText(since: Date | null, now: Date): string {
  if (!since) return 'paused';
  return `paused ${formatDuration(Math.max(60, Math.floor((now.getTime() - since.getTime()) / 60_000) * 60))}`;
}
