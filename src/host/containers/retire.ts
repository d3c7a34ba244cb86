// Retire: stop (the host's grace for the container's type, else 10 s), remove, then ask the engine whether the container is really gone. Only a 404
// from that last inspect is success: the 2026-02 host printed "removed" after a failed `docker rm`.
import { findOwnContainer } from '../../core/containers/lookup';
import { progressReport, RETIRE_STEPS, type ProgressCallback, type RetireStep } from '../../core/containers/steps';
import type { Ds01Container, UserAsOwner } from '../../core/model';
import type { ContainerInspect } from '../../core/containers/ownership';
import { isProblemError, problem } from '../../core/problem';
import { stopGraceText } from '../../core/format';
import { hostContainerType } from '../../core/lifecycle';
import { sigtermGraceFor, type LifecycleConfig } from '../../core/limits/lifecycle-policies';
import type { Engine } from '../engine/connect';
import { engineMessage, STOP_GRACE_SECONDS, stopById } from './engine-calls';
import { gpuHolders } from '../engine';
import { engineStatus } from '../engine/errors';

export interface RetireOptions {
  /** Kill at once instead of waiting out the grace period. */
  force?: boolean;
  protectedLabel?: string;
  /** The host's lifecycle config: the stop then gives the grace the host's own stops give this type. */
  lifecycle?: LifecycleConfig;
}

export interface RetireResult {
  id: string;
  name: string;
  displayName: string;
}

export async function retireContainer(
  engine: Engine,
  user: UserAsOwner,
  name: string,
  options: RetireOptions = {},
  onProgress?: ProgressCallback<RetireStep>,
): Promise<RetireResult> {
  const report = async (step: RetireStep, detail?: string) => {
    await onProgress?.({ ...progressReport(RETIRE_STEPS, step), ...(detail ? { detail } : {}) });
  };

  await report('finding');
  const scan = await engine.scanContainers({ protectedLabel: options.protectedLabel });
  const target = findOwnContainer(gpuHolders(scan), name, user);
  const grace = options.force ? 0 : options.lifecycle ? sigtermGraceFor(options.lifecycle, hostContainerType(target.labels, target.name)) : STOP_GRACE_SECONDS;

  await report('stopping', stopGraceText(grace));
  await step(target, 'stop', async () => {
    try {
      await stopById(engine, target.id, grace);
    } catch (err) {
      // 404: already gone. Fine here: the last step decides.
      if (engineStatus(err) !== 404) throw err;
    }
  });

  await report('removing');
  await step(target, 'remove', async () => {
    try {
      await engine.removeContainer(target.id);
    } catch (err) {
      if (engineStatus(err) !== 404) throw err;
    }
  });

  await report('verifying');
  let stillThere: ContainerInspect | null = null;
  await step(target, 'confirm the removal of', async () => {
    try {
      stillThere = await engine.inspectContainer(target.id);
    } catch (err) {
      if (engineStatus(err) !== 404) throw err;
    }
  });
  if (stillThere !== null) {
    const state = (stillThere as ContainerInspect).State?.Status ?? 'unknown';
    throw problem(
      'retire-failed',
      `Container ${target.displayName} still exists after removal (state: ${state}).`,
      `Try again: ds01 container retire ${target.displayName}; if it stays, tell the host admins.`,
    );
  }
  return { id: target.id, name: target.name, displayName: target.displayName };
}

async function step(target: Ds01Container, verb: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (isProblemError(err) && err.problem.kind === 'retire-failed') throw err;
    throw problem(
      'retire-failed',
      `Could not ${verb} container ${target.displayName}: ${engineMessage(err)}`,
      `It was NOT retired. Check its state with ds01 container list --all, then retire it again: ds01 container retire ${target.displayName}`,
    );
  }
}
