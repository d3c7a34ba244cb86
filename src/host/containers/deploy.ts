// Deploy: validate -> image -> under the host lock: one scan, the GPU queue's fairness, plan, create, race check
// -> start. Anything that fails after create removes the container again, so no half-made container holds a slot.
import { planAllocation } from '../../core/allocation/planner';
import { hostContainerName, normalizeContainerName } from '../../core/containers/name';
import { cgroupParentFor, createBody } from '../../core/containers/spec';
import { fitLimitsToEngine, type CapacityClamp } from '../../core/containers/engine-capacity';
import { DEPLOY_STEPS, progressReport, type DeployStep, type ProgressCallback } from '../../core/containers/steps';
import type { Slot, UserAsOwner } from '../../core/model';
import { isProblemError, problem, ProblemError } from '../../core/problem';
import { raceCheck } from '../../core/allocation/race-check';
import { heldSlotIds, userUsage } from '../../core/allocation/usage';
import { ownedBy } from '../../core/containers/ownership';
import { unreadableDeployRefusal, type UnreadableContainer } from '../../core/containers/unreadable';
import { withHostLock } from '../allocation/lock';
import type { ContainerContext } from './context';
import { engineMessage } from './engine-calls';
import { resolveImage } from './images';
import { checkedWorkspace } from './workspace';
import { queueRefusal } from './queue-admission';
import { gpuHolders } from '../engine';
import { engineStatus } from '../engine/errors';

export interface DeployRequest {
  name: string;
  /** Default: the user's `ds01-<uid>/NAME:latest`. */
  image?: string;
  /** Distinct GPU slots; 0 = CPU only. */
  gpus: number;
  /** Absolute host path mounted at /workspace (its real path, once the user may write it). */
  workspace: string;
  /**
   * Interrupt (Ctrl-C): honoured between steps, never inside an engine call, so the deploy either completes or
   * leaves nothing (a container already created is removed again).
   */
  signal?: AbortSignal;
  /** Project launch: label the container with its project (the folder must be the workspace). */
  project?: { name: string };
}

export interface DeployResult {
  id: string;
  name: string;
  hostName: string;
  image: string;
  slots: Array<Pick<Slot, 'id' | 'uuid' | 'kind' | 'model'>>;
  gpuUuids: string[];
  cgroupParent: string | null;
  /** CPU and memory limits lowered to what the engine's machine has. */
  clamps: CapacityClamp[];
}

/** Every deploy that has not queued: refused while the GPUs it would take are owed to earlier waiters. */
export function deployContainer(ctx: ContainerContext, request: DeployRequest, onProgress?: ProgressCallback<DeployStep>): Promise<DeployResult> {
  return deploy(ctx, request, onProgress, 'newcomer');
}

/**
 * Only for the GPU queue's own waiter whose turn the queue walk has given (wait.ts): its own entry is among the
 * waiters a newcomer yields to. Any other caller goes through deployContainer (test/unit/host/containers/deploy-door.test.ts).
 */
export function deployOnTurn(ctx: ContainerContext, request: DeployRequest, onProgress?: ProgressCallback<DeployStep>): Promise<DeployResult> {
  return deploy(ctx, request, onProgress, 'on-turn');
}

async function deploy(
  ctx: ContainerContext,
  request: DeployRequest,
  onProgress: ProgressCallback<DeployStep> | undefined,
  queued: 'newcomer' | 'on-turn',
): Promise<DeployResult> {
  const report = async (step: DeployStep) => {
    await onProgress?.(progressReport(DEPLOY_STEPS, step));
  };
  const { engine, user } = ctx;

  await report('validating');
  const name = normalizeContainerName(request.name);
  const hostName = hostContainerName(name, user.uid);
  const stopIfInterrupted = (created: boolean) => {
    if (request.signal?.aborted) throw interrupted(name, created ? hostName : null);
  };
  const workspace = checkedWorkspace(request.workspace, user);
  if (request.gpus > 0 && ctx.inventory === null) throw problem('internal', 'A GPU deploy needs the GPU inventory (nvidia-smi).');

  stopIfInterrupted(false);
  await report('checking-image');
  const image = await resolveImage(engine, request.image, name, user.uid);
  stopIfInterrupted(false);
  const fitted = fitLimitsToEngine(ctx.limits, ctx.capacity ?? (await engine.capacity()));

  const slots = ctx.inventory?.slots ?? [];
  const gpus = ctx.inventory?.gpus ?? [];
  const scanOptions = { protectedLabel: ctx.protectedLabel };
  const cgroupParent = ctx.useCgroupParent ? cgroupParentFor(ctx.limits) : null;

  const created = await withHostLock(
    ctx.stateDir,
    async () => {
      stopIfInterrupted(false);
      await report('checking-limits');
      const scan = await engine.scanContainers(scanOptions);
      const owed = queued === 'newcomer' ? queueRefusal(ctx, request.gpus, scan) : null;
      if (owed) throw new ProblemError(owed);
      refuseUnread(scan.unreadable, user, request.gpus);
      const holders = gpuHolders(scan);
      // `NAME._.<uid>` is DS01's by its name, so the scan sees every container that could clash.
      if (holders.some((c) => c.name === hostName)) {
        throw problem(
          'already-exists',
          `You already have a container named ${name} (${hostName}).`,
          `Use it, or retire it first: ds01 container retire ${name}`,
        );
      }

      await report('allocating');
      const mine = scan.ds01.filter((c) => ownedBy(c, user));
      const plan = planAllocation({
        request: { gpus: request.gpus },
        limits: ctx.limits,
        usage: userUsage(scan.ds01, user, slots, gpus),
        containerNames: mine.map((c) => c.displayName),
        slots,
        heldSlotIds: heldSlotIds(holders, slots, gpus),
      });
      if (!plan.ok) throw new ProblemError(plan.refusal);

      stopIfInterrupted(false);
      await report('creating');
      const body = createBody({
        name,
        hostName,
        image,
        user,
        createdBy: ctx.createdBy,
        workspace,
        slots: plan.slots,
        limits: fitted.limits,
        cgroupParent,
        now: new Date(),
        project: request.project ? { name: request.project.name, folder: workspace } : undefined,
      });
      const container = await engine.createContainer(body).catch((err: unknown) => createFailed(ctx, hostName, name, err));

      await undoOnFailure(ctx, container.id, hostName, 'verifying', async () => {
        stopIfInterrupted(true);
        await report('verifying');
        const after = await engine.scanContainers(scanOptions);
        refuseUnread(after.unreadable, user, plan.slots.length);
        const lost = raceCheck({
          containerId: container.id,
          slotIds: plan.slots.map((s) => s.id),
          containers: gpuHolders(after),
          user: user,
          limits: ctx.limits,
          slots,
          gpus,
        });
        if (lost) throw new ProblemError(lost);
        stopIfInterrupted(true);
      });
      return { id: container.id, slots: plan.slots };
    },
    {
      timeoutMs: ctx.lockTimeoutMs,
      hostAllocatorLock: ctx.hostAllocatorLock,
      signal: request.signal,
      onWait: async (detail) => {
        await onProgress?.({ ...progressReport(DEPLOY_STEPS, 'checking-limits'), detail });
      },
    },
  );

  await undoOnFailure(ctx, created.id, hostName, 'starting', async () => {
    stopIfInterrupted(true);
    await report('starting');
    await engine.startContainer(created.id);
  });

  return {
    id: created.id,
    name,
    hostName,
    image,
    slots: created.slots.map((s) => ({ id: s.id, uuid: s.uuid, kind: s.kind, model: s.model })),
    gpuUuids: created.slots.map((s) => s.uuid),
    cgroupParent,
    clamps: fitted.clamps,
  };
}

function refuseUnread(unreadable: UnreadableContainer[], user: UserAsOwner, gpus: number): void {
  const refusal = unreadableDeployRefusal(unreadable, user, gpus);
  if (refusal) throw new ProblemError(refusal);
}

/** Runs a step after create; on failure removes the container (force) and reports the step and why. */
async function undoOnFailure(ctx: ContainerContext, id: string, hostName: string, step: DeployStep, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const failure = isProblemError(err) && (err.problem.kind === 'race-lost' || err.problem.kind === 'interrupted') ? err : stepFailed(step, err);
    try {
      await ctx.engine.removeContainer(id, { force: true });
    } catch (removeErr) {
      throw problem(
        'deploy-failed',
        `${failure.problem.message} The container ${hostName} could not be removed either: ${engineMessage(removeErr)}`,
        `Remove it once the engine answers: ds01 container retire ${hostName}`,
      );
    }
    throw failure;
  }
}

/**
 * An engine that died or timed out during create may still have made the container: remove it by name.
 * An HTTP answer (409 name taken, 400 bad request) means it made nothing, and the name may be someone's.
 */
async function createFailed(ctx: ContainerContext, hostName: string, name: string, err: unknown): Promise<never> {
  const status = engineStatus(err);
  if (status === 409) {
    throw problem('already-exists', `A container named ${hostName} already exists: ${engineMessage(err)}`, `Retire it first: ds01 container retire ${name}`);
  }
  if (status === undefined) {
    try {
      await ctx.engine.removeContainer(hostName, { force: true });
    } catch (removeErr) {
      if (engineStatus(removeErr) !== 404) {
        throw problem(
          'deploy-failed',
          `Deploy failed while creating: ${engineMessage(err)} The engine may have created ${hostName} anyway and could not be asked to remove it (${engineMessage(removeErr)}).`,
          `Check and clean up once the engine answers: ds01 container list --all, ds01 container retire ${hostName}`,
        );
      }
    }
  }
  throw stepFailed('creating', err);
}

/** Thrown only where it is true: before create nothing exists; after, the caller removes the container first. */
function interrupted(name: string, hostName: string | null) {
  return problem(
    'interrupted',
    hostName
      ? `Deploy of ${name} was interrupted: ${hostName} had been created and was removed again, so nothing of it remains.`
      : `Deploy of ${name} was interrupted before a container was created: nothing of it remains.`,
    `Deploy again when you are ready: ds01 container deploy ${name}`,
  );
}

function stepFailed(step: DeployStep, err: unknown) {
  return problem(
    'deploy-failed',
    `Deploy failed while ${step.replace('-', ' ')}: ${engineMessage(err)}`,
    'Nothing was left behind; fix the cause and deploy again (ds01 container list --all shows your containers).',
  );
}
