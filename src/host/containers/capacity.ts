// The engine's machine as `docker info` reports it (NCPU, MemTotal), for fitting limits to it.
import type { EngineCapacity } from '../../core/containers/engine-capacity';
import type { Engine } from '../engine/connect';

export function readEngineCapacity(engine: Engine): Promise<EngineCapacity> {
  return engine.capacity();
}
