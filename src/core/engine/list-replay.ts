// Bringing a kept container list up to date from the engine's event log instead of listing every container again
// (host/engine/list-cache). dockerd keeps its most recent events in memory (256 on moby 20-27) and replays those
// in a time range on request. A kept list names the newest event it had seen (the anchor): when the engine still
// has that event, every change since is in the replay, and only the containers named there need reading again.
// When it does not (the daemon restarted, or more events came than it keeps), the kept list is not trusted.
import type { ContainerListEntry } from '../containers/ownership';

/** What the list fields classifyContainer reads say; nothing here changes without a container event. */
export type KeptListEntry = Pick<ContainerListEntry, 'Id' | 'Names' | 'Image' | 'Created' | 'Labels' | 'State' | 'Mounts'>;

export function keptListEntry(e: ContainerListEntry): KeptListEntry {
  return {
    Id: e.Id,
    Names: e.Names,
    Image: e.Image,
    Created: e.Created,
    Labels: e.Labels,
    State: e.State,
    Mounts: e.Mounts?.map((m) => ({ Type: m.Type, Source: m.Source, Destination: m.Destination })) ?? e.Mounts,
  };
}

/** One event of the engine's log; `timeNano` as its digits (int64 nanoseconds do not fit a JS number). */
export interface EngineEvent {
  type: string;
  action: string;
  /** The object the event is about: a container's id for container events. */
  id: string;
  timeNano: string;
}

/** The engine's answer to `GET /events?since=…&until=…`: one JSON object per line. Lines it cannot read are left out. */
export function parseEventLines(text: string): EngineEvent[] {
  const events: EngineEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let raw: { Type?: unknown; Action?: unknown; Actor?: { ID?: unknown } };
    try {
      raw = JSON.parse(line);
    } catch {
      continue;
    }
    const timeNano = /"timeNano"\s*:\s*(\d{1,20})\b/.exec(line)?.[1];
    if (timeNano === undefined || typeof raw.Type !== 'string' || typeof raw.Action !== 'string' || typeof raw.Actor?.ID !== 'string') continue;
    events.push({ type: raw.Type, action: raw.Action, id: raw.Actor.ID, timeNano });
  }
  return events;
}

const sameEvent = (a: EngineEvent, b: EngineEvent) => a.timeNano === b.timeNano && a.type === b.type && a.action === b.action && a.id === b.id;

export interface Replay {
  /** False: the anchor is no longer in the engine's log, so changes may be missing: list everything. */
  anchorFound: boolean;
  /** Containers named by an event after the anchor, oldest first (the anchor's own is in the kept list already). */
  changedIds: string[];
  /** The event to anchor the next replay on. */
  newest: EngineEvent;
}

/** `events`: the engine's log from the anchor's time on, oldest first (as the engine replays it). */
export function replayEvents(events: EngineEvent[], anchor: EngineEvent): Replay {
  const at = events.findIndex((e) => sameEvent(e, anchor));
  if (at < 0) return { anchorFound: false, changedIds: [], newest: anchor };
  const changed = new Set<string>();
  for (const e of events.slice(at + 1)) if (e.type === 'container') changed.add(e.id);
  return { anchorFound: true, changedIds: [...changed], newest: at === events.length - 1 ? anchor : events[events.length - 1] };
}

/**
 * The kept list with the changed containers read again: `fetched` is what the engine lists now among
 * `changedIds` (a changed id it no longer lists was removed). New containers come first, newest first, as the
 * engine lists them; the others keep their place.
 */
export function mergeListEntries(kept: KeptListEntry[], changedIds: string[], fetched: KeptListEntry[]): KeptListEntry[] {
  const changed = new Set(changedIds);
  const now = new Map(fetched.map((e) => [e.Id, e]));
  const keptIds = new Set(kept.map((e) => e.Id));
  const added = fetched.filter((e) => !keptIds.has(e.Id)).sort((a, b) => (b.Created ?? 0) - (a.Created ?? 0));
  const rest = kept.flatMap((e) => (!changed.has(e.Id) ? [e] : now.has(e.Id) ? [now.get(e.Id)!] : []));
  return [...added, ...rest];
}

/** `since`/`until` as the events API takes them: seconds with a fraction. */
export function sinceParam(timeNano: string): string {
  const digits = timeNano.padStart(10, '0');
  return `${digits.slice(0, -9)}.${digits.slice(-9)}`;
}

export function untilParam(epochMs: number): string {
  return `${Math.floor(epochMs / 1000)}.${String(epochMs % 1000).padStart(3, '0')}`;
}
