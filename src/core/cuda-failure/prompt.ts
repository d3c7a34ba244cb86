// What the user is told about a CUDA failure seen in VS Code, and which actions they are offered. Pure: the
// extension hands in the failure, the user's limits and containers, and shows what comes back.
import { explainFailure } from './advice';
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
  actions: FailureAction[];
}

/** "N of M": N = what the user may still take (capped by what the host has free now), M = their GPU limit. */
export function freeGpusSentence(report: LimitReport | null): string {
  if (!report || report.gpus.limit === null) return '';
  const limit = report.gpus.limit;
  let free = Math.max(0, limit - report.gpus.used);
  if (report.host.freeSlots !== null) free = Math.min(free, report.host.freeSlots);
  return ` You have ${free} of ${limit} GPU${limit === 1 ? '' : 's'} free.`;
}

export function failurePrompt(input: FailurePromptInput): FailurePrompt {
  const rerun = input.target && input.canRerun ? [ACTION_RUN_IN_CONTAINER] as const : [];
  if (input.kind === 'cpu-fallback') {
    if (input.exempt === true) return { severity: 'info', message: CPU_FALLBACK_SENTENCE, actions: [...rerun, ACTION_DONT_SHOW] };
    return {
      severity: 'info',
      message: `${CPU_FALLBACK_SENTENCE} For a GPU run, run it inside a container.${freeGpusSentence(input.report)}`,
      actions: [ACTION_DEPLOY, ...rerun, ACTION_DONT_SHOW],
    };
  }
  if (input.kind === 'blocked-host' && input.exempt !== true) {
    return {
      severity: 'warning',
      message: BLOCKED_SENTENCE + freeGpusSentence(input.report),
      actions: [ACTION_DEPLOY, ...rerun, ACTION_SHOW_LIMITS, ACTION_DONT_SHOW],
    };
  }
  if (input.kind === 'blocked-host') {
    return {
      severity: 'warning',
      message: 'CUDA found no GPU, although you are exempt from the host block and may use host GPUs: check that CUDA_VISIBLE_DEVICES is not empty in this shell (the login script empties it for blocked users) and that nvidia-smi lists the GPUs.',
      actions: [ACTION_SHOW_LIMITS, ACTION_DONT_SHOW],
    };
  }
  const advice = explainFailure({ kind: input.kind });
  const holders = input.kind === 'out-of-memory' ? memoryHoldersSentence(input) : '';
  return {
    severity: 'error',
    message: `${advice.explanation}${holders ? ` ${holders}` : ''} ${advice.next}`,
    actions: [...rerun, ACTION_DONT_SHOW],
  };
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
    const who = procs.length === 0
      ? 'no process listed'
      : procs.map((p) => `${p.name} (pid ${p.pid}${p.usedMemoryMiB !== null ? `, ${p.usedMemoryMiB} MiB` : ''})`).join(', ');
    return `GPU ${id} of ${owners.get(id)}${mem}: ${who}`;
  });
  return `Holding the memory: ${parts.join('; ')}.`;
}
