// What the check needs to know of the user and the host: home, ids, the per-container GPU cap from the limits
// (or why it is not known), the AIME catalog's text, and the values of ${localEnv:...} for resolving mounts.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CheckContext, GpuCap } from '../../core/devcontainer';
import type { KnownUser, LimitSet } from '../../core/model';
import { isProblemError, type Problem } from '../../core/problem';
import { readUserLimits } from '../limits/config-files';
import { DEFAULT_ROOT, resolveHostPaths } from '../paths';

/** The catalog the host's check greps (`$DS01_ROOT/aime-ml-containers/ml_images.repo`). */
export function catalogPath(env: Readonly<NodeJS.ProcessEnv>): string {
  return join(env.DS01_ROOT || DEFAULT_ROOT, 'aime-ml-containers', 'ml_images.repo');
}

export function gpuCapOf(limits: LimitSet | Problem): GpuCap {
  return 'gpus' in limits ? { max: limits.gpus.maxPerContainer } : { unknown: `limits not read (${limits.message})` };
}

export function checkContextFor(options: {
  user: KnownUser;
  limits: LimitSet | Problem;
  env: Readonly<NodeJS.ProcessEnv>;
  workspaceFolder: string | null;
}): CheckContext {
  const { user, env } = options;
  const home = env.HOME || homedir();
  return {
    user: user.name,
    home,
    uid: user.uid,
    gid: user.gid,
    gpuCap: gpuCapOf(options.limits),
    catalog: readCatalog(catalogPath(env)),
    localEnv: { ...env, HOME: home, USER: env.USER || user.name },
    workspaceFolder: options.workspaceFolder,
  };
}

/** The editor checks on every keystroke: the catalog is read again only when it changed on disk. */
let catalogSeen: { path: string; mtimeMs: number; size: number; text: string } | null = null;

function readCatalog(path: string): string | null {
  try {
    const { mtimeMs, size } = statSync(path);
    if (catalogSeen?.path === path && catalogSeen.mtimeMs === mtimeMs && catalogSeen.size === size) return catalogSeen.text;
    const text = readFileSync(path, 'utf8');
    catalogSeen = { path, mtimeMs, size, text };
    return text;
  } catch {
    return null;
  }
}

/** The user's limits, or the problem that kept them from being read (the check goes on without the cap). */
export function limitsOrWhy(user: KnownUser, env: NodeJS.ProcessEnv, config?: string): LimitSet | Problem {
  try {
    return readUserLimits(resolveHostPaths(env, { config }), user);
  } catch (e) {
    if (isProblemError(e)) return e.problem;
    throw e;
  }
}
