// `--since T` and `--tail N` as the engine's log call takes them: T is a duration back from now ("10m", "2h",
// "1d", "90s"), an ISO time or unix seconds; N a line count or "all".
import { problem } from '../problem';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Unix seconds for the engine's `since`; throws a usage problem naming the value. */
export function parseSince(text: string, now: Date): number {
  const t = text.trim();
  const duration = /^(\d+(?:\.\d+)?)([smhd])$/.exec(t);
  if (duration) return Math.floor(now.getTime() / 1000 - Number(duration[1]) * UNIT_SECONDS[duration[2]]);
  if (/^\d{9,}$/.test(t)) return Number(t);
  if (/^\d{4}-\d\d-\d\d/.test(t)) {
    const at = Date.parse(t);
    if (!Number.isNaN(at)) return Math.floor(at / 1000);
  }
  throw problem(
    'usage',
    `--since ${JSON.stringify(text)} is not a time.`,
    'Give a duration back from now (30s, 10m, 2h, 1d), an ISO time (2026-12-07T09:00) or unix seconds.',
  );
}

/** A line count, or 'all'; throws a usage problem naming the value. */
export function parseTail(text: string): number | 'all' {
  const t = text.trim();
  if (t === 'all') return 'all';
  if (/^\d+$/.test(t) && Number(t) <= 10_000_000) return Number(t);
  throw problem('usage', `--tail ${JSON.stringify(text)} is not a line count.`, 'Give a number of lines (--tail 100) or --tail all.');
}
