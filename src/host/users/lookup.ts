// uid and gid of a user name through NSS (`id`, argv only), so LDAP users like h.baker@hertie-school.lan
// resolve as they do for the host's own tools.
import { execFileSync, spawnSync } from 'node:child_process';
import { sanitizeUserName } from '../../core/limits';
import type { KnownUser } from '../../core/model';
import { problem } from '../../core/problem';

export function lookupUserIds(name: string): Pick<KnownUser, 'uid' | 'gid'> {
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

const ACCOUNT_TTL_MS = 60_000;
const accountCache = new Map<string, { exists: boolean; at: number }>();

/** Which of `names` are accounts on this host (NSS, so LDAP names count; one `getent` for all, cached a minute). */
export function accountsAmong(names: string[]): Set<string> {
  const now = Date.now();
  const unknown = names.filter((n) => n !== '' && !n.startsWith('-') && (accountCache.get(n)?.at ?? -Infinity) + ACCOUNT_TTL_MS < now);
  if (unknown.length > 0) {
    // getent exits 2 when some key is missing and still prints the others.
    const out = spawnSync('getent', ['passwd', ...unknown], { encoding: 'utf8', timeout: 5000 }).stdout ?? '';
    const found = new Set(out.split('\n').map((l) => l.split(':')[0]).filter((n) => n));
    for (const n of unknown) accountCache.set(n, { exists: found.has(n), at: now });
  }
  return new Set(names.filter((n) => accountCache.get(n)?.exists === true));
}

/** The names that sanitize like `name` and are accounts of their own (`bob_x` for `bob.x`): never this user's. */
export function lookAlikeAccounts(name: string): Set<string> {
  const sanitized = sanitizeUserName(name);
  return sanitized === name ? new Set() : accountsAmong([sanitized]);
}
