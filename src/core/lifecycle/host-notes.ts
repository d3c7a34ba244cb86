// What the host wrote down about a user's containers: its event log (/var/log/ds01/events.jsonl, one JSON
// object a line: timestamp, event_type, user, source, details{container,...}) says why it stopped one, and
// its per-user alerts file (/var/lib/ds01/alerts/<user>.json: [{type, message, created_at, updated_at}])
// holds messages its enforcement and queue leave for the user. Text in, records out.

export interface StopReason {
  kind: 'idle' | 'runtime';
  at: Date;
  /** For people: "stopped and removed by the host's idle check after 2h idle". */
  text: string;
}

const KILLS: Record<string, StopReason['kind']> = { 'maintenance.idle_kill': 'idle', 'maintenance.runtime_kill': 'runtime' };

/**
 * The host's own reason for stopping `container` at or after `since` (minus a minute of clock skew), the
 * latest one; null when the log has none (the stop was not the host's, or the log is not readable).
 */
export function stopReason(lines: string[], container: string, since: Date): StopReason | null {
  let found: StopReason | null = null;
  for (const line of lines) {
    if (!line.includes('maintenance.')) continue;
    let e: { timestamp?: unknown; event_type?: unknown; details?: Record<string, unknown> };
    try {
      e = JSON.parse(line) as typeof e;
    } catch {
      continue;
    }
    const kind = typeof e.event_type === 'string' ? KILLS[e.event_type] : undefined;
    if (!kind || e.details?.container !== container) continue;
    const at = new Date(String(e.timestamp));
    if (Number.isNaN(at.getTime()) || at.getTime() < since.getTime() - 60_000) continue;
    const d = e.details;
    const text =
      kind === 'idle'
        ? `stopped and removed by the host's idle check${d.idle_duration ? ` after ${String(d.idle_duration)} idle` : ''}`
        : `stopped by the host's max-runtime enforcement${d.runtime ? ` after ${String(d.runtime)}` : ''}`;
    if (!found || at > found.at) found = { kind, at, text };
  }
  return found;
}

export interface HostAlert {
  /** Stable across rereads: type and creation time. */
  key: string;
  type: string;
  message: string;
  createdAt: string | null;
}

/** The alerts file; anything that is not a list of objects with a message gives no alerts. */
export function parseAlerts(text: string): HostAlert[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(doc)) return [];
  return doc.flatMap((a): HostAlert[] => {
    if (a === null || typeof a !== 'object' || typeof (a as { message?: unknown }).message !== 'string') return [];
    const r = a as { type?: unknown; message: string; created_at?: unknown };
    const type = typeof r.type === 'string' ? r.type : 'alert';
    const createdAt = typeof r.created_at === 'string' ? r.created_at : null;
    return [{ key: `${type}|${createdAt ?? r.message}`, type, message: r.message, createdAt }];
  });
}

/**
 * What an alert of the host's resource-alert-checker calls for ({gpu,container,memory}_{usage_high,limit_reached}):
 * freeing containers for GPUs and containers, a look at the limits otherwise. The command is the extension's.
 */
export function alertAction(type: string): { title: string; command: string } | null {
  if (/^(gpu|container)_/.test(type)) return { title: 'Retire a Container', command: 'ds01.retire' };
  if (/^memory_/.test(type)) return { title: 'Show My Limits', command: 'ds01.showLimits' };
  return null;
}

/** A limit reached is a warning; a usage that is merely high, or an unknown alert, is information. */
export function alertSeverity(type: string): 'warning' | 'info' {
  return /_limit_reached$/.test(type) ? 'warning' : 'info';
}
