// The engine's answers as our records: only the fields we read, each of the type we rely on (a field of another
// type is left out, as if the engine had not sent it); an answer without what identifies it is an engine error.
// Written out rather than with zod: a scan reads a record per container and zod would load with every CLI run.
import type { ContainerInspect, ContainerListEntry, MountPoint } from '../../core/containers/ownership';
import type { EngineCapacity } from '../../core/containers/engine-capacity';
import type { EngineStats } from '../../core/container-stats/stats';
import { problem } from '../../core/problem';
import { Readable } from 'node:stream';

type Rec = Record<string, unknown>;

export const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringRecord = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every(isString);
const isMount = (v: unknown): v is MountPoint => isObject(v) && [v.Type, v.Source, v.Destination].every((f) => f === undefined || isString(f));

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const obj = (v: unknown): Rec | undefined => (isObject(v) ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every(isString) ? v : undefined);
const labels = (v: unknown): Record<string, string> | null | undefined => (v === null ? null : isStringRecord(v) ? v : undefined);
const mounts = (v: unknown): MountPoint[] | null | undefined =>
  v === null ? null : Array.isArray(v) ? v.filter(isMount).map((m) => ({ Type: m.Type, Source: m.Source, Destination: m.Destination })) : undefined;

/** Keeps only the keys whose value is not undefined (records are compared and written out as JSON). */
function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

function unexpected(what: string): never {
  throw problem(
    'engine-error',
    `The Docker engine answered with ${what} that DS01 cannot read.`,
    'Check the engine with: docker info; DS01 needs Docker 20.10 or newer.',
  );
}

function withId(raw: unknown, what: string): Rec & { Id: string } {
  const o = obj(raw);
  if (!o || typeof o.Id !== 'string' || o.Id === '') unexpected(what);
  return o as Rec & { Id: string };
}

export function listEntryRecord(raw: unknown): ContainerListEntry {
  const o = withId(raw, 'a container list entry');
  return defined({
    Id: o.Id,
    Names: o.Names === null ? null : strings(o.Names),
    Image: str(o.Image),
    ImageID: str(o.ImageID),
    Created: num(o.Created),
    Labels: labels(o.Labels),
    State: str(o.State),
    Mounts: mounts(o.Mounts),
  });
}

export function listRecords(raw: unknown): ContainerListEntry[] {
  if (!Array.isArray(raw)) unexpected('a container list');
  return raw.map(listEntryRecord);
}

type DeviceRequest = NonNullable<NonNullable<ContainerInspect['HostConfig']>['DeviceRequests']>[number];

function deviceRequests(v: unknown): DeviceRequest[] | null | undefined {
  if (v === null) return null;
  if (!Array.isArray(v)) return undefined;
  return v.flatMap((r) => {
    const o = obj(r);
    if (!o) return [];
    const caps = Array.isArray(o.Capabilities)
      ? o.Capabilities.filter((c): c is string[] => strings(c) !== undefined)
      : o.Capabilities === null
        ? null
        : undefined;
    return [defined({ Driver: str(o.Driver), Count: num(o.Count), DeviceIDs: o.DeviceIDs === null ? null : strings(o.DeviceIDs), Capabilities: caps })];
  });
}

function networks(v: unknown): Record<string, { IPAddress?: string }> | null | undefined {
  if (v === null) return null;
  const o = obj(v);
  return o ? Object.fromEntries(Object.entries(o).map(([name, n]) => [name, defined({ IPAddress: str(obj(n)?.IPAddress) })])) : undefined;
}

export function inspectRecord(raw: unknown): ContainerInspect {
  const o = withId(raw, 'a container inspect');
  const state = obj(o.State);
  const config = obj(o.Config);
  const host = obj(o.HostConfig);
  const net = obj(o.NetworkSettings);
  return defined({
    Id: o.Id,
    Name: str(o.Name),
    Created: str(o.Created),
    State: state
      ? defined({
          Status: str(state.Status),
          Running: bool(state.Running),
          StartedAt: str(state.StartedAt),
          FinishedAt: str(state.FinishedAt),
          ExitCode: num(state.ExitCode),
          OOMKilled: bool(state.OOMKilled),
        })
      : o.State === null
        ? null
        : undefined,
    Config: config
      ? defined({ Image: str(config.Image), User: str(config.User), Labels: labels(config.Labels), Tty: bool(config.Tty) })
      : o.Config === null
        ? null
        : undefined,
    Mounts: mounts(o.Mounts),
    NetworkSettings: net ? defined({ IPAddress: str(net.IPAddress), Networks: networks(net.Networks) }) : undefined,
    HostConfig: host
      ? defined({
          CgroupParent: str(host.CgroupParent),
          NetworkMode: str(host.NetworkMode),
          Binds: host.Binds === null ? null : strings(host.Binds),
          DeviceRequests: deviceRequests(host.DeviceRequests),
        })
      : o.HostConfig === null
        ? null
        : undefined,
  });
}

/** An image, from the list (Created in seconds, Labels) or an inspect (Created as a time, Config.Labels). */
export interface ImageRecord {
  id: string;
  /** `repo:tag` names; none for an untagged image. */
  tags: string[];
  created: Date;
  sizeBytes: number;
  labels: Record<string, string>;
}

export function imageRecord(raw: unknown): ImageRecord {
  const o = withId(raw, 'an image');
  const created = typeof o.Created === 'number' ? new Date(o.Created * 1000) : typeof o.Created === 'string' ? new Date(o.Created) : null;
  const size = num(o.Size);
  if (!created || Number.isNaN(created.getTime()) || size === undefined) unexpected('an image');
  return {
    id: o.Id,
    tags: (strings(o.RepoTags) ?? []).filter((t) => t !== '<none>:<none>'),
    created,
    sizeBytes: size,
    labels: labels(o.Labels) ?? labels(obj(o.Config)?.Labels) ?? {},
  };
}

export function imageRecords(raw: unknown): ImageRecord[] {
  if (!Array.isArray(raw)) unexpected('an image list');
  return raw.map(imageRecord);
}

export function capacityRecord(raw: unknown): EngineCapacity {
  const o = obj(raw) ?? {};
  const positive = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);
  return { cpus: positive(o.NCPU), memoryBytes: positive(o.MemTotal) };
}

/** Stats are read field by field where they are used (core/container-stats): here only their shape. */
export function statsRecord(raw: unknown): EngineStats {
  return obj(raw) ?? {};
}

/** dockerode types a stream answer as the NodeJS interface; what comes is a node Readable (an HTTP response). */
export function readableAnswer(stream: NodeJS.ReadableStream): Readable {
  if (!(stream instanceof Readable)) unexpected('a stream');
  return stream;
}
