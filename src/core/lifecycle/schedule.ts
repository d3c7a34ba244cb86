// When the host's enforcement runs: read from its installed cron files (/etc/cron.d/ds01-*), the way cron
// reads them. Only hourly schedules are modelled (minute field with `*` hours), which is what DS01 installs;
// anything else leaves the run time unknown rather than guessed.

/** The host scripts whose runs decide a container's fate, by the file name cron runs. */
export const ENFORCEMENT_SCRIPTS = {
  idle: 'check-idle-containers.sh',
  runtime: 'enforce-max-runtime.sh',
  gpuCleanup: 'cleanup-stale-gpu-allocations.sh',
  containerCleanup: 'cleanup-stale-containers.sh',
} as const;

export type EnforcementJob = keyof typeof ENFORCEMENT_SCRIPTS;

/** Minutes past each hour a job runs (several cron lines merge); null = not found or not hourly. */
export type HostSchedule = Record<EnforcementJob, number[] | null>;

export const UNKNOWN_SCHEDULE: HostSchedule = { idle: null, runtime: null, gpuCleanup: null, containerCleanup: null };

/** Minutes matched by one cron minute field (20, every-15 steps, 5,35, ranges, or a star), or null when unreadable. */
export function cronMinutes(field: string): number[] | null {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return null;
    const from = m[1] === '*' ? 0 : Number(m[2]);
    const to = m[1] === '*' ? 59 : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? 59 : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from > 59 || to > 59 || from > to || step < 1) return null;
    for (let i = from; i <= to; i += step) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Reads the cron.d files' text and finds each enforcement job. A line counts when its command names the
 * script; hour, day, month and weekday fields must all be `*` for the job to count as hourly.
 */
export function parseHostSchedule(files: string[]): HostSchedule {
  const found: Record<EnforcementJob, Set<number> | 'irregular' | undefined> = {
    idle: undefined,
    runtime: undefined,
    gpuCleanup: undefined,
    containerCleanup: undefined,
  };
  for (const text of files) {
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(line)) continue;
      const fields = line.split(/\s+/);
      if (fields.length < 7) continue;
      const command = fields.slice(6).join(' ');
      for (const job of Object.keys(ENFORCEMENT_SCRIPTS) as EnforcementJob[]) {
        if (!command.includes(ENFORCEMENT_SCRIPTS[job])) continue;
        const minutes = cronMinutes(fields[0]);
        const hourly = fields.slice(1, 5).every((f) => f === '*');
        const prev = found[job];
        if (!minutes || !hourly || prev === 'irregular') {
          found[job] = 'irregular';
          continue;
        }
        found[job] = new Set([...(prev ?? []), ...minutes]);
      }
    }
  }
  const result = { ...UNKNOWN_SCHEDULE };
  for (const job of Object.keys(found) as EnforcementJob[]) {
    const v = found[job];
    result[job] = v === undefined || v === 'irregular' ? null : [...v].sort((a, b) => a - b);
  }
  return result;
}

/**
 * The first run at or after `at`, for a job at these minutes past each hour. Cron runs on local time;
 * minutes past the hour are the same in UTC wherever the zone's offset is whole hours.
 */
export function nextRun(at: Date, minutes: number[] | null): Date | null {
  if (!minutes || minutes.length === 0) return null;
  const start = new Date(at.getTime());
  const hour = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), start.getUTCHours()));
  for (let h = 0; h < 2; h++) {
    for (const m of minutes) {
      const t = new Date(hour.getTime() + h * 3600_000 + m * 60_000);
      if (t.getTime() >= at.getTime()) return t;
    }
  }
  return null;
}
