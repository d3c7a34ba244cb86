// Pause / unpause one of the user's own containers, refusing in one line what the engine would refuse or
// what would mean nothing (a stopped container, one already in that state).
import type { Ds01Container, GpuInventory, UserAsOwner } from '../../core/model';
import { pauseMeaning, pausedSince } from '../../core/pause/meaning';
import { problem } from '../../core/problem';
import { toRow } from '../containers/list';
import { ownContainer } from '../containers/own';
import type { Engine } from '../engine/connect';
import { containerLifecycleView, type LifecycleSources } from '../lifecycle/view';

export async function pauseOwn(engine: Engine, user: UserAsOwner, name: string): Promise<Ds01Container> {
  const c = await ownContainer(engine, user, name);
  if (c.state === 'paused') throw problem('not-running', `${c.displayName} is already paused.`, `Unpause it with: ds01 container unpause ${c.displayName}`);
  if (c.state !== 'running')
    throw problem(
      'not-running',
      `${c.displayName} is ${c.state}, not running: only a running container can be paused.`,
      'See its state with: ds01 container list --all',
    );
  await engine.pauseContainer(c.id);
  return c;
}

export async function unpauseOwn(engine: Engine, user: UserAsOwner, name: string): Promise<Ds01Container> {
  const c = await ownContainer(engine, user, name);
  if (c.state !== 'paused')
    throw problem(
      'not-running',
      `${c.displayName} is ${c.state}, not paused.`,
      c.state === 'running' ? 'Nothing to do.' : 'See its state with: ds01 container list --all',
    );
  await engine.unpauseContainer(c.id);
  return c;
}

/** Since when it is paused; null when the engine's event log (kept in memory since its start) no longer has it. */
export async function pausedSinceOf(engine: Engine, c: Ds01Container): Promise<Date | null> {
  const started = (await engine.runState(c.id)).startedAt ?? c.createdAt;
  return pausedSince(await engine.pauseEvents(c.id, started));
}

/** The confirmation's sentences, with this container's idle timeout and max runtime when the limits can be read. */
export async function pauseMeaningFor(
  engine: Engine,
  c: Ds01Container,
  user: UserAsOwner,
  src: LifecycleSources | null,
  inventory: Pick<GpuInventory, 'slots' | 'gpus'> | null = null,
): Promise<string[]> {
  const lifecycle = src ? ((await containerLifecycleView(engine, c, user, src, new Date()).catch(() => null))?.lifecycle ?? null) : null;
  return pauseMeaning({ displayName: c.displayName, slots: toRow(c, inventory).slots }, lifecycle);
}
