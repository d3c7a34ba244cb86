// Start and stop one of the user's own containers (the tree's context menu). Retire and deploy live in
// host/containers; these two only change the state of a container the user already has.
import { findOwnContainer } from '../../core/containers/lookup';
import type { Ds01Container, UserAsOwner } from '../../core/model';
import { stopById } from './engine-calls';
import type { Engine } from '../engine';
import { gpuHolders } from '../engine';
import { engineStatus } from '../engine/errors';

async function own(engine: Engine, user: UserAsOwner, name: string): Promise<Ds01Container> {
  const scan = await engine.scanContainers();
  return findOwnContainer(gpuHolders(scan), name, user);
}

export async function startOwnContainer(engine: Engine, user: UserAsOwner, name: string): Promise<Ds01Container> {
  const target = await own(engine, user, name);
  try {
    await engine.startContainer(target.id);
  } catch (err) {
    if (engineStatus(err) !== 304) throw err; // already running
  }
  return target;
}

export async function stopOwnContainer(engine: Engine, user: UserAsOwner, name: string): Promise<Ds01Container> {
  const target = await own(engine, user, name);
  await stopById(engine, target.id);
  return target;
}
