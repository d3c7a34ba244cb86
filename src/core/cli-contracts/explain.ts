// `ds01 explain --json`: the CUDA failures found in a log, in order ([] when none).
import { z } from 'zod';
import type { CudaFailureKind, CudaFramework } from '../cuda-failure';

export const explainJson = z.array(
  z.strictObject({
    kind: z.string() as z.ZodType<CudaFailureKind>,
    framework: z.string() as z.ZodType<CudaFramework>,
    blocked: z.boolean(),
    message: z.string(),
    lineNumber: z.number(),
    frames: z.array(z.strictObject({ file: z.string(), line: z.number(), function: z.string().optional() })),
  }),
);
export type ExplainJson = z.infer<typeof explainJson>;
