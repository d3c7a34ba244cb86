// The problem every --json output carries when a command fails: `{ ok: false, problem }` (src/core/problem.ts).
import { z } from 'zod';
import type { Problem, ProblemKind } from '../problem';

export const problemSchema = z.strictObject({
  kind: z.string() as z.ZodType<ProblemKind>,
  message: z.string(),
  fix: z.string().optional(),
  status: z.number().optional(),
}) satisfies z.ZodType<Problem>;

export const failedJson = z.strictObject({ ok: z.literal(false), problem: problemSchema });

/** A command's answer: its result, or the problem that stopped it. */
export function outcomeOf<T extends z.ZodType>(result: T) {
  return z.union([result, failedJson]);
}
