// --json of `ds01 devcontainer init` (what was written) and `devcontainer check` (the findings per file).
import { z } from 'zod';
import { SEVERITIES } from '../devcontainer/finding';

/** The per-container GPU cap the count was checked against; null with why when unknown or absent. */
const cap = { perContainerCap: z.number().nullable(), perContainerCapWhy: z.string().nullable() };

export const devcontainerInitJson = z.strictObject({
  path: z.string(),
  backup: z.string().nullable(),
  image: z.string().nullable(),
  dockerfile: z.string().nullable(),
  gpus: z.number(),
  ...cap,
});
export type DevcontainerInitJson = z.infer<typeof devcontainerInitJson>;

export const devcontainerCheckJson = z.strictObject({
  files: z.array(
    z.strictObject({
      file: z.string(),
      findings: z.array(
        z.strictObject({
          code: z.string(),
          severity: z.enum(SEVERITIES),
          message: z.string(),
          fix: z.string(),
          line: z.number(),
          column: z.number(),
          endLine: z.number(),
          endColumn: z.number(),
          quickFix: z.string().nullable(),
        }),
      ),
    }),
  ),
  errors: z.number(),
  warnings: z.number(),
  ...cap,
});
export type DevcontainerCheckJson = z.infer<typeof devcontainerCheckJson>;
