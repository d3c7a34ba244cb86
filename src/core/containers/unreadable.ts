// Containers the engine would not let us inspect (DS01's authorization policy denies inspecting other
// users' containers; an engine may answer 500): what the list showed of them stands, the rest is unknown,
// and every figure they could change is reported as unknown, never as a number that leaves them out.
import type { Ds01Container, UserAsOwner } from '../model';
import { ownedBy } from './ownership';
import type { Problem } from '../problem';

export interface UnreadableContainer {
  /** As the list showed it: owner and GPUs from labels alone (owner null when unlabelled). */
  container: Ds01Container;
  /** False when the list carried no GPU label: what it holds is unknown. */
  gpusKnown: boolean;
  /** The engine's words. */
  reason: string;
}

/** Why a figure is unknown (naming the containers), or null when it is exact. */
export interface UsageGaps {
  gpus: string | null;
  containers: string | null;
  freeSlots: string | null;
}

function because(list: UnreadableContainer[], what: string): string | null {
  if (list.length === 0) return null;
  const names = list.map((u) => u.container.name).join(', ');
  return `${list.length === 1 ? 'container' : 'containers'} ${names} could not be read, so ${what}`;
}

/**
 * What the user's figures cannot include. An unreadable container with no owner on the list may be
 * theirs (its cgroup parent would have said); one the list gives them counts, but its GPUs only when listed.
 */
export function usageGaps(unreadable: UnreadableContainer[], user: UserAsOwner): UsageGaps {
  const unowned = unreadable.filter((u) => u.container.owner === null);
  const mine = unreadable.filter((u) => ownedBy(u.container, user));
  const gpuDoubt = [...unowned.filter((u) => !u.gpusKnown || u.container.gpuUuids.length > 0), ...mine.filter((u) => !u.gpusKnown)];
  return {
    gpus: because(gpuDoubt, 'the GPUs it holds may be yours'),
    containers: because(unowned, 'whose container it is is unknown'),
    freeSlots: because(
      unreadable.filter((u) => !u.gpusKnown),
      'which GPUs it holds is unknown',
    ),
  };
}

/** One problem naming every container that could not be read, or null when all were. */
export function unreadableProblem(unreadable: UnreadableContainer[]): Problem | null {
  if (unreadable.length === 0) return null;
  const each = unreadable.map((u) => `${u.container.name} (${u.reason})`).join('; ');
  return {
    kind: 'container-unreadable',
    message: `The engine would not let us read ${unreadable.length === 1 ? 'container' : `${unreadable.length} containers`}: ${each}. Figures it could change are shown as unknown.`,
    fix: 'If an authorization policy denies it, ask an administrator; if it was a passing engine error, refresh.',
  };
}

/**
 * Deploy needs exact figures: the user's container count, and for GPUs their GPU count and the free slots.
 * A container that could not be read and may change one of those stops it, naming the container.
 */
export function unreadableDeployRefusal(unreadable: UnreadableContainer[], user: UserAsOwner, gpus: number): Problem | null {
  const gaps = usageGaps(unreadable, user);
  const why = gaps.containers ?? (gpus > 0 ? (gaps.gpus ?? gaps.freeSlots) : null);
  if (why === null) return null;
  const reasons = unreadable.map((u) => `${u.container.name}: ${u.reason}`).join('; ');
  return {
    kind: 'container-unreadable',
    message: `Cannot deploy safely: ${why} (${reasons}).`,
    fix: 'If an authorization policy denies it, ask an administrator; if it was a passing engine error, try again.',
  };
}
