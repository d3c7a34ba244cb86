// Start and stop one of the user's own containers (the tree's context menu). Retire and deploy live in
// host/containers; these two only change the state of a container the user already has.
import type { Ds01Container, UserAsOwner } from '../../core/model';
import { stopById } from './engine-calls';
import { ownContainer } from './own';
import type { Engine } from '../engine';
import { engineStatus } from '../engine/errors';

export async function startOwnContainer(engine: Engine, user: UserAsOwner, name: string): Promise<Ds01Container> {
  const target = await ownContainer(engine, user, name);
  try {
    await engine.startContainer(target.id);
  } catch (err) {
    if (engineStatus(err) !== 304) throw err; // already running
  }
  return target;
}

export async function stopOwnContainer(engine: Engine, user: UserAsOwner, name: string): Promise<Ds01Container> {
  const target = await ownContainer(engine, user, name);
  await stopById(engine, target.id);
  return target;
}
