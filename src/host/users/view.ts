// Everything the front ends show about one user, loaded in one place: limits (required), the GPU inventory
// and the engine's view (each optional: when one cannot be read, its problem is kept and the rest still shows).
import { buildLimitReport, type LimitReport } from '../../core/check-limits/report';
import type { Ds01Container, GpuInventory, LimitSet, User } from '../../core/model';
import { isProblemError, type Problem } from '../../core/problem';
import { unreadableProblem } from '../../core/containers/unreadable';
import { slotStates, type SlotState } from '../../core/allocation/usage';
import { readUserLimits } from '../limits/config-files';
import { connectEngine, gpuHolders, usageFromScan, type ContainerScan, type Engine, type UserUsageReport } from '../engine';
import { resolveUser } from './identity';
import { readingSharing } from '../nvidia-smi/reading-cache';
import { NvidiaSmiRunner } from '../nvidia-smi/run';
import { resolveHostPaths, type HostPaths } from '../paths';

export interface UserView {
  paths: HostPaths;
  /** Whose view: the login user, or the user named with --user (ids unknown: null). */
  user: User;
  limits: LimitSet;
  inventory: GpuInventory | null;
  inventoryProblem: Problem | null;
  engineView: UserUsageReport | null;
  engineProblem: Problem | null;
  /** Containers the engine would not let us read (the scan went on without them), named once. */
  unreadableProblem: Problem | null;
  /** The user's containers (empty when the engine could not be read). */
  containers: Ds01Container[];
  report: LimitReport;
  /** Per slot id: free / yours / in use / held; null without both the inventory and the scan. */
  slotStates: Map<string, SlotState> | null;
}

export interface UserViewOptions {
  env?: NodeJS.ProcessEnv;
  configFile?: string;
  user?: string;
  /** Reuse a runner (single-flight, the extension's) or an engine connection (call counters). */
  smi?: NvidiaSmiRunner;
  engine?: Engine;
  /** Skip the engine entirely (e.g. `ds01 limits`). */
  withEngine?: boolean;
}

export async function loadUserView(options: UserViewOptions = {}): Promise<UserView> {
  const env = options.env ?? process.env;
  const paths = resolveHostPaths(env, { config: options.configFile });

  const smi = options.smi ?? new NvidiaSmiRunner({ command: paths.nvidiaSmi, share: readingSharing(paths.nvidiaSmi, env) });
  const reading = Promise.all([
    capture(() => smi.inventory()),
    options.withEngine === false
      ? Promise.resolve({ value: null as ContainerScan | null, problem: null })
      : capture(() => (options.engine ?? connectEngine({ dockerHost: paths.dockerHost })).scanContainers()),
  ]);
  // The user's look-alike accounts are looked up and the limits read while nvidia-smi and the engine answer.
  let user: User;
  let limits: LimitSet;
  try {
    user = resolveUser({ user: options.user });
    limits = readUserLimits(paths, user);
  } catch (e) {
    reading.catch(() => undefined);
    throw e;
  }
  const [inv, eng] = await reading;
  return viewFromInputs(paths, user, limits, {
    inventory: inv.value,
    inventoryProblem: inv.problem,
    scan: eng.value,
    engineProblem: eng.problem,
  });
}

/** What was read from nvidia-smi and the engine (or why not), however and whenever it was read. */
export interface ViewInputs {
  inventory: GpuInventory | null;
  inventoryProblem: Problem | null;
  scan: ContainerScan | null;
  engineProblem: Problem | null;
}

/** The pure composition shared by loadUserView (one shot) and the extension's live view (latest of each). */
export function viewFromInputs(paths: HostPaths, user: User, limits: LimitSet, inputs: ViewInputs): UserView {
  const { inventory, scan } = inputs;
  const engineView: UserUsageReport | null = scan ? usageFromScan(scan, user, inventory) : null;
  const usage = engineView?.usage ?? { slots: 0, equivalents: 0, containers: 0, running: 0, slotIds: [] };
  const report = buildLimitReport({
    limits,
    usage,
    slots: inventory?.slots ?? null,
    freeSlots: engineView?.freeSlots ? engineView.freeSlots.length : null,
  });
  return {
    paths,
    user,
    limits,
    inventory,
    inventoryProblem: inputs.inventoryProblem,
    engineView,
    engineProblem: inputs.engineProblem,
    unreadableProblem: scan ? unreadableProblem(scan.unreadable) : null,
    containers: engineView?.containers ?? [],
    report,
    slotStates: inventory && scan ? knownSlotStates(scan, user, inventory, engineView?.gaps.freeSlots ?? null) : null,
  };
}

/** Slot states; a slot that looks free is left out (unknown) while an unread container may hold it. */
function knownSlotStates(scan: ContainerScan, who: User, inventory: GpuInventory, freeUnknown: string | null): Map<string, SlotState> {
  const states = slotStates(gpuHolders(scan), who, inventory.slots, inventory.gpus);
  if (freeUnknown !== null) for (const [id, state] of states) if (state === 'free') states.delete(id);
  return states;
}

export async function capture<T>(fn: () => Promise<T>): Promise<{ value: T | null; problem: Problem | null }> {
  try {
    return { value: await fn(), problem: null };
  } catch (e) {
    if (isProblemError(e)) return { value: null, problem: e.problem };
    throw e;
  }
}
