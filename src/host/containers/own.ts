// One of the user's own containers by name, from a fresh scan: what start, stop, pause, ports and logs act on.
import { findOwnContainer } from '../../core/containers/lookup';
import type { Ds01Container, UserAsOwner } from '../../core/model';
import type { Engine } from '../engine/connect';
import { gpuHolders } from '../engine/containers';

export async function ownContainer(engine: Engine, user: UserAsOwner, name: string): Promise<Ds01Container> {
  return findOwnContainer(gpuHolders(await engine.scanContainers()), name, user);
}
