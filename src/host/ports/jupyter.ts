// Start Jupyter Lab in one of the user's running containers (a detached exec, our token in its environment),
// wait until it listens, and stop it again (`jupyter server stop PORT`).
import { randomBytes } from 'node:crypto';
import { freeJupyterPort, jupyterArgv, jupyterPath, jupyterTokenEnv, noJupyter, stopJupyterArgvs } from '../../core/ports/jupyter';
import { listeningPorts } from '../../core/ports/listening';
import { problem } from '../../core/problem';
import type { UserAsOwner } from '../../core/model';
import type { Engine } from '../engine/connect';
import { ownPorts, type ContainerPorts } from './own-ports';

export interface RunningJupyter extends ContainerPorts {
  port: number;
  token: string;
  /** Path and query to open on the forwarded address: lab?token=… */
  path: string;
}

const MISSING = /executable file not found|no such file or directory|not found/i;

export async function startJupyter(engine: Engine, user: UserAsOwner, name: string, opts: { port?: number; waitMs?: number } = {}): Promise<RunningJupyter> {
  const waitMs = opts.waitMs ?? 60_000;
  const found = await ownPorts(engine, user, name, 'run Jupyter Lab');
  const c = found.container;
  const version = await engine.runInContainer(c.id, ['jupyter', '--version']).catch((e: unknown) => ({ exitCode: 127, output: String(e) }));
  if (version.exitCode === 126 || version.exitCode === 127 || (version.exitCode !== 0 && MISSING.test(version.output))) noJupyter(c.displayName);
  const port = freeJupyterPort(found.ports, opts.port);
  const token = randomBytes(24).toString('hex');
  const server = await engine.startDetached(c.id, jupyterArgv(port), jupyterTokenEnv(token));
  const end = Date.now() + waitMs;
  for (;;) {
    const r = await engine.runInContainer(c.id, ['cat', '/proc/net/tcp', '/proc/net/tcp6']);
    if (listeningPorts(r.output).some((p) => p.port === port)) break;
    const still = await server.running();
    if (!still.running)
      throw problem(
        'engine-error',
        `Jupyter Lab exited in ${c.displayName} (exit ${still.exitCode ?? 'unknown'}) before it listened on ${port}.`,
        `Run it in a terminal there to see why: ${jupyterArgv(port).join(' ')}`,
      );
    if (Date.now() > end)
      throw problem(
        'engine-error',
        `Jupyter Lab did not listen on ${port} in ${c.displayName} within ${waitMs / 1000} s.`,
        `Run it in a terminal there to see why: ${jupyterArgv(port).join(' ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { ...found, port, token, path: jupyterPath(token) };
}

/** Stops the Jupyter server on `port` of the user's running container `name`; returns that container. */
export async function stopJupyter(engine: Engine, user: UserAsOwner, name: string, port: number): Promise<ContainerPorts['container']> {
  const found = await ownPorts(engine, user, name, 'have its Jupyter Lab stopped');
  const c = found.container;
  if (!found.ports.some((p) => p.port === port))
    throw problem('not-running', `Nothing listens on port ${port} in ${c.displayName}.`, `See its ports with: ds01 container ports ${c.displayName}`);
  let first: { exitCode: number | null; output: string } | undefined;
  for (const argv of stopJupyterArgvs(port)) {
    const r = await engine.runInContainer(c.id, argv);
    if (r.exitCode === 0) return c;
    first ??= r;
  }
  throw problem(
    'engine-error',
    `jupyter server stop ${port} failed in ${c.displayName} (exit ${first?.exitCode ?? 'unknown'}${first?.output ? `: ${first.output.split('\n')[0]}` : ''}).`,
    'Stop it from a terminal there: jupyter server list, then jupyter server stop PORT.',
  );
}
