// The engine's machine as `docker info` reports it (NCPU, MemTotal), for fitting limits to it.
import type { EngineCapacity } from '../../core/containers/engine-capacity';
import type { Engine } from '../engine/connect';

export async function readEngineCapacity(engine: Engine): Promise<EngineCapacity> {
  const info = (await engine.call('other', () => engine.docker.info())) as { NCPU?: unknown; MemTotal?: unknown };
  const positive = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);
  return { cpus: positive(info.NCPU), memoryBytes: positive(info.MemTotal) };
}
