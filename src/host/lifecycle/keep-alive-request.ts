// `keep-alive NAME [--off]` on the real host: the user's own running container, with /workspace, of a type
// the host's idle check stops; anything else is refused, naming why the host would ignore the file.
import { findOwnContainer } from '../../core/containers/lookup';
import { formatClock, KEEP_ALIVE_SECONDS } from '../../core/lifecycle';
import type { Ds01Container, UserAsOwner } from '../../core/model';
import { WORKSPACE_MOUNT } from '../../core/containers/ownership';
import { problem } from '../../core/problem';
import type { Engine } from '../engine/connect';
import { gpuHolders } from '../engine/containers';
import { KEEP_ALIVE_PATH, readKeepAlive, writeKeepAlive } from './keep-alive';
import { containerLifecycleView, type LifecycleSources } from './view';

export interface KeepAliveResult {
  container: Ds01Container;
  on: boolean;
  /** Until when the host honours the file (24 h from now), null after --off. */
  until: Date | null;
  /** 'archive': the image lacks touch/rm, the engine's archive upload wrote the file (off: an expired one). */
  via?: 'exec' | 'archive';
}

function refuse(name: string, why: string, fix: string): never {
  throw problem('keep-alive-ignored', `The host would ignore ${KEEP_ALIVE_PATH} in ${name}: ${why}.`, fix);
}

export async function setKeepAlive(
  engine: Engine,
  user: UserAsOwner,
  name: string,
  on: boolean,
  src: LifecycleSources,
  now: Date = new Date(),
): Promise<KeepAliveResult> {
  const scan = await engine.scanContainers();
  const c = findOwnContainer(gpuHolders(scan), name, user);
  if (!on) {
    let via: 'exec' | 'archive' | undefined;
    if (c.running) via = await writeKeepAlive(engine, c.id, c.displayName, false);
    else if ((await readKeepAlive(engine, c.id)).kind === 'present')
      refuse(c.displayName, 'it is not running, so nothing can be removed inside it', `Start it, then run: ds01 container keep-alive ${c.displayName} --off`);
    return { container: c, on: false, until: null, via };
  }
  if (!c.running)
    refuse(c.displayName, `it is ${c.state}; the idle check only looks at running containers`, `Start it first: ds01 container list --all shows its state.`);
  if (!(await engine.statPath(c.id, WORKSPACE_MOUNT)))
    refuse(c.displayName, `it has no ${WORKSPACE_MOUNT}`, 'Deploy with a workspace (ds01 container deploy NAME --workspace DIR).');
  const view = await containerLifecycleView(engine, c, user, src, now);
  if (!view.idle.applies)
    refuse(c.displayName, `it is not subject to the idle stop (${view.idle.why})`, 'Nothing to do: the host will not stop it for being idle.');
  const via = await writeKeepAlive(engine, c.id, c.displayName, true, now);
  const after = await readKeepAlive(engine, c.id);
  const from = after.kind === 'present' ? after.modifiedAt : now;
  return { container: c, on: true, until: new Date(from.getTime() + KEEP_ALIVE_SECONDS * 1000), via };
}

export function keepAliveMessage(r: KeepAliveResult, now: Date): string {
  return r.on
    ? `${r.container.displayName}: the host skips its idle stop until ${formatClock(r.until!, now)} (${KEEP_ALIVE_PATH} is honoured for 24 h; run again to refresh). The max runtime still applies.`
    : r.via === 'archive'
      ? `${r.container.displayName}: ${KEEP_ALIVE_PATH} set to a time over 24 h ago (the image has no rm), which the host ignores; the idle stop applies again.`
      : `${r.container.displayName}: ${KEEP_ALIVE_PATH} removed; the idle stop applies again.`;
}
