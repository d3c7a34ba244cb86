// uid and gid of a user name through NSS (`getent passwd`, argv only), so LDAP users like h.baker@hertie-school.lan
// resolve as they do for the host's own tools.
import { execFileSync, spawnSync } from 'node:child_process';
import { sanitizeUserName } from '../../core/limits';
import type { KnownUser } from '../../core/model';
import { problem } from '../../core/problem';

export function lookupUserIds(name: string): Pick<KnownUser, 'uid' | 'gid'> {
  const account = accountsNamed([name]).get(name);
  if (!account) {
    throw problem('usage', `There is no user named ${JSON.stringify(name.slice(0, 80))} on this host.`, 'Check the name with: id <user>');
  }
  return account;
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
const accountCache = new Map<string, { ids: Pick<KnownUser, 'uid' | 'gid'> | null; at: number }>();

/**
 * The accounts among `names` with their uid and gid, through NSS (`getent passwd`, so LDAP names count): one
 * process for all the names not looked up in the last minute. A name is matched by its account name only.
 */
export function accountsNamed(names: string[]): Map<string, Pick<KnownUser, 'uid' | 'gid'>> {
  const now = Date.now();
  const unknown = [...new Set(names)].filter((n) => n !== '' && !n.startsWith('-') && (accountCache.get(n)?.at ?? -Infinity) + ACCOUNT_TTL_MS < now);
  if (unknown.length > 0) {
    // getent exits 2 when some key is missing and still prints the others.
    const out = spawnSync('getent', ['passwd', ...unknown], { encoding: 'utf8', timeout: 5000 }).stdout ?? '';
    const found = new Map<string, Pick<KnownUser, 'uid' | 'gid'>>();
    for (const line of out.split('\n')) {
      const [account, , uid, gid] = line.split(':');
      if (account && /^\d+$/.test(uid ?? '') && /^\d+$/.test(gid ?? '')) found.set(account, { uid: Number(uid), gid: Number(gid) });
    }
    for (const n of unknown) accountCache.set(n, { ids: found.get(n) ?? null, at: now });
  }
  const accounts = new Map<string, Pick<KnownUser, 'uid' | 'gid'>>();
  for (const n of names) {
    const ids = accountCache.get(n)?.ids;
    if (ids) accounts.set(n, ids);
  }
  return accounts;
}

/** Which of `names` are accounts on this host (see accountsNamed). */
export function accountsAmong(names: string[]): Set<string> {
  return new Set(accountsNamed(names).keys());
}

/** The names that sanitize like `name` and are accounts of their own (`bob_x` for `bob.x`): never this user's. */
export function lookAlikeAccounts(name: string): Set<string> {
  const sanitized = sanitizeUserName(name);
  return sanitized === name ? new Set() : accountsAmong([sanitized]);
}
