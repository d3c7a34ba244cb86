// `ds01 check-limits [--user U] [--json]`: the host's check-limits — limits against what you hold now.
import { checkLimitsText } from '../../core/check-limits-text';
import type { Problem } from '../../core/problem';
import { loadUserView, usageShown, type UserView } from '../../host/user-view';
import { stringFlag, type ParsedArgs } from '../args';
import { paint, renderProblem } from '../render';
import type { CliCommand } from './index';

export const checkLimits: CliCommand = {
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

export function renderCheckLimits(view: UserView): string {
  return checkLimitsText(view.report, { ...usageShown(view), paint: (text, style) => paint(text, style) });
}
