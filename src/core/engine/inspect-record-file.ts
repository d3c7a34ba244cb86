// The file in which the CLI keeps inspect records between runs (host/engine/inspect-cache): input like any other,
// checked here before use.
import type { LastingInspect } from './inspect-record';
import { arrayOf, isContainerId, isMount, isNumber, isObject, isString, isStringRecord, nullish, optional } from './record-checks';

/** 2: records keep Config.User and HostConfig.Binds (issue 21, 24); records of 1 lack them and are read again. */
export const INSPECT_RECORDS_FORMAT = 2;

const isDeviceRequest = (r: unknown): boolean =>
  isObject(r) &&
  optional(r.Driver, isString) &&
  optional(r.Count, isNumber) &&
  nullish(r.DeviceIDs, (ids) => arrayOf(ids, isString)) &&
  nullish(r.Capabilities, (c) => arrayOf(c, (set) => arrayOf(set, isString)));

function isLastingInspect(v: unknown): v is LastingInspect {
  return (
    isObject(v) &&
    isContainerId(v.Id) &&
    optional(v.Created, isString) &&
    nullish(v.Config, (c) => isObject(c) && optional(c.Image, isString) && nullish(c.Labels, isStringRecord)) &&
    nullish(v.Mounts, (m) => arrayOf(m, isMount)) &&
    nullish(v.HostConfig, (h) => isObject(h) && optional(h.CgroupParent, isString) && nullish(h.DeviceRequests, (d) => arrayOf(d, isDeviceRequest)))
  );
}

/** The kept records of `endpoint`'s containers by id; null when the text is not such a file (it is then ignored). */
export function parseInspectRecords(json: string, endpoint: string): Map<string, LastingInspect> | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isObject(raw) || raw.format !== INSPECT_RECORDS_FORMAT || raw.endpoint !== endpoint || !isObject(raw.entries)) return null;
  const records = new Map<string, LastingInspect>();
  for (const [id, entry] of Object.entries(raw.entries)) {
    if (!isLastingInspect(entry) || entry.Id !== id) return null;
    records.set(id, entry);
  }
  return records;
}

export function serializeInspectRecords(records: Map<string, LastingInspect>, endpoint: string): string {
  return JSON.stringify({ format: INSPECT_RECORDS_FORMAT, endpoint, entries: Object.fromEntries(records) });
}
