// "Run in My Container": which running container of the user has this folder under its /workspace mount,
// and the docker exec argv that re-runs a recorded command there. Pure; no shell quoting by hand beyond sh -c's one argument.
import type { Ds01Container } from '../model';
import { WORKSPACE_MOUNT } from './ownership';

export interface ContainerTarget {
  container: Ds01Container;
  /** The folder's path inside the container. */
  workdir: string;
}

/** The user's running container whose /workspace holds `folder` (the deepest mount wins), or null. */
export function containerForFolder(mine: Ds01Container[], folder: string): ContainerTarget | null {
  const clean = (p: string) => p.replace(/\/+$/, '') || '/';
  const target = clean(folder);
  let best: ContainerTarget | null = null;
  for (const c of mine) {
    if (!c.running || !c.workspace) continue;
    const source = clean(c.workspace);
    const inside = target === source || target.startsWith(source === '/' ? '/' : `${source}/`);
    if (!inside) continue;
    if (best && clean(best.container.workspace!).length >= source.length) continue;
    const rest = target.slice(source.length).replace(/^\/+/, '');
    best = { container: c, workdir: rest ? `${WORKSPACE_MOUNT}/${rest}` : WORKSPACE_MOUNT };
  }
  return best;
}

/** Maps a host path under the container's workspace to its path inside, or null when it is outside. */
export function pathInContainer(target: ContainerTarget, hostPath: string): string | null {
  const source = target.container.workspace!.replace(/\/+$/, '');
  if (hostPath !== source && !hostPath.startsWith(`${source}/`)) return null;
  return `${WORKSPACE_MOUNT}${hostPath.slice(source.length)}`;
}

/**
 * argv for `docker exec -it -w <workdir> <container> sh -lc <command>`. The command line the user typed is
 * passed as ONE argument to the container's shell, exactly as it was typed in their own shell; nothing here
 * splices it into a host shell.
 */
export function execArgv(target: ContainerTarget, commandLine: string): string[] {
  return ['exec', '-it', '-w', target.workdir, target.container.name, 'sh', '-lc', commandLine];
}

/** The exit statuses a re-run's terminal explains in words; any other is "failed with exit status N". */
export const EXPLAINED_STATUSES = [0, 126, 127, 130, 137] as const;

/**
 * What the terminal of a re-run says when the command ends, and the notification of a failure: what ran where,
 * and for a failure what failed ("python3: not found in image X: add it to the image").
 */
export function runOutcomeText(status: number, commandLine: string, container: string, image: string): string {
  const program = commandLine.trim().split(/\s+/)[0] ?? commandLine;
  const ran = `"${commandLine.trim()}" in ${container}`;
  switch (status) {
    case 0:
      return `DS01: ${ran} finished (exit status 0).`;
    case 127:
      return `DS01: ${ran} failed: ${program}: not found in image ${image}: add it to the image, or use a command it has (exit status 127).`;
    case 126:
      return `DS01: ${ran} failed: ${program} is not executable in image ${image} (exit status 126).`;
    case 130:
      return `DS01: ${ran} was interrupted (Ctrl-C, exit status 130).`;
    case 137:
      return `DS01: ${ran} was killed (out of memory, or the container was stopped; exit status 137).`;
    default:
      return `DS01: ${ran} failed with exit status ${status}: its output above says why.`;
  }
}
