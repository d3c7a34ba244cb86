// Which host folder a deploy may mount read-write at /workspace. Every user can reach the engine, but our tools
// must not be the way to a folder the user could not write anyway: resolve links first (the resolved path is what
// gets mounted, so swapping a link afterwards changes nothing), then mount only what the user the container is for
// owns or may write. For root's `--user` deploys that is the target user, checked with that user's own rights.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { workspaceRule } from '../../core/containers/spec';
import type { KnownUser } from '../../core/model';
import { problem } from '../../core/problem';
import { ownerName } from '../shared-file';

/** The real path to mount for `user`, or a 'usage' refusal naming why. */
export function checkedWorkspace(path: string, user: Pick<KnownUser, 'name' | 'uid' | 'gid'>): string {
  const quote = (p: string) => JSON.stringify(p.slice(0, 200));
  const refuse = (why: string, real?: string) =>
    problem(
      'usage',
      `Workspace ${quote(path)}${real && real !== path ? ` (really ${quote(real)})` : ''} is refused: ${why}.`,
      `Pass a folder ${user.name} owns or may write with --workspace DIR (e.g. a project in their home).`,
    );
  const rule = workspaceRule(path);
  if (rule) throw refuse(rule);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw refuse('it does not exist');
  }
  const st = statSync(real);
  if (!st.isDirectory()) throw refuse('it is not a directory', real);
  if (real === '/') throw refuse('it is the whole file system', real);
  const resolvedRule = workspaceRule(real);
  if (resolvedRule) throw refuse(resolvedRule, real);
  if (st.uid !== user.uid && !mayWrite(real, user)) {
    throw refuse(`it belongs to ${ownerName(st.uid)} and ${user.name} may not write it`, real);
  }
  return real;
}

function mayWrite(dir: string, user: Pick<KnownUser, 'uid' | 'gid'>): boolean {
  if (process.getuid?.() === user.uid) {
    try {
      accessSync(dir, constants.W_OK | constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
  // Root acting for another user: ask the kernel with that user's uid, gid and groups (ACLs included).
  try {
    execFileSync('setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', 'test', '-w', dir, '-a', '-x', dir], {
      stdio: 'ignore',
      timeout: 5000,
    });
    return true;
  } catch {
    return false;
  }
}
