// `ds01 limits --json`: one user's resolved limits (LimitSet, src/core/model.ts); check-limits --json extends it.
import { z } from 'zod';
import type { LimitSet } from '../model';

const count = z.number().nullable();

export const limitSetShape = {
  user: z.string(),
  sanitizedUser: z.string(),
  group: z.string(),
  exempt: z.boolean(),
  exemptReason: z.enum(['grant-file', 'exempt-users']).nullable(),
  gpus: z.strictObject({ maxEquivalents: count, maxPerContainer: count, allowFullGpu: z.boolean() }),
  containers: z.strictObject({ max: count }),
  cpus: count,
  memoryBytes: count,
  memorySwapBytes: count,
  shmBytes: count,
  pidsLimit: count,
  lifecycle: z.strictObject({ idleTimeoutSeconds: count, maxRuntimeSeconds: count, gpuHoldAfterStopSeconds: count, containerHoldAfterStopSeconds: count }),
  lifecyclePolicies: z.strictObject({
    idleDetectionWindow: z.number(),
    gpuIdleThresholdPercent: z.number(),
    cpuIdleThresholdPercent: z.number(),
    networkIdleThresholdBytes: z.number(),
    sigtermGraceSeconds: z.number(),
  }),
};

export const limitsJson = z.strictObject(limitSetShape) satisfies z.ZodType<LimitSet>;
export type LimitsJson = z.infer<typeof limitsJson>;
