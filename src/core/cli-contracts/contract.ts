// What the front ends name a contract by, so they need not import zod themselves.
import type { z } from 'zod';

export type Contract = z.ZodType;
/** What a command writes under a contract: the schema's parsed (output) type. */
export type Written<S extends Contract> = z.output<S>;
