// `ds01 admin setup-host --json`: each step of laying out the shared state folder and the gpu-reader unit.
import { z } from 'zod';

export const setupHostJson = z.strictObject({
  ok: z.boolean(),
  stateDir: z.string(),
  steps: z.array(
    z.strictObject({
      path: z.string(),
      what: z.string(),
      outcome: z.enum(['made', 'ok', 'refused', 'skipped']),
      note: z.string().optional(),
      fix: z.string().optional(),
    }),
  ),
});
export type SetupHostJson = z.infer<typeof setupHostJson>;
