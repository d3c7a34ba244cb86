// Units of the limits file: durations ("0.5h", "30m", or a number under a *_h/*_m/*_s key) and
// sizes ("32g", "512m", "1t", plain bytes), the way Docker and the host's scripts read them.

export type Converted = { ok: true; value: number } | { ok: false; reason: string };

const SECONDS_PER: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const BYTES_PER: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

const DURATION = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([smhd])\s*$/i;
const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$/i;
const PLAIN_NUMBER = /^\s*-?(\d+(?:\.\d+)?|\.\d+)\s*$/;

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object' && v !== null) return 'a mapping';
  return String(v);
}

/** A number, or a string holding only a number (quoted YAML values the host also accepts). */
export function toNumber(v: unknown): Converted {
  if (typeof v === 'number' && Number.isFinite(v)) return { ok: true, value: v };
  if (typeof v === 'string' && PLAIN_NUMBER.test(v)) return { ok: true, value: Number(v) };
  return { ok: false, reason: `expected a number or null, got ${describe(v)}` };
}

/** Beyond this no count, size or duration means anything on a host, and arithmetic on it stops being exact. */
export const LARGEST = Number.MAX_SAFE_INTEGER;

function tooLarge(value: number): Converted {
  return { ok: false, reason: `${value} is more than any host can mean (null means unlimited)` };
}

export function toLimitNumber(v: unknown, integer: boolean): Converted {
  const n = toNumber(v);
  if (!n.ok) return n;
  if (n.value < 0) return { ok: false, reason: `must not be negative, got ${n.value}` };
  if (n.value > LARGEST) return tooLarge(n.value);
  if (integer && !Number.isInteger(n.value)) return { ok: false, reason: `expected a whole number, got ${n.value}` };
  return n;
}

/**
 * Seconds from a duration. `keyUnit` is the unit a suffixed key implies (max_runtime_h -> 'h');
 * without one a bare number is ambiguous, so it is refused rather than guessed.
 */
export function toSeconds(v: unknown, keyUnit: 's' | 'm' | 'h' | null): Converted {
  if (typeof v === 'string') {
    const m = DURATION.exec(v);
    if (m) return bounded(Math.round(Number(m[1]) * SECONDS_PER[m[2].toLowerCase()]));
  }
  if (keyUnit) {
    const n = toLimitNumber(v, false);
    if (n.ok) return bounded(Math.round(n.value * SECONDS_PER[keyUnit]));
    if (typeof v !== 'string' || PLAIN_NUMBER.test(v)) return n;
  } else if (typeof v === 'number') {
    return { ok: false, reason: `expected a duration with a unit such as "30m" or "24h", got ${v}` };
  }
  return { ok: false, reason: `expected a duration such as "30m", "0.5h" or "24h", got ${describe(v)}` };
}

function bounded(value: number): Converted {
  return Number.isFinite(value) && value <= LARGEST ? { ok: true, value } : tooLarge(value);
}

/** Bytes from a size: binary multiples as Docker reads them ("32g" = 32 GiB). */
export function toBytes(v: unknown): Converted {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return { ok: false, reason: `must not be negative, got ${v}` };
    return bounded(Math.round(v));
  }
  if (typeof v === 'string') {
    const m = SIZE.exec(v);
    if (m) return bounded(Math.round(Number(m[1]) * BYTES_PER[m[2].toLowerCase()]));
    if (/^\s*-/.test(v)) return { ok: false, reason: `must not be negative, got ${describe(v)}` };
  }
  return { ok: false, reason: `expected a size such as "512m", "32g" or a number of bytes, got ${describe(v)}` };
}
