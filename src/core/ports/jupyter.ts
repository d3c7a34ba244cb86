// Jupyter Lab in a container: the command that starts it (on every address of the container so a relay or ssh -L
// can reach it, no browser), the port it takes, its URL, and what to say when the image lacks it.
import { problem } from '../problem';
import type { ListeningPort } from './listening';

export const JUPYTER_PORTS = Array.from({ length: 11 }, (_, i) => 8888 + i);

/**
 * argv, no shell. The token goes in JUPYTER_TOKEN (jupyterTokenEnv), not here: a container's processes are host
 * processes, and every user of the host can read their command lines (ps) and reach the container's address.
 * --allow-root: images whose user is root would refuse otherwise; harmless for others.
 */
export function jupyterArgv(port: number): string[] {
  return ['jupyter', 'lab', '--no-browser', '--allow-root', '--ip=0.0.0.0', `--port=${port}`, '--port-retries=0'];
}

/** Read by jupyter_server (and the older notebook server) as the token when none is given on the command line. */
export function jupyterTokenEnv(token: string): string[] {
  return [`JUPYTER_TOKEN=${token}`];
}

/** jupyter_server's stop first, then the older notebook server's. */
export function stopJupyterArgvs(port: number): string[][] {
  return [
    ['jupyter', 'server', 'stop', String(port)],
    ['jupyter', 'notebook', 'stop', String(port)],
  ];
}

/** The port asked for, if nothing listens on it yet; else the first free one of 8888-8898. */
export function freeJupyterPort(listening: ListeningPort[], wanted?: number): number {
  const taken = new Set(listening.map((p) => p.port));
  if (wanted !== undefined) {
    if (taken.has(wanted))
      throw problem('usage', `Port ${wanted} is already taken in this container.`, 'Leave --port out for the first free one from 8888, or give another.');
    return wanted;
  }
  const port = JUPYTER_PORTS.find((p) => !taken.has(p));
  if (port === undefined)
    throw problem(
      'usage',
      'Ports 8888-8898 are all taken in this container.',
      'Stop a server you started there (jupyter server list shows them), or give --port.',
    );
  return port;
}

export function jupyterPath(token: string): string {
  return `lab?token=${token}`;
}

export function noJupyter(container: string): never {
  throw problem(
    'not-found',
    `The image of ${container} has no Jupyter (jupyter is not on its PATH).`,
    `Install it inside the container (in a terminal there: pip install jupyterlab), or deploy from an image that has it.`,
  );
}
