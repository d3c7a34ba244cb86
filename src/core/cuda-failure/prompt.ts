// What the user is told about a CUDA failure seen in VS Code, and which actions they are offered. Pure: the
// extension hands in the failure, the user's limits and containers, and shows what comes back.
import { explainFailure } from './advice';
import { plural } from '../format';
import type { CudaFailureKind } from './types';
import type { LimitReport } from '../check-limits/report';
import type { Ds01Container, GpuInventory } from '../model';
import type { ContainerTarget } from '../containers/run-in-container';

export const ACTION_DEPLOY = 'Deploy Container';
export const ACTION_RUN_IN_CONTAINER = 'Run in My Container';
export const ACTION_SHOW_LIMITS = 'Show My Limits';
export const ACTION_DONT_SHOW = "Don't Show Again";

export type FailureAction = typeof ACTION_DEPLOY | typeof ACTION_RUN_IN_CONTAINER | typeof ACTION_SHOW_LIMITS | typeof ACTION_DONT_SHOW;

export const BLOCKED_SENTENCE = 'GPU compute is blocked on this host; it runs inside containers.';
/** For a run that carried on without a GPU: it is no failure, so the notice only says what happened. */
export const CPU_FALLBACK_SENTENCE = 'Your program found no usable GPU and is running on the CPU (slower).';

export interface FailurePromptInput {
  kind: CudaFailureKind;
  /** The error line as the recognizer found it. */
  message: string;
  /** Whether the user may use host GPUs (grant file or exempt_users); null when the limits are unknown. */
  exempt: boolean | null;
  report: LimitReport | null;
  /** The user's running container whose /workspace maps the folder the command ran in. */
  target: ContainerTarget | null;
  /** Whether a command line is known that could be re-run in that container. */
  canRerun: boolean;
  /** For out-of-memory: the user's containers and the GPU processes, to name who holds the memory. */
  containers: Ds01Container[];
  inventory: GpuInventory | null;
}

export interface FailurePrompt {
  /** 'info' for a run that goes on (cpu-fallback): shown as an information message, never as a failure. */
  severity: 'warning' | 'error' | 'info';
  message: string;
  /** At most three (a fourth button is cut off in a notification), the main one first. */
  actions: FailureAction[];
  /** The buttons' words, in the order of `actions` ("Run in train2", "Deploy (CPU only)"). */
  labels: string[];
}

/** What the user can still take: their free GPUs within the limit, capped by the host's free ones; null unknown. */
function freeGpus(report: LimitReport | null): number | null {
  if (!report || report.gpus.limit === null) return null;
  let free = Math.max(0, report.gpus.limit - report.gpus.used);
  if (report.host.freeSlots !== null) free = Math.min(free, report.host.freeSlots);
  return free;
}

/** "a", "a and b", "a, b and c". */
function namesText(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * With no GPU left to take: where the user's GPUs are ("Both your GPUs are in train1 and train2: run it in
 * train2?"), or that the host has none free. Empty while GPUs are free (freeGpusSentence says how many).
 */
export function gpusWhereSentence(input: Pick<FailurePromptInput, 'report' | 'containers' | 'target'>): string {
  const r = input.report;
  if (!r || r.gpus.limit === null || freeGpus(r) !== 0) return '';
  if (r.gpus.used < r.gpus.limit) return ` No GPU is free on the host now; you may use ${r.gpus.limit - r.gpus.used} more when one is.`;
  const holders = input.containers.filter((c) => c.gpuUuids.length > 0).sort((a, b) => a.displayName.localeCompare(b.displayName));
  if (holders.length === 0) return ` You use all ${r.gpus.limit} of your GPUs.`;
  const who = namesText(holders.map((c) => `${c.displayName}${c.running ? '' : ' (stopped)'}`));
  const n = r.gpus.used;
  const subject = n === 1 ? 'Your GPU is' : n === 2 ? 'Both your GPUs are' : `All ${n} of your GPUs are`;
  const target = input.target && input.target.container.gpuUuids.length > 0 ? input.target.container.displayName : null;
  return ` ${subject} in ${who}${target ? `: run it in ${target}?` : holders.some((c) => !c.running) ? '. Retire a stopped one to free its GPU.' : '.'}`;
}

function labelOf(action: FailureAction, input: FailurePromptInput, cpuOnly: boolean): string {
  if (action === ACTION_RUN_IN_CONTAINER && input.target) return `Run in ${input.target.container.displayName}`;
  if (action === ACTION_DEPLOY && cpuOnly) return 'Deploy (CPU only)';
  return action;
}

function prompt(severity: FailurePrompt['severity'], message: string, actions: FailureAction[], input: FailurePromptInput): FailurePrompt {
  const cpuOnly = freeGpus(input.report) === 0;
  const kept = actions.slice(0, 3);
  return { severity, message, actions: kept, labels: kept.map((a) => labelOf(a, input, cpuOnly)) };
}

/** "N of M": N = what the user may still take (capped by what the host has free now), M = their GPU limit. */
export function freeGpusSentence(report: LimitReport | null): string {
  const free = freeGpus(report);
  if (free === null) return '';
  const limit = report!.gpus.limit!;
  return ` You have ${free} of ${plural(limit, 'GPU')} free.`;
}

/**
 * The notification for a failure: at most three buttons, the main one first. A re-run leads where the
 * container mapping the folder has a GPU; with no GPU left to take, Deploy (a CPU-only container is all it
 * could give) comes after Show My Limits, and the message says where the user's GPUs are.
 */
export function failurePrompt(input: FailurePromptInput): FailurePrompt {
  const rerun: FailureAction[] = input.target && input.canRerun ? [ACTION_RUN_IN_CONTAINER] : [];
  const rerunLeads = rerun.length > 0 && input.target!.container.gpuUuids.length > 0;
  const noneFree = freeGpus(input.report) === 0;
  const where = gpusWhereSentence(input) || freeGpusSentence(input.report);
  if (input.kind === 'cpu-fallback') {
    if (input.exempt === true) return prompt('info', CPU_FALLBACK_SENTENCE, [...rerun, ACTION_DONT_SHOW], input);
    const order: FailureAction[] = rerunLeads || noneFree ? [...rerun, ACTION_DEPLOY] : [ACTION_DEPLOY, ...rerun];
    return prompt('info', `${CPU_FALLBACK_SENTENCE} For a GPU run, run it inside a container.${where}`, [...order, ACTION_DONT_SHOW], input);
  }
  if (input.kind === 'blocked-host' && input.exempt !== true) {
    let order: FailureAction[];
    if (noneFree) order = rerunLeads ? [ACTION_RUN_IN_CONTAINER, ACTION_SHOW_LIMITS] : [...rerun, ACTION_SHOW_LIMITS, ACTION_DEPLOY];
    else if (rerun.length) order = rerunLeads ? [ACTION_RUN_IN_CONTAINER, ACTION_DEPLOY] : [ACTION_DEPLOY, ACTION_RUN_IN_CONTAINER];
    else order = [ACTION_DEPLOY, ACTION_SHOW_LIMITS];
    return prompt('warning', BLOCKED_SENTENCE + where, [...order.slice(0, 2), ACTION_DONT_SHOW], input);
  }
  if (input.kind === 'blocked-host') {
    return prompt(
      'warning',
      'CUDA found no GPU, although you are exempt from the host block and may use host GPUs: check that CUDA_VISIBLE_DEVICES is not empty in this shell (the login script empties it for blocked users) and that nvidia-smi lists the GPUs.',
      [ACTION_SHOW_LIMITS, ACTION_DONT_SHOW],
      input,
    );
  }
  const advice = explainFailure({ kind: input.kind });
  const holders = input.kind === 'out-of-memory' ? memoryHoldersSentence(input) : '';
  return prompt('error', `${advice.explanation}${holders ? ` ${holders}` : ''} ${advice.next}`, [...rerun, ACTION_DONT_SHOW], input);
}

/** Who holds the GPU memory of the user's container's GPUs: the inventory's processes on those slots. */
export function memoryHoldersSentence(input: Pick<FailurePromptInput, 'target' | 'containers' | 'inventory'>): string {
  const inv = input.inventory;
  if (!inv) return '';
  const containers = input.target ? [input.target.container] : input.containers.filter((c) => c.running && c.gpuUuids.length > 0);
  const slotIds = new Set<string>();
  const owners = new Map<string, string>();
  for (const c of containers) {
    for (const uuid of c.gpuUuids) {
      const slot = inv.slots.find((s) => s.uuid === uuid);
      if (!slot) continue;
      slotIds.add(slot.id);
      owners.set(slot.id, c.displayName);
    }
  }
  if (slotIds.size === 0) return '';
  const parts = [...slotIds].sort().map((id) => {
    const slot = inv.slots.find((s) => s.id === id)!;
    const procs = inv.processes.filter((p) => p.slotId === id).sort((a, b) => (b.usedMemoryMiB ?? 0) - (a.usedMemoryMiB ?? 0));
    const mem = slot.memoryUsedMiB !== null && slot.memoryTotalMiB !== null ? ` (${slot.memoryUsedMiB}/${slot.memoryTotalMiB} MiB used)` : '';
    const who =
      procs.length === 0
        ? 'no process listed'
        : procs.map((p) => `${p.name} (pid ${p.pid}${p.usedMemoryMiB !== null ? `, ${p.usedMemoryMiB} MiB` : ''})`).join(', ');
    return `GPU ${id} of ${owners.get(id)}${mem}: ${who}`;
  });
  return `Holding the memory: ${parts.join('; ')}.`;
}
