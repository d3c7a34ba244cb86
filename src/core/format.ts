// Limits for people: "30m", "24h", "32 GiB", "unlimited". Shared by the CLI and the extension.

export const UNLIMITED = 'unlimited';

/** 1800 -> "30m", 5400 -> "1h 30m", 86400 -> "24h", 90 -> "1m 30s", null -> "unlimited". */
export function formatDuration(seconds: number | null, none: string = UNLIMITED): string {
  if (seconds === null) return none;
  if (seconds === 0) return '0s';
  const s = Math.round(seconds);
  const parts: string[] = [];
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (rest) parts.push(`${rest}s`);
  return parts.join(' ');
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Binary units, at most one decimal: 34359738368 -> "32 GiB", 1610612736 -> "1.5 GiB". */
export function formatBytes(bytes: number | null, none: string = UNLIMITED): string {
  if (bytes === null) return none;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${trimNumber(value, 1)} ${BYTE_UNITS[unit]}`;
}

/** A count or quota: 4 -> "4", 0.2857 -> "0.29", null -> "unlimited". */
export function formatAmount(n: number | null, none: string = UNLIMITED): string {
  return n === null ? none : trimNumber(n, 2);
}

function trimNumber(n: number, decimals: number): string {
  return String(Number(n.toFixed(decimals)));
}
