// Deploy: validate -> image -> under the host lock: one scan, plan, create, race check -> start.
// Anything that fails after create removes the container again, so no half-made container holds a slot.
import { existsSync, statSync } from 'node:fs';
import { planAllocation } from '../../core/allocation';
import { hostContainerName, normalizeContainerName } from '../../core/container-name';
import { cgroupParentFor, createBody, workspaceRule } from '../../core/container-spec';
import { fitLimitsToEngine, type CapacityClamp } from '../../core/engine-capacity';
import { DEPLOY_STEPS, progressReport, type DeployStep, type ProgressCallback } from '../../core/container-steps';
import type { Slot } from '../../core/model';
import { isProblemError, problem } from '../../core/problem';
import { raceCheck } from '../../core/race-check';
import { heldSlotIds, userUsage } from '../../core/usage';
import { ownedBy } from '../../core/ownership';
import { withHostLock } from '../lock';
import type { ContainerContext } from './context';
import { readEngineCapacity } from './capacity';
import { engineCall, engineMessage, httpStatus } from './engine-calls';
import { resolveImage } from './images';
import { gpuHolders } from '../engine';

export interface DeployRequest {
  name: string;
  /** Default: the user's `ds01-<uid>/NAME:latest`. */
  image?: string;
  /** Distinct GPU slots; 0 = CPU only. */
  gpus: number;
  /** Absolute host path mounted at /workspace. */
  workspace: string;
}

export interface DeployResult {
  id: string;
  name: string;
  hostName: string;
  image: string;
  slots: Array<Pick<Slot, 'id' | 'uuid' | 'kind' | 'model'>>;
  uuids: string[];
  cgroupParent: string | null;
  /** CPU and memory limits lowered to what the engine's machine has. */
  clamps: CapacityClamp[];
}

export async function deployContainer(ctx: ContainerContext, request: DeployRequest, onProgress?: ProgressCallback<DeployStep>): Promise<DeployResult> {
  const report = async (step: DeployStep) => { await onProgress?.(progressReport(DEPLOY_STEPS, step)); };
  const { engine, user } = ctx;

  await report('validating');
  const name = normalizeContainerName(request.name);
  const hostName = hostContainerName(name, user.uid);
  checkWorkspace(request.workspace);
  if (request.gpus > 0 && ctx.inventory === null) throw problem('internal', 'A GPU deploy needs the GPU inventory (nvidia-smi).');

  await report('checking-image');
  const image = await resolveImage(engine, request.image, name, user.uid);
  const fitted = fitLimitsToEngine(ctx.limits, await readEngineCapacity(engine));

  const identity = { name: user.name, sanitized: user.sanitized, uid: user.uid };
  const slots = ctx.inventory?.slots ?? [];
  const gpus = ctx.inventory?.gpus ?? [];
  const scanOptions = { protectedLabel: ctx.protectedLabel };
  const cgroupParent = ctx.useCgroupParent ? cgroupParentFor(ctx.limits) : null;

  const created = await withHostLock(ctx.stateDir, async () => {
    await report('checking-limits');
    const scan = await engine.scanContainers(scanOptions);
    const holders = gpuHolders(scan);
    // `NAME._.<uid>` is DS01's by its name, so the scan sees every container that could clash.
    if (holders.some((c) => c.name === hostName)) {
      throw problem('already-exists', `You already have a container named ${name} (${hostName}).`,
        `Use it, or retire it first: ds01 container retire ${name}`);
    }

    await report('allocating');
    const mine = scan.ds01.filter((c) => ownedBy(c, identity));
    const plan = planAllocation({
      request: { gpus: request.gpus },
      limits: ctx.limits,
      usage: userUsage(scan.ds01, identity, slots, gpus),
      containerNames: mine.map((c) => c.displayName),
      slots,
      heldSlotIds: heldSlotIds(holders, slots, gpus),
    });
    if (!plan.ok) throw problem(plan.refusal.kind, plan.refusal.message, plan.refusal.fix);

    await report('creating');
    const body = createBody({
      name, hostName, image, user, createdBy: ctx.createdBy, workspace: request.workspace,
      slots: plan.slots, limits: fitted.limits, cgroupParent, now: new Date(),
    });
    const container = await engineCall(engine, engine.timeoutMs, (signal) => engine.docker.createContainer({ ...body, abortSignal: signal }))
      .catch((err: unknown) => createFailed(ctx, hostName, name, err));

    await undoOnFailure(ctx, container.id, hostName, 'verifying', async () => {
      await report('verifying');
      const after = await engine.scanContainers(scanOptions);
      const lost = raceCheck({
        containerId: container.id, slotIds: plan.slots.map((s) => s.id), containers: gpuHolders(after),
        user: identity, limits: ctx.limits, slots, gpus,
      });
      if (lost) throw problem(lost.kind, lost.message, lost.fix);
    });
    return { id: container.id, slots: plan.slots };
  }, { timeoutMs: ctx.lockTimeoutMs });

  await undoOnFailure(ctx, created.id, hostName, 'starting', async () => {
    await report('starting');
    await engineCall(engine, engine.timeoutMs, (signal) => engine.docker.getContainer(created.id).start({ abortSignal: signal }));
  });

  return {
    id: created.id, name, hostName, image,
    slots: created.slots.map((s) => ({ id: s.id, uuid: s.uuid, kind: s.kind, model: s.model })),
    uuids: created.slots.map((s) => s.uuid),
    cgroupParent,
    clamps: fitted.clamps,
  };
}

function checkWorkspace(path: string): void {
  const rule = workspaceRule(path);
  const bad = rule ?? (!existsSync(path) ? 'it does not exist' : !statSync(path).isDirectory() ? 'it is not a directory' : null);
  if (bad) throw problem('usage', `Workspace ${JSON.stringify(path.slice(0, 200))} is refused: ${bad}.`, 'Pass an existing directory with --workspace DIR.');
}

/** Runs a step after create; on failure removes the container (force) and reports the step and why. */
async function undoOnFailure(ctx: ContainerContext, id: string, hostName: string, step: DeployStep, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const failure = isProblemError(err) && err.problem.kind === 'race-lost' ? err : stepFailed(step, err);
    try {
      await engineCall(ctx.engine, ctx.engine.timeoutMs, (signal) => ctx.engine.docker.getContainer(id).remove({ force: true, abortSignal: signal }));
    } catch (removeErr) {
      throw problem('deploy-failed', `${failure.problem.message} The container ${hostName} could not be removed either: ${engineMessage(removeErr)}`,
        `Remove it once the engine answers: ds01 container retire ${hostName}`);
    }
    throw failure;
  }
}

/**
 * An engine that died or timed out during create may still have made the container: remove it by name.
 * An HTTP answer (409 name taken, 400 bad request) means it made nothing, and the name may be someone's.
 */
async function createFailed(ctx: ContainerContext, hostName: string, name: string, err: unknown): Promise<never> {
  const status = httpStatus(err);
  if (status === 409) {
    throw problem('already-exists', `A container named ${hostName} already exists: ${engineMessage(err)}`, `Retire it first: ds01 container retire ${name}`);
  }
  if (status === undefined) {
    try {
      await engineCall(ctx.engine, ctx.engine.timeoutMs, (signal) => ctx.engine.docker.getContainer(hostName).remove({ force: true, abortSignal: signal }));
    } catch (removeErr) {
      if (httpStatus(removeErr) !== 404) {
        throw problem('deploy-failed', `Deploy failed while creating: ${engineMessage(err)} The engine may have created ${hostName} anyway and could not be asked to remove it (${engineMessage(removeErr)}).`,
          `Check and clean up once the engine answers: ds01 container list --all, ds01 container retire ${hostName}`);
      }
    }
  }
  throw stepFailed('creating', err);
}

function stepFailed(step: DeployStep, err: unknown) {
  return problem('deploy-failed', `Deploy failed while ${step.replace('-', ' ')}: ${engineMessage(err)}`,
    'Nothing was left behind; fix the cause and deploy again (ds01 container list --all shows your containers).');
}
