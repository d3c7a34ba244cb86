// What one of the user's running containers listens on: /proc/net/tcp and tcp6 read inside it (exec of `cat`,
// argv, no shell: the container's own network namespace), and its network from an inspect.
import type { Ds01Container, UserAsOwner } from '../../core/model';
import { listeningPorts, type ListeningPort } from '../../core/ports/listening';
import { problem } from '../../core/problem';
import { ownContainer } from '../containers/own';
import type { Engine } from '../engine/connect';

export interface ContainerPorts {
  container: Ds01Container;
  ports: ListeningPort[];
  network: { mode: string; ip: string | null };
}

/** `action`: what needs it running, for the one line a paused or stopped container gets. */
export async function ownPorts(engine: Engine, user: UserAsOwner, name: string, action = 'be asked what it listens on'): Promise<ContainerPorts> {
  const c = await ownContainer(engine, user, name);
  if (c.state !== 'running')
    throw problem(
      'not-running',
      `${c.displayName} is ${c.state}: only a running container can ${action}.`,
      c.state === 'paused' ? `Unpause it: ds01 container unpause ${c.displayName}` : 'Start it first.',
    );
  const info = await engine.inspectContainer(c.id);
  const mode = info.HostConfig?.NetworkMode ?? 'default';
  const ip =
    info.NetworkSettings?.IPAddress ||
    Object.values(info.NetworkSettings?.Networks ?? {})
      .map((n) => n.IPAddress)
      .find((a) => a) ||
    null;
  const r = await engine.runInContainer(c.id, ['cat', '/proc/net/tcp', '/proc/net/tcp6']);
  // cat exits 1 when tcp6 is missing (IPv6 off); what it read of tcp still counts.
  if (!r.output.includes('local_address'))
    throw problem(
      'engine-error',
      `Could not read /proc/net/tcp in ${c.displayName} (exit ${r.exitCode ?? 'unknown'}).`,
      'The image needs cat; or give the port yourself.',
    );
  return { container: c, ports: listeningPorts(r.output), network: { mode, ip } };
}
