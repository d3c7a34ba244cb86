// `ds01 check-limits [--user U] [--json]`: the host's check-limits — limits against what you hold now.
import { checkLimitsText } from '../../core/check-limits/text';
import type { Problem } from '../../core/problem';
import { usageShown } from '../../host/users/usage-shown';
import { loadUserView, type UserView } from '../../host/users/view';
import { checkLimitsJson as checkLimitsContract, type CheckLimitsJson } from '../../core/cli-contracts/check-limits';
import { ACTOR_OPTIONS } from '../args';
import { defineCommand } from '../command';
import { writeJson } from '../json-output';
import { paint, renderProblem } from '../render';

export const checkLimits = defineCommand({
  usage: 'ds01 check-limits [--user U] [--config FILE] [--json]',
  options: ACTOR_OPTIONS,
  json: checkLimitsContract,
  async run(args) {
    const view = await loadUserView({ configFile: args.flags.config, user: args.flags.user });
    const partial = [view.engineProblem, view.unreadableProblem, view.inventoryProblem].filter((p): p is Problem => p !== null);
    if (args.flags.json === true) {
      writeJson(checkLimitsContract, checkLimitsJson(view));
    } else {
      process.stdout.write(renderCheckLimits(view));
      for (const p of partial) process.stderr.write(renderProblem(p));
    }
    // The demo host is a showcase: a machine without an engine still shows what it can and succeeds.
    return partial.length > 0 && args.flags.demo !== true ? 1 : 0;
  },
});

/**
 * A figure that was not read is null, with the reason beside it: the engine could not be reached, or a
 * container that could not be read may change it. The level is then "unknown", never a reassuring "ok".
 */
export function checkLimitsJson(view: UserView): CheckLimitsJson {
  const { limits, report } = view;
  const gaps = view.engineView?.gaps;
  const engineDown = view.engineProblem ? `the engine could not be read: ${view.engineProblem.message}` : null;
  const gpuWhy = engineDown ?? gaps?.gpus ?? null;
  const containerWhy = engineDown ?? gaps?.containers ?? null;
  const freeWhy = report.host.totalSlots === null ? null : (engineDown ?? gaps?.freeSlots ?? null);
  const known = <T>(why: string | null, value: T): T | null => (why === null ? value : null);
  return {
    ...limits,
    gpus: {
      ...limits.gpus,
      used: known(gpuWhy, report.gpus.used),
      usedEquivalents: known(gpuWhy, report.gpus.usedEquivalents),
      remainingEquivalents: known(gpuWhy, report.gpus.remainingEquivalents),
      limit: report.gpus.limit,
      slotIds: known(gpuWhy, view.engineView?.usage.slotIds ?? []),
      reason: gpuWhy,
    },
    containers: {
      ...limits.containers,
      used: known(containerWhy, report.containers.used),
      running: known(containerWhy, report.containers.running),
      limit: report.containers.limit,
      reason: containerWhy,
    },
    host: { ...report.host, reason: freeWhy },
    level: gpuWhy === null && containerWhy === null ? report.level : 'unknown',
    warnings: report.warnings,
    problems: {
      engine: view.engineProblem,
      nvidiaSmi: view.inventoryProblem,
      unreadable: (view.engineView?.scan.unreadable ?? []).map((u) => ({ id: u.container.id, name: u.container.name, reason: u.reason })),
    },
  };
}

export function renderCheckLimits(view: UserView): string {
  return checkLimitsText(view.report, { ...usageShown(view), paint: (text, style) => paint(text, style) });
}
