// One stats answer of the engine as the columns of the host's `container-stats` (docker stats): CPU %,
// memory used / limit, network I/O, block I/O, pids. Memory used is what `docker stats` shows: usage less
// the inactive page cache (cgroup v2: stats.inactive_file; v1: stats.total_inactive_file). The answer's
// shape differs with the cgroup version and the engine, so every figure it lacks is null with why.

export const MEMORY_WARN_PERCENT = 90;

export const STATS_FIELDS = [
  'cpuPercent',
  'memoryUsedBytes',
  'memoryLimitBytes',
  'memoryPercent',
  'netRxBytes',
  'netTxBytes',
  'blockReadBytes',
  'blockWriteBytes',
  'pids',
] as const;
export type StatsField = (typeof STATS_FIELDS)[number];

export interface ContainerStats extends Record<StatsField, number | null> {
  /** Why each null figure is null. */
  unknown: Partial<Record<StatsField, string>>;
}

/** The parts of GET /containers/{id}/stats read here; everything may be missing. */
export interface EngineStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null }; system_cpu_usage?: number; online_cpus?: number } | null;
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number } | null;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> | null } | null;
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }> | null;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null } | null;
  pids_stats?: { current?: number } | null;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function statsFromEngine(raw: EngineStats): ContainerStats {
  const unknown: ContainerStats['unknown'] = {};
  const s: ContainerStats = { ...(Object.fromEntries(STATS_FIELDS.map((f) => [f, null])) as Record<StatsField, null>), unknown };

  const cpu = raw.cpu_stats;
  const pre = raw.precpu_stats;
  const cpus = num(cpu?.online_cpus) && cpu!.online_cpus! > 0 ? cpu!.online_cpus! : (cpu?.cpu_usage?.percpu_usage?.length ?? 0);
  if (!num(cpu?.cpu_usage?.total_usage) || !num(cpu?.system_cpu_usage)) unknown.cpuPercent = 'the engine gave no CPU usage';
  else if (!num(pre?.cpu_usage?.total_usage) || !num(pre?.system_cpu_usage) || pre!.system_cpu_usage === 0)
    unknown.cpuPercent = 'a CPU % needs two samples; this answer has one';
  else if (cpus === 0) unknown.cpuPercent = 'the engine gave no CPU count';
  else {
    const used = cpu!.cpu_usage!.total_usage! - pre!.cpu_usage!.total_usage!;
    const system = cpu!.system_cpu_usage! - pre!.system_cpu_usage!;
    if (system > 0 && used >= 0) s.cpuPercent = round((used / system) * cpus * 100);
    else unknown.cpuPercent = 'no CPU time passed between the two samples';
  }

  const mem = raw.memory_stats;
  if (!num(mem?.usage)) unknown.memoryUsedBytes = 'the engine gave no memory usage (cgroup memory accounting off?)';
  else {
    const st = mem!.stats ?? {};
    const cache = num(st.total_inactive_file) ? st.total_inactive_file : num(st.inactive_file) ? st.inactive_file : 0;
    s.memoryUsedBytes = cache < mem!.usage! ? mem!.usage! - cache : mem!.usage!;
  }
  if (num(mem?.limit) && mem!.limit! > 0) s.memoryLimitBytes = mem!.limit!;
  else unknown.memoryLimitBytes = 'the engine gave no memory limit';
  if (s.memoryUsedBytes !== null && s.memoryLimitBytes !== null) s.memoryPercent = round((s.memoryUsedBytes / s.memoryLimitBytes) * 100);
  else unknown.memoryPercent = unknown.memoryUsedBytes ?? unknown.memoryLimitBytes;

  const nets = raw.networks ? Object.values(raw.networks) : [];
  if (nets.length === 0) unknown.netRxBytes = unknown.netTxBytes = 'no network interface (network mode none)';
  else {
    s.netRxBytes = nets.reduce((a, n) => a + (n.rx_bytes ?? 0), 0);
    s.netTxBytes = nets.reduce((a, n) => a + (n.tx_bytes ?? 0), 0);
  }

  const io = raw.blkio_stats?.io_service_bytes_recursive;
  if (!Array.isArray(io)) unknown.blockReadBytes = unknown.blockWriteBytes = 'the engine gave no block I/O figures for it (no io accounting in its cgroup)';
  else {
    s.blockReadBytes = io.filter((e) => /^read$/i.test(e.op ?? '')).reduce((a, e) => a + (e.value ?? 0), 0);
    s.blockWriteBytes = io.filter((e) => /^write$/i.test(e.op ?? '')).reduce((a, e) => a + (e.value ?? 0), 0);
  }

  if (num(raw.pids_stats?.current)) s.pids = raw.pids_stats!.current!;
  else unknown.pids = 'the engine gave no process count (no pids controller in its cgroup)';
  return s;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The warning for a row at or above MEMORY_WARN_PERCENT of the limit: the kernel's OOM killer is next. */
export function memoryWarning(s: Pick<ContainerStats, 'memoryPercent'>): string | null {
  if (s.memoryPercent === null || s.memoryPercent < MEMORY_WARN_PERCENT) return null;
  return `memory at ${Math.round(s.memoryPercent)}% of its limit: at 100% the kernel kills a process in it (OOM)`;
}
