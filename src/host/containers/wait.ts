// Deploy when a GPU frees: wraps deployContainer from the outside. Refuses at once what waiting cannot
// help (limits, name, image, workspace, more slots than the host has); otherwise queues a request file
// (src/host/allocation/gpu-queue.ts) and, woken by the engine's die/stop/destroy events, by requests leaving the
// queue and by a slow recheck (never a busy loop), deploys under the allocation lock as soon as the free
// slots cover everyone before it and itself (src/core/allocation/gpu-queue.ts). Leaves the queue on every way out.
import { existsSync, statSync } from 'node:fs';
import { gpuCountVerdict } from '../../core/allocation/gpu-count-choices';
import { planAllocation } from '../../core/allocation/planner';
import { hostContainerName, normalizeContainerName } from '../../core/containers/name';
import { workspaceRule } from '../../core/containers/spec';
import type { DeployStep, ProgressCallback } from '../../core/containers/steps';
import {
  describeWait,
  MAX_WAIT_MS,
  newcomerMayGo,
  QUEUE_RECHECK_MS,
  StallWatch,
  STALL_GRACE_MS,
  UNTIL_SLACK_MS,
  waitStatus,
  walkQueue,
  type QueuedRequest,
  type WaitStatus,
} from '../../core/allocation/gpu-queue';
import type { UserAsOwner } from '../../core/model';
import { ownedBy } from '../../core/containers/ownership';
import { isProblemError, problem, ProblemError } from '../../core/problem';
import { heldSlotIds, userUsage } from '../../core/allocation/usage';
import { gpuHolders } from '../engine';
import { joinQueue, prepareQueueDir, QUEUE_WATCH_MIN_MS, readQueue, watchQueue, type QueueReading, type QueueTicket } from '../allocation/gpu-queue';
import type { ContainerContext } from './context';
import { deployContainer, deployOnTurn, type DeployRequest, type DeployResult } from './deploy';
import { ungrantableEntries } from './queue-admission';
import { resolveImage } from './images';
import { plural } from '../../core/format';

/** Without --wait-timeout a request waits at most this long (also what other readers trust it for). */
export { MAX_WAIT_MS };
const WAKING_ACTIONS = new Set(['die', 'stop', 'destroy', 'kill']);

export interface WaitReport {
  status: WaitStatus;
  /** One line for people. */
  text: string;
  freeSlots: number;
  totalSlots: number;
  /** The queue entry's file name, so a front end can find it again. */
  ticket: string;
}

export interface WaitOptions {
  /** null: MAX_WAIT_MS. */
  timeoutMs: number | null;
  signal?: AbortSignal;
  /** Called when the position, what is ahead or the free slots change. */
  onWait?: (report: WaitReport) => void;
  onProgress?: ProgressCallback<DeployStep>;
  recheckMs?: number;
  graceMs?: number;
}

export interface WaitedDeploy extends DeployResult {
  /** 0 when it deployed without queueing. */
  waitedMs: number;
  /** From the engine event (or recheck) that woke the last check to the deploy's start; null without a wait. */
  wokeAfterMs: number | null;
}

interface Look {
  queue: QueuedRequest[];
  ignored: QueueReading['ignored'];
  freeSlots: number;
  totalSlots: number;
  ungrantable: Set<string>;
}

export async function deployWhenFree(ctx: ContainerContext, request: DeployRequest, options: WaitOptions): Promise<WaitedDeploy> {
  const started = Date.now();
  if (request.gpus === 0) return { ...(await deployContainer(ctx, request, options.onProgress)), waitedMs: 0, wokeAfterMs: null };
  const slots = ctx.inventory?.slots ?? [];
  const gpus = ctx.inventory?.gpus ?? [];
  const dir = prepareQueueDir(ctx.stateDir);

  const owners = new Map<number, UserAsOwner>();
  let nextLook = 0;
  const look = async (): Promise<Look> => {
    // However often engine events or the queue folder wake us: at most a few scans a second, and never more
    // than about a tenth of a core however big others made the folder (the pause grows with the scan).
    await new Promise((r) => setTimeout(r, Math.max(0, nextLook - Date.now())));
    const began = Date.now();
    const scan = await ctx.engine.scanContainers({ protectedLabel: ctx.protectedLabel });
    const held = heldSlotIds(gpuHolders(scan), slots, gpus);
    const readBegan = Date.now();
    const reading = readQueue(dir);
    nextLook = Date.now() + Math.max(QUEUE_WATCH_MIN_MS - (Date.now() - began), 9 * (Date.now() - readBegan));
    preflight(ctx, request, scan.ds01, held);
    return {
      queue: reading.queue,
      ignored: reading.ignored,
      freeSlots: slots.filter((s) => !held.has(s.id)).length,
      totalSlots: slots.length,
      ungrantable: ungrantableEntries(ctx, reading.queue, scan.ds01, owners),
    };
  };
  // Before queueing a deploy is a newcomer like any other; once queued, the walk below says when its turn came.
  const tryDeploy = async (how: typeof deployContainer): Promise<DeployResult | null> => {
    try {
      return await how(ctx, request, options.onProgress);
    } catch (e) {
      if (isProblemError(e) && gpuCountVerdict({ gpus: request.gpus, refusal: e.problem }, slots, ctx.limits.gpus.allowFullGpu) === 'wait') return null;
      throw e;
    }
  };

  await checkBeforeWaiting(ctx, request);
  const first = await look();
  if (newcomerMayGo(first.queue, request.gpus, first.freeSlots, first.totalSlots, first.ungrantable)) {
    const done = await tryDeploy(deployContainer);
    if (done) return { ...done, waitedMs: Date.now() - started, wokeAfterMs: null };
  }

  const timeoutMs = Math.min(options.timeoutMs ?? MAX_WAIT_MS, MAX_WAIT_MS);
  const deadline = started + timeoutMs;
  const ticket = joinQueue(dir, {
    user: ctx.user.name,
    uid: ctx.user.uid,
    gpus: request.gpus,
    name: normalizeContainerName(request.name),
    createdBy: ctx.createdBy,
    until: deadline + UNTIL_SLACK_MS,
  });
  const wake = new Wakeup();
  const stopEvents = ctx.engine.subscribeContainerEvents(
    (e) => {
      if (WAKING_ACTIONS.has(e.action)) wake.poke();
    },
    () => {
      /* rechecks go on */
    },
  );
  const stopWatch = watchQueue(dir, () => wake.poke());
  const onAbort = () => wake.poke();
  options.signal?.addEventListener('abort', onAbort);
  const stalls = new StallWatch(options.graceMs ?? STALL_GRACE_MS);
  let lastText = '';
  try {
    await stopEvents.ready.catch(() => undefined);
    for (;;) {
      if (options.signal?.aborted)
        throw problem('cancelled', `Stopped waiting for ${plural(request.gpus, 'GPU')}; you left the queue.`, 'Deploy again when you like.');
      const now = Date.now();
      const seen = await look();
      if (Date.now() < deadline) checkStillQueued(seen, ticket);
      // Our entry under whatever name readers count it (another user's hard link may sort first).
      const selfId = seen.queue.find((r) => r.fileKey === ticket.fileKey)?.id ?? ticket.id;
      const view = { ...seen, stalled: stalls.stalled(now, selfId) };
      stalls.observe(now, walkQueue(view), seen.queue);
      const status = waitStatus(view, selfId);
      if (status.go) {
        const done = await tryDeploy(deployOnTurn);
        if (done) return { ...done, waitedMs: Date.now() - started, wokeAfterMs: wake.sinceLastPoke() };
      }
      const uncounted = status.position === 0 ? seen.ignored.find((i) => i.name === ticket.id)?.why : undefined;
      const text = uncounted
        ? `Waiting for ${plural(request.gpus, 'GPU')}: not counted in the queue yet (${uncounted}); ${seen.freeSlots} of ${seen.totalSlots} GPU slots free.`
        : describeWait(status, request.gpus, seen.freeSlots, seen.totalSlots);
      if (text !== lastText) {
        lastText = text;
        options.onWait?.({ status, text, freeSlots: seen.freeSlots, totalSlots: seen.totalSlots, ticket: ticket.id });
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw problem(
          'wait-timeout',
          `Waited ${Math.round(timeoutMs / 1000)} s for ${plural(request.gpus, 'GPU')} without one coming free for you (${text.replace(/^Waiting for [^:]*: /, '')}); you left the queue.`,
          'Try again later with a longer --wait-timeout, ask for fewer GPUs, or see ds01 gpus for who holds what.',
        );
      }
      const stallAt = stalls.nextStallAt(selfId);
      await wake.sleep(Math.min(options.recheckMs ?? QUEUE_RECHECK_MS, left, stallAt === null ? Infinity : Math.max(0, stallAt - Date.now()) + 50));
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    ticket.leave();
    stopEvents();
    stopWatch();
    wake.close();
  }
}

/** Name, image and workspace problems refuse before any waiting, not after an hour in the queue. */
async function checkBeforeWaiting(ctx: ContainerContext, request: DeployRequest): Promise<void> {
  const name = normalizeContainerName(request.name);
  const rule = workspaceRule(request.workspace);
  const bad = rule ?? (!existsSync(request.workspace) ? 'it does not exist' : !statSync(request.workspace).isDirectory() ? 'it is not a directory' : null);
  if (bad)
    throw problem(
      'usage',
      `Workspace ${JSON.stringify(request.workspace.slice(0, 200))} is refused: ${bad}.`,
      'Pass an existing directory with --workspace DIR.',
    );
  await resolveImage(ctx.engine, request.image, name, ctx.user.uid);
}

/** The limits, as they stand now: anything but a lack of free slots ends the wait with its own refusal. */
function preflight(ctx: ContainerContext, request: DeployRequest, ds01: Parameters<typeof userUsage>[0], held: Set<string>): void {
  const slots = ctx.inventory?.slots ?? [];
  const name = normalizeContainerName(request.name);
  const hostName = hostContainerName(name, ctx.user.uid);
  if (ds01.some((c) => c.name === hostName)) {
    throw problem('already-exists', `You already have a container named ${name} (${hostName}).`, `Use it, or retire it first: ds01 container retire ${name}`);
  }
  const mine = ds01.filter((c) => ownedBy(c, ctx.user));
  const plan = planAllocation({
    request: { gpus: request.gpus },
    limits: ctx.limits,
    usage: userUsage(ds01, ctx.user, slots, ctx.inventory?.gpus ?? []),
    containerNames: mine.map((c) => c.displayName),
    slots,
    heldSlotIds: held,
  });
  if (!plan.ok && gpuCountVerdict({ gpus: request.gpus, refusal: plan.refusal }, slots, ctx.limits.gpus.allowFullGpu) === 'refused') {
    throw new ProblemError(plan.refusal);
  }
}

/** Our entry must still be there, under its name and as we wrote it; anything else another user did only moved it. */
function checkStillQueued(seen: Look, ticket: QueueTicket): void {
  if (seen.queue.some((r) => r.fileKey === ticket.fileKey)) return;
  const why = seen.ignored.find((i) => i.name === ticket.id)?.why;
  if (why && /^more than|^another name|^beyond/.test(why)) return;
  throw problem(
    'internal',
    `This request's queue entry ${ticket.path} was removed or is no longer valid${why ? ` (${why})` : ''}.`,
    'Only root or the queue directory owner can remove it; deploy again with --wait.',
  );
}

/** One pending sleep, ended early by poke(); a poke while awake makes the next sleep return at once. */
class Wakeup {
  private resolve: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private pending = false;
  private lastPoke: number | null = null;

  poke(): void {
    this.lastPoke = Date.now();
    if (this.resolve) this.end();
    else this.pending = true;
  }

  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((res) => {
      this.resolve = res;
      this.timer = setTimeout(() => this.end(), ms);
    });
  }

  sinceLastPoke(): number | null {
    return this.lastPoke === null ? null : Date.now() - this.lastPoke;
  }

  close(): void {
    this.end();
  }

  private end(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const r = this.resolve;
    this.resolve = null;
    r?.();
  }
}
