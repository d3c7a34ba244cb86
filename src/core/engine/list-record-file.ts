// The file in which the CLI keeps the engine's container list between runs, with the event it was brought up to
// date to (host/engine/list-cache, core/engine/list-replay): input like any other, checked here before use.
import type { EngineEvent, KeptListEntry } from './list-replay';
import { arrayOf, isContainerId, isMount, isNumber, isObject, isString, isStringRecord, nullish, optional } from './record-checks';

export const LIST_RECORDS_FORMAT = 1;

function isKeptListEntry(v: unknown): v is KeptListEntry {
  return (
    isObject(v) &&
    isContainerId(v.Id) &&
    nullish(v.Names, (n) => arrayOf(n, isString)) &&
    optional(v.Image, isString) &&
    optional(v.Created, isNumber) &&
    nullish(v.Labels, isStringRecord) &&
    optional(v.State, isString) &&
    nullish(v.Mounts, (m) => arrayOf(m, isMount))
  );
}

function isEngineEvent(v: unknown): v is EngineEvent {
  return isObject(v) && isString(v.type) && isString(v.action) && isString(v.id) && isString(v.timeNano) && /^\d{1,20}$/.test(v.timeNano);
}

export interface ListRecords {
  anchor: EngineEvent;
  entries: KeptListEntry[];
}

/** The kept list of `endpoint`; null when the text is not such a file (it is then ignored). */
export function parseListRecords(json: string, endpoint: string): ListRecords | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isObject(raw) || raw.format !== LIST_RECORDS_FORMAT || raw.endpoint !== endpoint) return null;
  if (!isEngineEvent(raw.anchor) || !arrayOf(raw.entries, isKeptListEntry)) return null;
  return { anchor: raw.anchor, entries: raw.entries as KeptListEntry[] };
}

export function serializeListRecords(records: ListRecords, endpoint: string): string {
  return JSON.stringify({ format: LIST_RECORDS_FORMAT, endpoint, anchor: records.anchor, entries: records.entries });
}
