// A path in a container as the engine's archive API stats it (HEAD /containers/{id}/archive): works on stopped
// containers and runs nothing inside.
import type Dockerode from 'dockerode';
import { isObject } from './records';
import type { Engine } from './connect';
import { engineStatus } from './errors';

/** `mtime` as the engine writes it; '' when it wrote none. */
export interface PathStat {
  name: string;
  mtime: string;
}

export async function pathStat(engine: Engine, client: Dockerode, id: string, path: string): Promise<PathStat | null> {
  try {
    const res: unknown = await engine.call('other', (signal) => client.getContainer(id).infoArchive({ path, abortSignal: signal }), id);
    if (!isObject(res)) return null;
    if (typeof res.resume === 'function') res.resume();
    const header = isObject(res.headers) ? res.headers['x-docker-container-path-stat'] : undefined;
    if (typeof header !== 'string' || header === '') return null;
    const stat: unknown = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
    if (!isObject(stat)) return null;
    return {
      name: typeof stat.name === 'string' ? stat.name : '',
      mtime: typeof stat.mtime === 'string' ? stat.mtime : '',
    };
  } catch (err) {
    if (engineStatus(err) === 404) return null;
    throw err;
  }
}
