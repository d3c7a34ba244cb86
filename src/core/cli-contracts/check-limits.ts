// `ds01 check-limits --json`: the limits, what the user holds against them and the host's free slots. A figure not
// read is null with its reason beside it, and the level is then "unknown".
import { z } from 'zod';
import { limitSetShape } from './limits';
import { problemSchema } from './problem';

const known = z.number().nullable();

export const checkLimitsJson = z.strictObject({
  ...limitSetShape,
  gpus: z.strictObject({
    ...limitSetShape.gpus.shape,
    used: known,
    usedEquivalents: known,
    remainingEquivalents: known,
    limit: known,
    slotIds: z.array(z.string()).nullable(),
    reason: z.string().nullable(),
  }),
  containers: z.strictObject({ ...limitSetShape.containers.shape, used: known, running: known, limit: known, reason: z.string().nullable() }),
  host: z.strictObject({ freeSlots: known, totalSlots: known, reason: z.string().nullable() }),
  level: z.enum(['ok', 'warning', 'error', 'unknown']),
  warnings: z.array(problemSchema),
  problems: z.strictObject({
    engine: problemSchema.nullable(),
    nvidiaSmi: problemSchema.nullable(),
    unreadable: z.array(z.strictObject({ id: z.string(), name: z.string(), reason: z.string() })),
  }),
});
export type CheckLimitsJson = z.infer<typeof checkLimitsJson>;
