// Shape checks for the records the CLI keeps in the user's cache folder between runs (inspect-record-file,
// list-record-file). Written out rather than with zod, which the rest of core uses for the host's files: these
// files hold a record per container, and zod's checks took 12-19 ms per 1000 records in a fresh process
// (bench/startup.bench.ts), more than the engine call they save. The folder is the user's own (0700, checked);
// the checks guard against a file from another build or a broken write, not against another user.
import type { MountPoint } from '../containers/ownership';

type Rec = Record<string, unknown>;

export const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
export const optional = (v: unknown, check: (x: unknown) => boolean): boolean => v === undefined || check(v);
export const nullish = (v: unknown, check: (x: unknown) => boolean): boolean => v === undefined || v === null || check(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const arrayOf = (v: unknown, check: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(check);

export function isStringRecord(v: unknown): v is Record<string, string> {
  if (!isObject(v)) return false;
  for (const k in v) if (typeof v[k] !== 'string') return false;
  return true;
}

export const isContainerId = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{12,64}$/.test(v);

export function isMount(v: unknown): v is MountPoint {
  return isObject(v) && optional(v.Type, isString) && optional(v.Source, isString) && optional(v.Destination, isString);
}
