// DS01: Deploy Container — name, image, GPU count, confirm (deploy-steps.ts), then the host's deploy under
// withProgress with its steps, or the GPU queue; ends with the deployed notice (Open Terminal / Attach).
import { join } from 'node:path';
import * as vscode from 'vscode';
import { gpuCountVerdict } from '../../core/allocation/gpu-count-choices';
import type { EngineCapacity } from '../../core/containers/engine-capacity';
import { isProblemError } from '../../core/problem';
import { deployContainer, type DeployRequest, type DeployResult } from '../../host/containers/deploy';
import { loadContainerContext } from '../../host/containers/load';
import type { UserView } from '../../host/users/view';
import { usableView, type Ds01Context } from '../context';
import { offerDeployed } from '../deployed-notice';
import { followWait, startWait, type WaitOutcome } from '../wait-runner';
import { askDeploy } from './deploy-steps';
import { gpuCountStep } from './pick-gpu-count';
import type { RerunArgs } from './run-in-container';

/** From the CUDA prompt: the failed command, offered for a re-run in the new container at the end. */
export interface DeployOptions {
  rerun?: RerunArgs;
}

export async function deploy(ctx: Ds01Context, options?: DeployOptions): Promise<DeployResult | WaitOutcome | undefined> {
  const rerun = options && typeof options === 'object' && 'rerun' in options ? options.rerun : undefined;
  await Promise.all([ctx.state.refreshContainers(), ctx.state.readGpus()]);
  const view = usableView(ctx);
  // What the limits allow is known before any question: a deploy that cannot happen is refused at once.
  const counts = gpuCountStep(ctx, view);
  const answers = counts && (await askDeploy(ctx, view, counts));
  if (!answers) return undefined;
  const request = { name: answers.name, image: answers.image, gpus: answers.gpus, workspace: answers.workspace };
  if (answers.wait) return waitInQueue(ctx, request);
  const outcome = await deployOrOfferQueue(ctx, view, request, answers.capacity);
  if (!outcome || !('clamps' in outcome)) return outcome;
  void ctx.state.refreshContainers();
  offerDeployed(ctx, { ...outcome, slots: outcome.slots.map((s) => s.id) }, { rerun });
  return outcome;
}

/** Deploys now; when someone took the slot between the pick and the deploy, offers the queue instead of a dead end. */
export async function deployOrOfferQueue(
  ctx: Ds01Context,
  view: UserView,
  request: DeployRequest & { image: string },
  capacity?: EngineCapacity,
): Promise<DeployResult | WaitOutcome | undefined> {
  try {
    return await deployNow(ctx, request, capacity);
  } catch (err) {
    if (
      !isProblemError(err) ||
      gpuCountVerdict({ gpus: request.gpus, refusal: err.problem }, view.inventory?.slots ?? [], view.limits.gpus.allowFullGpu) !== 'wait'
    )
      throw err;
    const choice = await vscode.window.showWarningMessage(`DS01: ${err.problem.message}`, 'Wait for a GPU');
    if (choice !== 'Wait for a GPU') return undefined;
    return waitInQueue(ctx, request);
  }
}

export async function deployNow(ctx: Ds01Context, request: DeployRequest, capacity?: EngineCapacity): Promise<DeployResult> {
  const { state } = ctx;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `DS01: deploying ${request.name}`, cancellable: false },
    async (progress) => {
      // The window's own reading (read when the command started) serves the deploy: no second nvidia-smi run.
      const cctx = await loadContainerContext({
        env: state.env,
        createdBy: 'vscode',
        needInventory: request.gpus > 0,
        inventory: state.view?.inventory,
        capacity,
        action: 'deploy for',
        engine: state.engine,
      });
      let last = 0;
      return deployContainer(cctx, request, (r) => {
        ctx.log.info(`deploy ${request.name}: [${r.index}/${r.total}] ${r.title}`);
        progress.report({ message: `[${r.index}/${r.total}] ${r.title}${r.detail ? `: ${r.detail}` : ''}`, increment: ((r.index - last) / r.total) * 100 });
        last = r.index;
      });
    },
  );
}

/**
 * The host-wide GPU queue, through a detached `ds01 container deploy --wait` so that the request outlives a
 * window reload (a new window follows it again: src/extension/wait-runner.ts).
 */
export async function waitInQueue(ctx: Ds01Context, request: DeployRequest & { image: string }): Promise<WaitOutcome | undefined> {
  startWait(ctx, join(__dirname, 'cli.js'), request);
  return followWait(ctx, request.name);
}
