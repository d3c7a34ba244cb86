// zod schemas for both generations of resource-limits.yaml and user-overrides.yaml.
// Known keys are checked and converted to base units; every other key is kept and ignored.
import { z } from 'zod';
import { FIELDS, type ValueKind } from './fields';
import { POLICY_KEYS } from './lifecycle-policies';
import { toBytes, toLimitNumber, toNumber, toSeconds, type Converted } from './units';

function convert(kind: ValueKind, v: unknown): Converted | { ok: true; value: boolean } {
  if (kind === 'bool') {
    return typeof v === 'boolean' ? { ok: true, value: v } : { ok: false, reason: `expected true or false, got ${JSON.stringify(v)}` };
  }
  if (kind === 'quota' || kind === 'cpus') return toLimitNumber(v, false);
  if (kind === 'count') return toLimitNumber(v, true);
  if (kind === 'size') return toBytes(v);
  return toSeconds(v, kind.duration);
}

/**
 * Where Docker reads 0 (or a value that rounds to it) as "no limit", a small value would lift the limit by
 * accident: the smallest each key can mean. Only null means unlimited. CPUs also have a largest (no host has more,
 * and Docker's NanoCpus must fit 64 bits).
 */
const MOST_CPUS = 65536;
const SMALLEST: Record<string, { min: number; shown: string }> = {
  max_cpus: { min: 0.01, shown: "0.01 (Docker's smallest CPU share)" },
  cpus: { min: 0.01, shown: "0.01 (Docker's smallest CPU share)" },
  memory: { min: 6 * 1024 ** 2, shown: "6m (Docker's smallest memory limit)" },
  memory_swap: { min: 6 * 1024 ** 2, shown: "6m (Docker's smallest memory limit)" },
  pids_limit: { min: 1, shown: '1' },
};

function withinBounds(key: string, r: Converted | { ok: true; value: boolean }): Converted | { ok: true; value: boolean } {
  if (r.ok && typeof r.value === 'number' && (key === 'max_cpus' || key === 'cpus') && r.value > MOST_CPUS) {
    return { ok: false, reason: `${r.value} CPUs is more than any host has (at most ${MOST_CPUS}; null means unlimited)` };
  }
  const low = SMALLEST[key];
  if (!r.ok || !low || typeof r.value !== 'number' || r.value >= low.min) return r;
  return { ok: false, reason: `${r.value} would lift the limit (Docker reads it as none); the smallest is ${low.shown}, null means unlimited` };
}

function limitValue(key: string, kind: ValueKind) {
  return z
    .unknown()
    .transform((v, ctx) => {
      if (v === null && kind !== 'bool') return null;
      const r = withinBounds(key, convert(kind, v));
      if (r.ok) return r.value;
      ctx.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    })
    .optional();
}

/** YAML's `key:` with nothing under it is null: read as an empty block. */
export const nullToEmpty = (v: unknown) => (v === null ? {} : v);

/** A policy's number (units as the host reads them); absent or null: not set. */
export const policyValue = z
  .unknown()
  .transform((v, ctx) => {
    if (v === null || v === undefined) return undefined;
    const n = toNumber(v);
    if (n.ok) return n.value;
    ctx.addIssue({ code: 'custom', message: n.reason });
    return z.NEVER;
  })
  .optional();

/** A group's or a user override's `policies:` (get_lifecycle_policies), in its own names. */
const policyBlockSchema = z.preprocess(nullToEmpty, z.looseObject(Object.fromEntries(POLICY_KEYS.map(([key]) => [key, policyValue]))));

const limitShape: Record<string, z.ZodType> = { policies: policyBlockSchema.optional() };
for (const spec of FIELDS) for (const { key, kind } of spec.keys) limitShape[key] = limitValue(key, kind);

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
