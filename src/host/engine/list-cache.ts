// The CLI's container list, kept between runs in the user's cache folder and brought up to date from the engine's
// event log (core/engine/list-replay): with 1000 containers dockerd's answer to one full list took longer than the
// rest of a `ds01 check-limits` run, and a run after a quiet minute now reads one short event log instead.
// Only for an engine on a unix socket (the same clock as ours, so `until` never makes the engine wait); a kept
// list the engine's log cannot vouch for (restart, more events than it keeps) is replaced by a full list.
import type { ContainerListEntry } from '../../core/containers/ownership';
import { parseListRecords, serializeListRecords } from '../../core/engine/list-record-file';
import { keptListEntry, mergeListEntries, parseEventLines, replayEvents, sinceParam, untilParam, type EngineEvent } from '../../core/engine/list-replay';
import { isProblemError } from '../../core/problem';
import { privateDir, readPrivateFile, writePrivateFile } from '../private-files';
import { fingerprint } from './inspect-cache';

/** The engine's list: all containers, or those with these ids. */
export type ListFetch = (ids?: string[]) => Promise<ContainerListEntry[]>;
/** The engine's event log between two times (its `since`/`until` parameters), within a time limit. */
export type EventLogFetch = (since: string, until: string, timeoutMs: number) => Promise<string>;

/** More changed containers than this: one full list is cheaper than naming them all in a filter. */
const REFETCH_MAX = 100;

export type ListWay = 'full' | 'replayed';

export class FileListCache {
  /** How the last list() got its answer (tests, bench). */
  lastWay: ListWay | null = null;

  constructor(
    private readonly dir: string,
    private readonly endpoint: string,
  ) {}

  private get name(): string {
    return `containers-${fingerprint(this.endpoint)}.json`;
  }

  async list(fetch: ListFetch, log: EventLogFetch): Promise<ContainerListEntry[]> {
    const usable = privateDir(this.dir);
    const file = usable ? readPrivateFile(this.dir, this.name) : null;
    const kept = file ? parseListRecords(file.data.toString('utf8'), this.endpoint) : null;
    const until = untilParam(Date.now());
    const events = kept ? await eventLog(log, sinceParam(kept.anchor.timeNano), until) : null;
    if (kept && events) {
      const replay = replayEvents(events, kept.anchor);
      if (replay.anchorFound && replay.changedIds.length <= REFETCH_MAX) {
        const fetched = replay.changedIds.length === 0 ? [] : await fetch(replay.changedIds);
        // The filter matches ids as patterns: keep only the containers asked about.
        const asked = new Set(replay.changedIds);
        const entries = mergeListEntries(kept.entries, replay.changedIds, fetched.filter((e) => asked.has(e.Id)).map(keptListEntry));
        const moved = replay.changedIds.length > 0 || replay.newest !== kept.anchor;
        if (usable && moved) writePrivateFile(this.dir, this.name, serializeListRecords({ anchor: replay.newest, entries }, this.endpoint));
        this.lastWay = 'replayed';
        return entries;
      }
    }
    // The anchor is read before the list, so every event after it is either in the list or replayed next time.
    const [fullLog, entries] = await Promise.all([usable ? eventLog(log, '0', until) : Promise.resolve(null), fetch()]);
    const anchor = fullLog?.[fullLog.length - 1];
    // An engine that has logged nothing yet gives nothing to anchor on: the next run lists everything again.
    if (usable && anchor) writePrivateFile(this.dir, this.name, serializeListRecords({ anchor, entries: entries.map(keptListEntry) }, this.endpoint));
    this.lastWay = 'full';
    return entries;
  }
}

/** An engine answers a past range at once; one whose clock runs behind ours would wait for `until` to come. */
const EVENT_LOG_TIMEOUT_MS = 2000;

/**
 * The engine's log between `since` and `until`, oldest first; null when the engine would not give it in time (the
 * run then lists everything: an engine that does not answer at all fails that list with its own problem).
 */
async function eventLog(log: EventLogFetch, since: string, until: string): Promise<EngineEvent[] | null> {
  try {
    return parseEventLines(await log(since, until, EVENT_LOG_TIMEOUT_MS));
  } catch (e) {
    if (isProblemError(e)) return null;
    throw e;
  }
}
