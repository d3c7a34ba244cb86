// The user view for a long-lived front end (the extension): GPU figures and the engine's scan arrive on
// their own schedules (nvidia-smi on a timer, the engine on its events), so the view is composed from the
// latest of each instead of loading both at once as loadUserView does. Limits are re-read every time:
// a small file, and an edited config shows at once.
import { buildLimitReport } from '../core/limit-report';
import type { GpuInventory } from '../core/model';
import type { Problem } from '../core/problem';
import { slotStates, type SlotState } from '../core/usage';
import { readUserLimits } from './config-files';
import { usageFromScan, type ContainerScan, type UserUsageReport } from './engine';
import { currentIdentity } from './identity';
import { resolveHostPaths } from './paths';
import { userIdentityOf, type UserView } from './user-view';

export interface LiveInputs {
  inventory: GpuInventory | null;
  inventoryProblem: Problem | null;
  scan: ContainerScan | null;
  engineProblem: Problem | null;
}

export interface LiveView extends UserView {
  /** Per slot id: free / yours / in use / held; null without both the inventory and the scan. */
  slotStates: Map<string, SlotState> | null;
}

/** Throws the config's ProblemError (missing, invalid) like loadUserView. */
export function composeUserView(env: NodeJS.ProcessEnv, inputs: LiveInputs): LiveView {
  const paths = resolveHostPaths(env);
  const identity = currentIdentity();
  const limits = readUserLimits(paths, identity.name);
  const who = userIdentityOf(identity, limits);
  const { inventory, scan } = inputs;
  const engineView: UserUsageReport | null = scan ? usageFromScan(scan, who, inventory) : null;
  const usage = engineView?.usage ?? { slots: 0, equivalents: 0, containers: 0, running: 0, slotIds: [] };
  const report = buildLimitReport({
    limits,
    usage,
    slots: inventory?.slots ?? null,
    freeSlots: engineView?.freeSlots ? engineView.freeSlots.length : null,
  });
  return {
    paths, identity, limits, inventory, inventoryProblem: inputs.inventoryProblem,
    engineView, engineProblem: inputs.engineProblem, containers: engineView?.containers ?? [], report,
    slotStates: inventory && scan
      ? slotStates([...scan.ds01, ...scan.foreignGpuHolders], who, inventory.slots, inventory.gpus)
      : null,
  };
}
