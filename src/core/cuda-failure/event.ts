// Schema of the notice library's event lines ($XDG_RUNTIME_DIR/ds01/cuda-events.jsonl,
// else ~/.cache/ds01/cuda-events.jsonl). native/ds01_gpu_notice.c writes version 1; keep both in step.
import { z } from 'zod';

export const CUDA_EVENT_SCHEMA_VERSION = 1;

export const CudaEventV1 = z.object({
  v: z.literal(1),
  /** Milliseconds since the epoch (wall clock) when the blocked start was decided. */
  ts: z.number().int().nonnegative(),
  pid: z.number().int().positive(),
  ppid: z.number().int().nonnegative(),
  uid: z.number().int().nonnegative(),
  /** /proc/self/exe target, '' when unreadable. */
  exe: z.string(),
  /** /proc/self/cmdline split on NUL. */
  argv: z.array(z.string()),
  cwd: z.string(),
  /** The real CUresult of the failed cuInit (100 = CUDA_ERROR_NO_DEVICE). */
  cuda_result: z.number().int(),
  /** How the program reached cuInit. */
  via: z.enum(['direct', 'dlsym', 'getprocaddress']),
  /** Process exit status when the notice was decided at exit, else null. */
  exit_status: z.number().int().nullable(),
});

export type CudaEvent = z.infer<typeof CudaEventV1>;

/** Parses one line; returns a reason instead of throwing so a bad line can be skipped and logged. */
export function parseCudaEventLine(line: string): { ok: true; event: CudaEvent } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = CudaEventV1.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  }
  return { ok: true, event: parsed.data };
}
