// What a waiting deploy (`ds01 container deploy NAME --wait --json --progress-fd N`) writes on fd N, one JSON line
// per record: where it stands in the GPU queue, each deploy step once its turn came, and how long it waited. A VS
// Code window follows a detached waiter through these (src/extension/wait-runner.ts), not through its stderr text.
import { z } from 'zod';

export const waitProgressLine = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('queued'),
    /** One line for people: "Waiting for 1 GPU: number 2 in the queue, …". */
    text: z.string(),
    freeSlots: z.number(),
    totalSlots: z.number(),
    /** The queue entry's file name. */
    ticket: z.string(),
  }),
  z.strictObject({ type: z.literal('step'), index: z.number(), total: z.number(), title: z.string(), detail: z.string().optional() }),
  z.strictObject({ type: z.literal('waited'), waitedMs: z.number() }),
]);
export type WaitProgressLine = z.infer<typeof waitProgressLine>;

/** The line a person sees for a record, as the waiter's stderr says it. */
export function waitProgressText(p: WaitProgressLine): string {
  if (p.type === 'queued') return p.text;
  if (p.type === 'step') return `[${p.index}/${p.total}] ${p.title}${p.detail ? `: ${p.detail}` : ''}`;
  return `Waited ${(p.waitedMs / 1000).toFixed(1)} s in the GPU queue.`;
}

/** The latest valid record in a progress file's text (a torn last line is skipped), or null. */
export function latestWaitProgress(text: string): WaitProgressLine | null {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i].trim()) continue;
    try {
      const p = waitProgressLine.safeParse(JSON.parse(lines[i]));
      if (p.success) return p.data;
    } catch {
      // a line being written: the one before it is the latest whole one
    }
  }
  return null;
}
