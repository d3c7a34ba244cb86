// The file in which the CLI keeps inspect records between runs (host/engine/inspect-cache): input like any other,
// checked here before use.
// zod's mini build: a CLI run that reads this file loads only the checks used here (bench/startup.bench.ts).
import * as z from 'zod/mini';
import type { LastingInspect } from './inspect-record';

const text = z.optional(z.string());
const lastingInspectSchema = z.object({
  Id: z.string().check(z.regex(/^[0-9a-f]{12,64}$/)),
  Created: text,
  Config: z.nullish(z.object({ Image: text, Labels: z.nullish(z.record(z.string(), z.string())) })),
  Mounts: z.nullish(z.array(z.object({ Type: text, Source: text, Destination: text }))),
  HostConfig: z.nullish(z.object({
    CgroupParent: text,
    DeviceRequests: z.nullish(z.array(z.object({
      Driver: text,
      Count: z.optional(z.number()),
      DeviceIDs: z.nullish(z.array(z.string())),
      Capabilities: z.nullish(z.array(z.array(z.string()))),
    }))),
  })),
});

export const INSPECT_RECORDS_FORMAT = 1;

const inspectRecordsSchema = z.object({
  format: z.literal(INSPECT_RECORDS_FORMAT),
  endpoint: z.string(),
  entries: z.record(z.string(), lastingInspectSchema),
});

/** The kept records of `endpoint`'s containers by id; null when the text is not such a file (it is then ignored). */
export function parseInspectRecords(json: string, endpoint: string): Map<string, LastingInspect> | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = inspectRecordsSchema.safeParse(raw);
  if (!parsed.success || parsed.data.endpoint !== endpoint) return null;
  const records = new Map<string, LastingInspect>();
  for (const [id, entry] of Object.entries(parsed.data.entries)) {
    if (entry.Id !== id) return null;
    records.set(id, entry);
  }
  return records;
}

export function serializeInspectRecords(records: Map<string, LastingInspect>, endpoint: string): string {
  return JSON.stringify({ format: INSPECT_RECORDS_FORMAT, endpoint, entries: Object.fromEntries(records) });
}
