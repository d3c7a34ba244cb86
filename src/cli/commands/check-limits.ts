// `ds01 check-limits [--user U] [--json]`: the host's check-limits — limits against what you hold now.
import { formatDuration } from '../../core/format';
import { usedOf, type LimitReport } from '../../core/limit-report';
import type { Problem } from '../../core/problem';
import { loadUserView, type UserView } from '../../host/user-view';
import { stringFlag, type ParsedArgs } from '../args';
import { paint, renderProblem } from '../render';
import type { CliCommand } from './index';

export const checkLimits: CliCommand = {
  summary: 'your GPU and container usage against your limits',
  async run(args: ParsedArgs): Promise<number> {
    const view = await loadUserView({ configFile: stringFlag(args, 'config'), user: stringFlag(args, 'user') });
    const partial = [view.engineProblem, view.inventoryProblem].filter((p): p is Problem => p !== null);
    if (args.flags.json === true) {
      process.stdout.write(`${JSON.stringify(checkLimitsJson(view), null, 2)}\n`);
    } else {
      process.stdout.write(renderCheckLimits(view));
      for (const p of partial) process.stderr.write(renderProblem(p));
    }
    // The demo host is a showcase: a machine without an engine still shows what it can and succeeds.
    return partial.length > 0 && args.flags.demo !== true ? 1 : 0;
  },
};

export function checkLimitsJson(view: UserView) {
  const { limits, report } = view;
  return {
    ...limits,
    gpus: {
      ...limits.gpus,
      used: report.gpus.used,
      usedEquivalents: report.gpus.usedEquivalents,
      remainingEquivalents: report.gpus.remainingEquivalents,
      limit: report.gpus.limit,
      slotIds: view.engineView?.usage.slotIds ?? [],
    },
    containers: { ...limits.containers, used: report.containers.used, running: report.containers.running, limit: report.containers.limit },
    host: report.host,
    level: report.level,
    warnings: report.warnings,
    problems: { engine: view.engineProblem, nvidiaSmi: view.inventoryProblem },
  };
}

const BAR_WIDTH = 20;

function bar(used: number, limit: number | null): string {
  if (limit === null || limit === 0) return ' '.repeat(BAR_WIDTH + 2);
  const filled = Math.min(BAR_WIDTH, Math.round((used / limit) * BAR_WIDTH));
  const text = `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`;
  return used >= limit ? paint(text, 'red') : used >= 0.8 * limit ? paint(text, 'yellow') : paint(text, 'green');
}

function row(label: string, value: string): string {
  return `  ${label.padEnd(14)}${value}`;
}

function eq(n: number | null): string {
  return n === null ? 'unlimited' : n.toFixed(2).replace(/\.?0+$/, '') || '0';
}

export function renderCheckLimits(view: UserView): string {
  const r: LimitReport = view.report;
  const l = view.limits;
  const known = view.engineProblem === null;
  const gpuUse = known ? `${usedOf(r.gpus.used, r.gpus.limit)} GPUs` : 'usage unknown';
  const slots = view.engineView?.usage.slotIds.length ? ` (slots ${view.engineView.usage.slotIds.join(', ')})` : '';
  const lines = [
    paint(`DS01 limits for ${l.user}`, 'bold') + `  group: ${l.group}${l.exempt ? paint('  exempt: may use host GPUs', 'yellow') : ''}`,
    '',
    row('GPUs', known ? `${bar(r.gpus.used, r.gpus.limit)} ${gpuUse}${slots}` : gpuUse),
    row('', known
      ? `quota ${eq(r.gpus.usedEquivalents)} of ${eq(l.gpus.maxEquivalents)} GPU-equivalents used, ${eq(r.gpus.remainingEquivalents)} left`
      : `quota ${eq(l.gpus.maxEquivalents)} GPU-equivalents (display limit ${r.gpus.limit ?? 'unlimited'} GPUs)`),
    row('', `per container: ${l.gpus.maxPerContainer ?? 'unlimited'}; full GPU ${l.gpus.allowFullGpu ? 'allowed' : 'not allowed'}`),
    row('Containers', known
      ? `${bar(r.containers.used, r.containers.limit)} ${usedOf(r.containers.used, r.containers.limit)} (${r.containers.running} running; stopped count)`
      : 'usage unknown'),
    row('Lifecycle', `idle stop ${formatDuration(l.lifecycle.idleTimeoutSeconds, 'never')}, max runtime ${formatDuration(l.lifecycle.maxRuntimeSeconds)}`),
    row('', `GPU held ${formatDuration(l.lifecycle.gpuHoldAfterStopSeconds, 'until removed')} after stop, removed after ${formatDuration(l.lifecycle.containerHoldAfterStopSeconds, 'never')}`),
    row('Host', r.host.totalSlots === null ? 'GPU inventory unknown'
      : r.host.freeSlots === null ? `${r.host.totalSlots} GPU slots (free unknown)` : `${r.host.freeSlots} of ${r.host.totalSlots} GPU slots free now`),
  ];
  for (const w of r.warnings) lines.push('', paint(`! ${w.message}`, 'yellow'), `  ${w.fix ?? ''}`);
  return `${lines.join('\n')}\n`;
}
