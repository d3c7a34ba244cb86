// Reading the host's event log and the user's alerts file. Both sit in shared folders, so they are opened
// without following links, checked through the descriptor (a regular file, owned by root or the user), and
// only their tail is read.
import { join } from 'node:path';
import { parseAlerts, stopReason, type HostAlert, type StopReason } from '../../core/lifecycle';
import { readCheckedTail } from '../private-files';

export const DEFAULT_LOG_DIR = '/var/log/ds01';
/** The last part of the event log read for a stop reason: plenty for the minutes around one stop. */
const TAIL_BYTES = 256 * 1024;
const MAX_ALERTS_BYTES = 256 * 1024;

/** $DS01_LOG_DIR, else /var/log/ds01. */
export function logDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DS01_LOG_DIR?.trim() || DEFAULT_LOG_DIR;
}

/** The tail of a file opened with O_NOFOLLOW, or null when it is missing, a link, not regular, or owned by someone else. */
export function readTail(file: string, maxBytes: number, allowedOwners: number[]): string | null {
  const read = readCheckedTail(file, (st) => allowedOwners.includes(st.uid), maxBytes);
  if (!read) return null;
  const text = read.data.toString('utf8');
  // A tail cut mid-line: drop the partial first line.
  return read.stats.size > maxBytes ? text.slice(text.indexOf('\n') + 1) : text;
}

function owners(): number[] {
  const me = process.getuid?.();
  return me === undefined || me === 0 ? [0] : [0, me];
}

export function readStopReason(env: NodeJS.ProcessEnv, container: string, since: Date): StopReason | null {
  const text = readTail(join(logDir(env), 'events.jsonl'), TAIL_BYTES, owners());
  return text === null ? null : stopReason(text.split('\n'), container, since);
}

/** `$DS01_STATE_DIR/alerts/<user>.json`; a name with a slash is never looked up. */
export function readHostAlerts(stateDir: string, user: string): HostAlert[] {
  if (user === '' || user.includes('/') || user.startsWith('.')) return [];
  const text = readTail(join(stateDir, 'alerts', `${user}.json`), MAX_ALERTS_BYTES, owners());
  return text === null ? [] : parseAlerts(text);
}
