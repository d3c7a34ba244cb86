// DS01: Deploy Container — name, image, GPU count, confirm (quick inputs), then the module's deploy under
// withProgress with its steps; ends with a notification offering Open Terminal / Attach.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { normalizeContainerName } from '../../core/containers/name';
import { clampText, fitLimitsToEngine, type EngineCapacity } from '../../core/containers/engine-capacity';
import { waitCanHelp } from '../../core/allocation/gpu-queue';
import { isProblemError, problem } from '../../core/problem';
import { formatGpuCount, formatGpus, wrapLines } from '../../core/format';
import { deployContainer, queueAdmits, loadContainerContext, readEngineCapacity, usableImages, type DeployRequest, type DeployResult } from '../../host/containers';
import { resolveImage } from '../../host/containers/images';
import { DEV_CONTAINERS_ID } from './attach';
import type { RerunArgs } from './run-in-container';
import { usableView, type Ds01Context } from '../context';
import { followWait, startWait, type WaitOutcome } from '../wait-runner';
import { workspaceDir } from '../workspace-folder';
import { gpuCountStep, NOTE_WIDTH, pickGpuCount, type StepItem } from './pick-gpu-count';
import type { UserView } from '../../host/users/view';

const STEPS = 4;

/** "python3 train.py" as a button's words: the first word, with an ellipsis when there is more. */
function shortCommand(commandLine: string): string {
  const words = commandLine.trim().split(/\s+/);
  const first = words[0].split('/').pop() ?? words[0];
  return `"${first}${words.length > 1 ? ' …' : ''}"`;
}

function defaultName(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.name ?? 'my-project';
  return folder.trim().toLowerCase().replace(/\s+/g, '-').replace(/[^a-z0-9_.-]/g, '-').replace(/^[^a-z0-9]+/, '') || 'my-project';
}

/** From the CUDA prompt: the failed command, offered for a re-run in the new container at the end. */
export interface DeployOptions {
  rerun?: RerunArgs;
}

export async function deploy(ctx: Ds01Context, options?: DeployOptions): Promise<DeployResult | WaitOutcome | undefined> {
  const rerun = options && typeof options === 'object' && 'rerun' in options ? options.rerun : undefined;
  await Promise.all([ctx.state.refreshContainers(), ctx.state.readGpus()]);
  const view = usableView(ctx);
  const { prompter, state } = ctx;
  // What the limits allow is known before any question: a deploy that cannot happen is refused at once.
  const counts = gpuCountStep(ctx, view);
  if (!counts) return undefined;

  const name = await prompter.input({
    title: 'DS01: Deploy Container', step: 1, totalSteps: STEPS, value: defaultName(), prompt: 'Container name',
    validate: (v) => { try { normalizeContainerName(v); return undefined; } catch (e) { return isProblemError(e) ? e.problem.message : String(e); } },
  });
  if (name === undefined) return undefined;

  const own = await usableImages(state.engine, state.user.uid);
  const images = [...new Set([...own, ...ctx.settings().images])];
  if (images.length === 0) {
    void vscode.window.showErrorMessage('DS01: this engine has no images you can use. Build one (ds01-<uid>/NAME:latest) or set ds01.images.');
    return undefined;
  }
  const mine = `ds01-${state.user.uid}/`;
  let image: vscode.QuickPickItem | undefined;
  while (!image) {
    const picked = await prompter.pick<vscode.QuickPickItem>(images.map((i) => ({ label: i, description: i.startsWith(mine) ? 'your image' : own.includes(i) ? undefined : 'configured (ds01.images)' })),
      { title: 'DS01: Deploy Container', step: 2, totalSteps: STEPS, placeholder: 'Image (or type an image name)', typed: (v) => ({ label: v, description: 'typed: checked as --image is' }) });
    if (!picked) return undefined;
    if (images.includes(picked.label)) { image = picked; break; }
    // A typed name: the checks of `--image`, here, so a wrong name is said before the GPU step.
    try {
      image = { label: await resolveImage(state.engine, picked.label, normalizeContainerName(name), state.user.uid) };
    } catch (e) {
      if (!isProblemError(e)) throw e;
      void vscode.window.showWarningMessage(`DS01: ${e.problem.message}${e.problem.fix ? ` ${e.problem.fix}` : ''}`);
    }
  }

  const count = await pickGpuCount(ctx, counts, { title: 'DS01: Deploy Container', step: 3, totalSteps: STEPS });
  if (!count) return undefined;
  const { gpus, wait } = count;

  const workspace = workspaceDir();
  // The limits may grant more than the engine's machine has: say what deploy will use instead. The deploy
  // below is handed this one reading of `docker info`.
  const capacity = await readEngineCapacity(state.engine);
  const fitted = fitLimitsToEngine(view.limits, capacity).clamps.map(clampText).map((t) => `${t[0].toUpperCase()}${t.slice(1)}.`);
  const goItem: StepItem = { label: wait ? '$(watch) Wait for a GPU' : '$(rocket) Deploy', description: `${name} · ${image.label} · ${formatGpuCount(gpus!)}`, detail: `${workspace} at /workspace` };
  const confirmItems: StepItem[] = [
    goItem,
    { label: 'Cancel' },
    ...(fitted.length ? [{ label: 'Notes', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...fitted.flatMap((t) => wrapLines(t, NOTE_WIDTH).map((line, i) => ({ label: i === 0 ? '$(info)' : '', detail: line, note: t }))),
  ];
  let go: StepItem | undefined;
  while (!go || go.note) {
    go = await prompter.pick(confirmItems, { title: 'DS01: Deploy Container', step: 4, totalSteps: STEPS, placeholder: 'Deploy?' });
    if (!go || go.label === 'Cancel') return undefined;
  }

  const request = { name: normalizeContainerName(name), image: image.label, gpus, workspace };
  if (wait) return waitInQueue(ctx, request);
  const outcome = await deployOrOfferQueue(ctx, view, request, capacity);
  if (!outcome || !('clamps' in outcome)) return outcome;
  const result = outcome;
  ctx.log.info(`deployed ${result.name} as ${result.hostName}: ${result.slots.map((s) => s.id).join(', ') || 'no GPU'}, ${result.image}`);
  void state.refreshContainers();
  const rerunLabel = rerun?.commandLine ? `Run ${shortCommand(rerun.commandLine)} There` : null;
  // Attach is offered only where it can work: with the Dev Containers extension installed.
  const actions = [...(rerunLabel ? [rerunLabel] : []), 'Open Terminal', ...(vscode.extensions.getExtension(DEV_CONTAINERS_ID) ? ['Attach VS Code'] : [])];
  void vscode.window.showInformationMessage(`DS01: deployed ${result.name} (${formatGpus(result.slots.map((s) => s.id))}, ${result.image}).`, ...actions).then((choice) => {
    if (choice === rerunLabel && rerun) void vscode.commands.executeCommand('ds01.runInContainer', rerun);
    if (choice === 'Open Terminal') void vscode.commands.executeCommand('ds01.openTerminal', result.hostName);
    if (choice === 'Attach VS Code') void vscode.commands.executeCommand('ds01.attach', result.hostName);
  });
  ctx.log.info(`deploy ${result.name}: offered ${actions.join(' | ')}`);
  return result;
}

/** Deploys now; when someone took the slot between the pick and the deploy, offers the queue instead of a dead end. */
export async function deployOrOfferQueue(ctx: Ds01Context, view: UserView, request: DeployRequest & { image: string }, capacity?: EngineCapacity): Promise<DeployResult | WaitOutcome | undefined> {
  try {
    return await deployNow(ctx, request, capacity);
  } catch (err) {
    if (!isProblemError(err) || !waitCanHelp(err.problem, request.gpus, view.inventory?.slots ?? [], view.limits.gpus.allowFullGpu)) throw err;
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
        env: state.env, createdBy: 'vscode', needInventory: request.gpus > 0, inventory: state.view?.inventory, capacity, action: 'deploy for', engine: state.engine,
      });
      const refusal = await queueAdmits(cctx, request.gpus);
      if (refusal) throw problem(refusal.kind, refusal.message, refusal.fix);
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
