// One row per number of check-limits, as the extension's tree ("My limits") and status bar tooltip show them.
// The rows' keys are stable (tree ids); values change with usage.
import { afterStopRule, formatAmount, formatDuration, formatGpuNumbers } from '../format';
import { levelOf, usedOf, type Level, type LimitReport } from './report';

export type LimitRowKey = 'group' | 'gpus' | 'quota' | 'per-container' | 'containers' | 'idle' | 'runtime' | 'hold' | 'host';

export interface LimitRow {
  key: LimitRowKey;
  label: string;
  value: string;
  /** For rows with a limit: how close to it; 'unknown' while usage cannot be read. */
  level?: Level | 'unknown';
}

export interface LimitRowsOptions {
  /** False when the engine could not be read: usage is then unknown, not zero. */
  usageKnown: boolean;
  slotIds: string[];
  /** Why usage is unknown, in a few words; 'engine unreachable' when not given. */
  unknownNote?: string;
}

export function limitRows(r: LimitReport, options: LimitRowsOptions): LimitRow[] {
  const l = r.limits;
  const known = options.usageKnown;
  const gpuCap = l.gpus.maxPerContainer;
  return [
    { key: 'group', label: 'Group', value: `${l.group}${l.exempt ? ' · exempt (may use host GPUs)' : ''}` },
    {
      key: 'gpus',
      label: 'GPUs',
      value: known
        ? `${usedOf(r.gpus.used, r.gpus.limit)}${options.slotIds.length ? `: ${formatGpuNumbers(options.slotIds)}` : ''}`
        : `?/${r.gpus.limit ?? '∞'} (${options.unknownNote ?? 'engine unreachable'})`,
      level: known ? levelOf(r.gpus.used, r.gpus.limit) : 'unknown',
    },
    {
      key: 'quota',
      label: 'GPU quota',
      value: `${formatAmount(r.gpus.usedEquivalents)} of ${formatAmount(l.gpus.maxEquivalents)} GPU-eq used, ${formatAmount(r.gpus.remainingEquivalents)} left`,
    },
    {
      key: 'per-container',
      label: 'Per container',
      value: `${gpuCap ?? 'unlimited'} GPU${gpuCap === 1 ? '' : 's'}; full GPU ${l.gpus.allowFullGpu ? 'allowed' : 'not allowed (MIG slices only)'}`,
    },
    {
      key: 'containers',
      label: 'Containers',
      value: known ? `${usedOf(r.containers.used, r.containers.limit)} (${r.containers.running} running; stopped count)` : `?/${r.containers.limit ?? '∞'}`,
      level: known ? levelOf(r.containers.used, r.containers.limit) : 'unknown',
    },
    {
      key: 'idle',
      label: 'Idle timeout',
      // The group's detection window (get_lifecycle_policies) is whole hourly checks on top of the timeout.
      value:
        l.lifecycle.idleTimeoutSeconds === null
          ? 'never'
          : `${formatDuration(l.lifecycle.idleTimeoutSeconds)}, then ${l.lifecyclePolicies.idleDetectionWindow} idle hourly checks in a row`,
    },
    { key: 'runtime', label: 'Max runtime', value: formatDuration(l.lifecycle.maxRuntimeSeconds) },
    {
      key: 'hold',
      label: 'After stop',
      value: afterStopRule(l.lifecycle.gpuHoldAfterStopSeconds, l.lifecycle.containerHoldAfterStopSeconds),
    },
    {
      key: 'host',
      label: 'Free GPUs now',
      value: r.host.totalSlots === null ? 'unknown' : r.host.freeSlots === null ? `? of ${r.host.totalSlots}` : `${r.host.freeSlots} of ${r.host.totalSlots}`,
    },
  ];
}

/**
 * The rows with one line per fact, for a tooltip: the GPU quota joins the GPUs row, and only where it says
 * more than the count (MIG slices, a quota that is not the GPU limit).
 */
export function factRows(r: LimitReport, options: LimitRowsOptions): LimitRow[] {
  const rows = limitRows(r, options);
  const gpus = rows.find((x) => x.key === 'gpus')!;
  const quota = rows.find((x) => x.key === 'quota')!;
  const same = r.gpus.usedEquivalents === r.gpus.used && r.limits.gpus.maxEquivalents === r.gpus.limit;
  const merged = { ...gpus, value: same || !options.usageKnown ? gpus.value : `${gpus.value} · ${quota.value.replace(/ used, .*/, ' used')}` };
  return rows.filter((x) => x !== quota).map((x) => (x === gpus ? merged : x));
}
