// The GPU queue's fairness for a deploy that has not queued: it may take slots only where every earlier waiter
// still gets its own. Judged by deployContainer under the host lock, from the scan it has just made.
import { neverGrantable, newcomerMayGo, type QueuedRequest } from '../../core/allocation/gpu-queue';
import { heldSlotIds, userUsage } from '../../core/allocation/usage';
import { plural } from '../../core/format';
import { sanitizeUserName } from '../../core/limits';
import type { Ds01Container, UserAsOwner } from '../../core/model';
import type { Problem } from '../../core/problem';
import { existingQueueDir, readQueue } from '../allocation/gpu-queue';
import { gpuHolders, type ContainerScan } from '../engine';
import { userNameOf } from '../users/lookup';
import type { ContainerContext } from './context';

export function queueRefusal(ctx: ContainerContext, gpusWanted: number, scan: ContainerScan): Problem | null {
  if (gpusWanted === 0) return null;
  const dir = existingQueueDir(ctx.stateDir);
  if (!dir) return null;
  const { queue } = readQueue(dir);
  if (queue.length === 0) return null;
  const slots = ctx.inventory?.slots ?? [];
  const held = heldSlotIds(gpuHolders(scan), slots, ctx.inventory?.gpus ?? []);
  const free = slots.filter((s) => !held.has(s.id)).length;
  if (newcomerMayGo(queue, gpusWanted, free, slots.length, ungrantableEntries(ctx, queue, scan.ds01, new Map()))) return null;
  const waiting = `${plural(queue.length, 'request')} already wait${queue.length === 1 ? 's' : ''}`;
  return {
    kind: 'no-capacity',
    message: `No capacity for you right now: ${waiting} for GPUs (${free} of ${slots.length} slots free), first come, first served.`,
    fix: 'Join the queue: add --wait (and --wait-timeout SECONDS) to deploy as soon as it is your turn.',
  };
}

/**
 * Entries whose owner could never be granted them as asked (core neverGrantable): judged by the owner's own
 * limits and usage, the owner named by NSS from the uid the file proves, never by the name the entry says
 * (only root may queue for another user, and then the entry's name is root's word).
 */
export function ungrantableEntries(ctx: ContainerContext, queue: QueuedRequest[], ds01: Ds01Container[], owners: Map<number, UserAsOwner>): Set<string> {
  const out = new Set<string>();
  if (!ctx.limitsOf) return out;
  const slots = ctx.inventory?.slots ?? [];
  for (const r of queue) {
    let owner = owners.get(r.uid);
    if (!owner) {
      const name = userNameOf(r.uid) ?? (r.ownerUid === 0 ? r.user : `uid:${r.uid}`);
      owner = { name, sanitized: sanitizeUserName(name), uid: r.uid, accounts: new Set() };
      owners.set(r.uid, owner);
    }
    const usage = userUsage(ds01, owner, slots, ctx.inventory?.gpus ?? []);
    if (neverGrantable(r.gpus, { limits: ctx.limitsOf(owner), usage }, slots)) out.add(r.id);
  }
  return out;
}
