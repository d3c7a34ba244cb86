// `ds01 container deploy NAME [--image IMG] [--gpus N] [--workspace DIR] [--wait [--wait-timeout S]] [--json]`
// (--progress-fd N: progress records for a VS Code window, src/cli/wait-progress.ts)
import { resolve } from 'node:path';
import { clampText } from '../../core/containers/engine-capacity';
import type { DeployStep, ProgressReport } from '../../core/containers/steps';
import { problem } from '../../core/problem';
import {
  deployContainer,
  deployWhenFree,
  MAX_WAIT_MS,
  loadContainerContext,
  type ContainerContext,
  type DeployRequest,
  type DeployResult,
} from '../../host/containers';
import { deployJson } from '../../core/cli-contracts/containers';
import { ACTOR_OPTIONS, singleName } from '../args';
import { defineCommand } from '../command';
import { stderrProgress } from '../step-progress';
import { progressRecorder, type ProgressRecorder } from '../wait-progress';
import { withJsonProblems, writeJson } from '../json-output';
import { paint } from '../render';
import { abortOnSignals } from '../stop-signals';

export const containerDeploy = defineCommand({
  usage: 'ds01 container deploy NAME [--image IMG] [--gpus N] [--workspace DIR] [--wait [--wait-timeout S]] [--json] [--progress-fd N]',
  options: {
    ...ACTOR_OPTIONS,
    image: { type: 'string' },
    gpus: { type: 'string' },
    workspace: { type: 'string' },
    project: { type: 'string' },
    wait: { type: 'boolean' },
    'wait-timeout': { type: 'string' },
    'progress-fd': { type: 'string' },
  },
  json: deployJson,
  run: (args) =>
    withJsonProblems(args.flags.json, async () => {
      const name = singleName(args.positionals, 'deploy');
      const gpus = parseGpus(args.flags.gpus);
      const waitTimeoutMs = parseWaitTimeout(args.flags['wait-timeout'], args.flags.wait);
      const record = progressRecorder(args.flags['progress-fd']);
      const ctx = await loadContainerContext({
        configFile: args.flags.config,
        user: args.flags.user,
        createdBy: 'cli',
        needInventory: gpus > 0,
        action: 'deploy for',
      });
      const project = args.flags.project;
      // --project (from a VS Code window's project launch that waits for a GPU): label the container with its project.
      const request = {
        name,
        gpus,
        image: args.flags.image,
        workspace: resolve(args.flags.workspace ?? process.cwd()),
        project: project ? { name: project } : undefined,
      };
      const result = args.flags.wait === true ? await deployWaiting(ctx, request, waitTimeoutMs, record) : await deployNow(ctx, request, record);
      if (args.flags.json === true) {
        writeJson(deployJson, {
          ok: true,
          id: result.id,
          name: result.name,
          hostName: result.hostName,
          image: result.image,
          slots: result.slots.map((s) => s.id),
          gpuUuids: result.gpuUuids,
          cgroupParent: result.cgroupParent,
          fittedToHost: result.clamps.map((c) => ({ ...c, text: clampText(c) })),
        });
      } else {
        const gpuText = result.slots.length ? `GPU ${result.slots.map((s) => s.id).join(', ')} (${result.gpuUuids.join(', ')})` : 'no GPU (CPU only)';
        process.stdout.write(
          `${paint('Deployed', 'green')} ${result.name} as ${result.hostName}: ${gpuText}, image ${result.image}.\n` +
            result.clamps.map((c) => `  Note: ${clampText(c)}.\n`).join('') +
            `  Attach: docker exec -it ${result.hostName} sh    Retire: ds01 container retire ${result.name}\n`,
        );
      }
      return 0;
    }),
});

/**
 * Ctrl-C (or a closed terminal) must not leave a half-made container holding a GPU: while `fn` runs, such a
 * signal only asks it to stop at its next step, and it finishes or undoes itself before the process exits.
 */
async function untilDone<T>(interrupt: AbortController, fn: () => Promise<T>): Promise<T> {
  let finished = false;
  abortOnSignals(interrupt, 'stopping the deploy; it finishes or removes what it made, one moment…', () => !finished);
  try {
    return await fn();
  } finally {
    finished = true;
  }
}

/** Without --wait: deployContainer refuses it while others wait for the GPUs it would take (and says to join). */
export async function deployNow(ctx: ContainerContext, request: DeployRequest, record: ProgressRecorder = () => undefined): Promise<DeployResult> {
  const interrupt = new AbortController();
  const result = await untilDone(interrupt, () => deployContainer(ctx, { ...request, signal: interrupt.signal }, stepsTo(record)));
  if (interrupt.signal.aborted) {
    process.stderr.write(
      `ds01: the deploy had already completed when it was interrupted: ${result.hostName} exists (retire it with: ds01 container retire ${result.name}).\n`,
    );
  }
  return result;
}

/** Ctrl-C (or SIGTERM) leaves the queue before the process ends. */
export async function deployWaiting(
  ctx: ContainerContext,
  request: DeployRequest,
  timeoutMs: number | null,
  record: ProgressRecorder = () => undefined,
): Promise<DeployResult> {
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    // The same signal reaches the deploy itself once its turn came: it finishes or undoes itself.
    const result = await deployWhenFree(
      ctx,
      { ...request, signal: abort.signal },
      {
        timeoutMs,
        signal: abort.signal,
        onProgress: stepsTo(record),
        onWait: (w) => {
          process.stderr.write(`${paint(w.text, 'yellow', process.stderr)}\n`);
          record({ type: 'queued', text: w.text, freeSlots: w.freeSlots, totalSlots: w.totalSlots, ticket: w.ticket });
        },
        recheckMs: envMs('DS01_WAIT_RECHECK_MS'),
        graceMs: envMs('DS01_WAIT_GRACE_MS'),
      },
    );
    if (result.waitedMs > 0) {
      process.stderr.write(`Waited ${(result.waitedMs / 1000).toFixed(1)} s in the GPU queue.\n`);
      record({ type: 'waited', waitedMs: result.waitedMs });
    }
    return result;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Tests shorten the slow recheck and the stall grace; people never need to. */
function envMs(name: string): number | undefined {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Each deploy step as its text line on stderr and as a progress record. */
function stepsTo(record: ProgressRecorder): (report: ProgressReport<DeployStep>) => void {
  return (r) => {
    stderrProgress(r);
    record({ type: 'step', index: r.index, total: r.total, title: r.title, ...(r.detail ? { detail: r.detail } : {}) });
  };
}

export function parseWaitTimeout(v: string | undefined, wait: boolean | undefined): number | null {
  if (v === undefined) return null;
  if (wait !== true) throw problem('usage', '--wait-timeout only goes with --wait.', 'e.g. --wait --wait-timeout 3600');
  const most = MAX_WAIT_MS / 1000;
  if (/^\d{1,7}$/.test(v.trim()) && Number(v) > 0 && Number(v) <= most) return Number(v.trim()) * 1000;
  // Readers trust an entry at most this long after it was queued: a longer wait would be passed by everyone.
  throw problem(
    'usage',
    `--wait-timeout must be a whole number of seconds from 1 to ${most} (7 days), got ${JSON.stringify(v)}.`,
    'e.g. --wait --wait-timeout 3600 (one hour).',
  );
}

export function parseGpus(value: string | undefined): number {
  if (value === undefined) return 1;
  if (/^\d{1,3}$/.test(value.trim())) return Number(value.trim());
  throw problem(
    'usage',
    `--gpus must be a whole number of 0 or more, got ${JSON.stringify(value)}.`,
    'Use --gpus 0 for a CPU-only container, --gpus 1 for one GPU.',
  );
}
