// `ds01 quota --json`: the home's disk use against the quota (DiskUse, src/core/disk-quota/use.ts) and the warning.
import { z } from 'zod';

export const quotaJson = z.strictObject({
  ok: z.literal(true),
  user: z.string(),
  source: z.enum(['quota', 'home-size']),
  where: z.string(),
  usedBytes: z.number().nullable(),
  limitBytes: z.number().nullable(),
  percent: z.number().nullable(),
  note: z.string().nullable(),
  /** What `quota -u` answered (e.g. "the quota tools are not installed"), said beside the home size. */
  quota: z.string(),
  /** At 90% and over: what to do; else null. */
  warning: z.string().nullable(),
});
export type QuotaJson = z.infer<typeof quotaJson>;
