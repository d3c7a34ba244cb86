// The check-limits text, as the CLI prints it and the extension's "Show My Limits" document shows it.
// Pure: colour comes from the caller's painter (the CLI's honours TTY and NO_COLOR; the extension's is plain).
import { afterStopRule, formatAmount, formatDuration, formatGpuNumbers } from '../format';
import { usedOf, type LimitReport } from './report';

export type Style = 'red' | 'green' | 'yellow' | 'bold' | 'dim';

export interface CheckLimitsTextOptions {
  /** False when the engine could not be read: usage is then unknown, not zero. */
  usageKnown: boolean;
  slotIds: string[];
  paint?: (text: string, style: Style) => string;
}

const BAR_WIDTH = 20;

export function checkLimitsText(r: LimitReport, options: CheckLimitsTextOptions): string {
  const paint = options.paint ?? ((text: string) => text);
  const l = r.limits;
  const known = options.usageKnown;
  const bar = (used: number, limit: number | null): string => {
    if (limit === null || limit === 0) return ' '.repeat(BAR_WIDTH + 2);
    const filled = Math.min(BAR_WIDTH, Math.round((used / limit) * BAR_WIDTH));
    const text = `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`;
    return paint(text, used >= limit ? 'red' : used >= 0.8 * limit ? 'yellow' : 'green');
  };
  const gpuUse = known ? `${usedOf(r.gpus.used, r.gpus.limit)} GPUs` : 'usage unknown';
  const slots = options.slotIds.length ? `: ${formatGpuNumbers(options.slotIds)}` : '';
  const lines = [
    paint(`DS01 limits for ${l.user}`, 'bold') + `  group: ${l.group}${l.exempt ? paint('  exempt: may use host GPUs', 'yellow') : ''}`,
    '',
    row('GPUs', known ? `${bar(r.gpus.used, r.gpus.limit)} ${gpuUse}${slots}` : gpuUse),
    row(
      '',
      known
        ? `quota ${formatAmount(r.gpus.usedEquivalents)} of ${formatAmount(l.gpus.maxEquivalents)} GPU-equivalents used, ${formatAmount(r.gpus.remainingEquivalents)} left`
        : `quota ${formatAmount(l.gpus.maxEquivalents)} GPU-equivalents (display limit ${r.gpus.limit ?? 'unlimited'} GPUs)`,
    ),
    row('', `per container: ${l.gpus.maxPerContainer ?? 'unlimited'}; full GPU ${l.gpus.allowFullGpu ? 'allowed' : 'not allowed'}`),
    row(
      'Containers',
      known
        ? `${bar(r.containers.used, r.containers.limit)} ${usedOf(r.containers.used, r.containers.limit)} (${r.containers.running} running; stopped count)`
        : 'usage unknown',
    ),
    row('Lifecycle', `idle stop ${formatDuration(l.lifecycle.idleTimeoutSeconds, 'never')}, max runtime ${formatDuration(l.lifecycle.maxRuntimeSeconds)}`),
    row('', `after stop: ${afterStopRule(l.lifecycle.gpuHoldAfterStopSeconds, l.lifecycle.containerHoldAfterStopSeconds)}`),
    row(
      'Host',
      r.host.totalSlots === null
        ? 'GPU inventory unknown'
        : r.host.freeSlots === null
          ? `${r.host.totalSlots} GPU slots (free unknown)`
          : `${r.host.freeSlots} of ${r.host.totalSlots} GPU slots free now`,
    ),
  ];
  for (const w of r.warnings) lines.push('', paint(`! ${w.message}`, 'yellow'), `  ${w.fix ?? ''}`);
  return `${lines.join('\n')}\n`;
}

function row(label: string, value: string): string {
  return `  ${label.padEnd(14)}${value}`;
}
