// uid and gid of a user name through NSS (`id`, argv only), so LDAP users like h.baker@hertie-school.lan
// resolve as they do for the host's own tools.
import { execFileSync } from 'node:child_process';
import { problem } from '../core/problem';

export interface UserIds {
  uid: number;
  gid: number;
}

export function lookupUserIds(name: string): UserIds {
  const read = (flag: string): number => {
    try {
      const out = execFileSync('id', [flag, '--', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000 });
      return Number(out.trim());
    } catch {
      return NaN;
    }
  };
  const uid = read('-u');
  const gid = read('-g');
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw problem('usage', `There is no user named ${JSON.stringify(name.slice(0, 80))} on this host.`, 'Check the name with: id <user>');
  }
  return { uid, gid };
}

/** The account name of `uid` through NSS (`getent passwd`), or null when the host has none. */
export function userNameOf(uid: number): string | null {
  try {
    const out = execFileSync('getent', ['passwd', String(uid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    const name = out.split(':')[0]?.trim();
    return name ? name : null;
  } catch {
    return null;
  }
}
