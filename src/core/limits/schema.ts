// zod schemas for both generations of resource-limits.yaml and user-overrides.yaml.
// Known keys are checked and converted to base units; every other key is kept and ignored.
import { z } from 'zod';
import { FIELDS, type ValueKind } from './fields';
import { toBytes, toLimitNumber, toSeconds, type Converted } from './units';

function convert(kind: ValueKind, v: unknown): Converted | { ok: true; value: boolean } {
  if (kind === 'bool') {
    return typeof v === 'boolean' ? { ok: true, value: v } : { ok: false, reason: `expected true or false, got ${JSON.stringify(v)}` };
  }
  if (kind === 'quota' || kind === 'cpus') return toLimitNumber(v, false);
  if (kind === 'count') return toLimitNumber(v, true);
  if (kind === 'size') return toBytes(v);
  return toSeconds(v, kind.duration);
}

function limitValue(kind: ValueKind) {
  return z
    .unknown()
    .transform((v, ctx) => {
      if (v === null && kind !== 'bool') return null;
      const r = convert(kind, v);
      if (r.ok) return r.value;
      ctx.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    })
    .optional();
}

const nullToEmpty = (v: unknown) => (v === null ? {} : v);

const limitShape: Record<string, z.ZodType> = {};
for (const spec of FIELDS) for (const { key, kind } of spec.keys) limitShape[key] = limitValue(kind);

const userNames = z
  .array(z.union([z.string(), z.number().transform(String)]))
  .nullable()
  .transform((v) => v ?? []);

/** One block of limits: `defaults`, a group, or one user's override. Empty (all commented out) is fine. */
export const limitBlockSchema = z.preprocess(nullToEmpty, z.looseObject(limitShape));

export const groupBlockSchema = z.preprocess(nullToEmpty, z.looseObject({ ...limitShape, members: userNames.optional() }));

export const userOverridesSchema = z.preprocess(nullToEmpty, z.record(z.string(), limitBlockSchema));

export const limitsFileSchema = z.looseObject({
  defaults: limitBlockSchema.optional(),
  default_group: z.string().optional(),
  groups: z.preprocess(nullToEmpty, z.record(z.string(), groupBlockSchema)).optional(),
  user_overrides: userOverridesSchema.optional(),
  bare_metal_access: z.preprocess(nullToEmpty, z.looseObject({ exempt_users: userNames.optional() })).optional(),
  monitoring: z.preprocess(nullToEmpty, z.looseObject({ infrastructure_label: z.string().optional() })).optional(),
});
