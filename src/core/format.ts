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

/** "1 request", "2 requests": a count and its word, plural where it is not one. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One way to count GPUs everywhere: 0 -> "no GPU", 1 -> "1 GPU", 2 -> "2 GPUs". */
export function formatGpuCount(n: number): string {
  return n === 0 ? 'no GPU' : plural(n, 'GPU');
}

/** GPU numbers as a user reads them: ["0", "1"] -> "GPU 0, GPU 1" (a MIG slice "0.1" -> "GPU 0.1"). */
export function formatGpuNumbers(ids: readonly string[]): string {
  return ids.map((id) => `GPU ${id}`).join(', ');
}

/** A count with the numbers, never a bare list that reads like a count: "2 GPUs: GPU 0, GPU 1", "no GPU". */
export function formatGpus(ids: readonly string[]): string {
  // UUIDs stand in for numbers while no GPU reading is there: the count alone then.
  if (ids.some((id) => /^(GPU|MIG)-/.test(id))) return formatGpuCount(ids.length);
  return ids.length ? `${formatGpuCount(ids.length)}: ${formatGpuNumbers(ids)}` : formatGpuCount(0);
}

/**
 * What the host does to a stopped container, from the two hold limits, in the words the row and the notices use:
 * (15m, 30m) -> "removed after 15m with a GPU, 30m without".
 */
export function afterStopRule(gpuHoldSeconds: number | null, containerHoldSeconds: number | null): string {
  const c = containerHoldSeconds;
  const g = gpuHoldSeconds === null ? c : c === null ? gpuHoldSeconds : Math.min(gpuHoldSeconds, c);
  if (g === null) return 'kept until you retire it';
  if (c === null) return `removed after ${formatDuration(g)} with a GPU; kept without`;
  if (g === c) return `removed after ${formatDuration(c)}`;
  return `removed after ${formatDuration(g)} with a GPU, ${formatDuration(c)} without`;
}

/** Why a stop takes a while, said while it waits: 60 -> "up to 60 s for its programs to exit, then killed". */
export function stopGraceText(seconds: number): string {
  return seconds === 0 ? 'killed at once' : `up to ${seconds} s for its programs to exit, then killed`;
}

/** Words into lines of at most `width` characters (a longer word gets a line of its own), for one-line widgets. */
export function wrapLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
