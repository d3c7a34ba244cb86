// Who a command is for: the login user, or the name given with --user. The one place a `User` is built, so
// every front end (CLI commands, the extension, container commands) names, sanitizes and looks users up alike.
import { userInfo } from 'node:os';
import { sanitizeUserName } from '../../core/limits';
import type { KnownUser, User } from '../../core/model';
import { problem } from '../../core/problem';
import { accountsNamed, lookAlikeAccounts, lookupUserIds } from './lookup';

export interface ResolveUserOptions {
  /** --user: another user's name; blank or absent: the login user. */
  user?: string;
  /**
   * What the caller is about to do for that user ("deploy for"), for the refusal message. Acting for another
   * user is for root only: the engine socket would let anyone label a container with any owner, so the front
   * end, not the engine, has to draw the line; their uid and gid then come from NSS (`id`), so LDAP names work.
   * Absent: a look-up (check-limits, gpus, limits), which anyone may make; another user's ids come from NSS when
   * the name is an account (so containers owned as `uid:<n>` count as theirs), else stay unknown (null).
   */
  action?: string;
}

export function resolveUser(options: ResolveUserOptions & { action: string }): KnownUser;
export function resolveUser(options?: ResolveUserOptions & { user?: undefined }): KnownUser;
export function resolveUser(options?: ResolveUserOptions): User;
export function resolveUser(options: ResolveUserOptions = {}): User {
  const me = userInfo();
  const flag = options.user?.trim() ?? '';
  const name = flag !== '' ? flag : me.username;
  const another = name !== me.username;
  if (another && options.action !== undefined && process.getuid?.() !== 0) {
    throw problem('usage', `Only root may ${options.action} another user (--user ${name}).`, 'Drop --user to act as yourself.');
  }
  const sanitized = sanitizeUserName(name);
  // One NSS look-up for the name and its sanitized form (a look-alike account), kept for the calls below.
  const known = another ? accountsNamed([name, sanitized]) : null;
  const ids = !known
    ? { uid: me.uid, gid: me.gid }
    : options.action !== undefined
      ? lookupUserIds(name)
      : // A look-up may name anyone: a name that is no account has unknown ids.
        (known.get(name) ?? { uid: null, gid: null });
  return { name, sanitized, ...ids, accounts: lookAlikeAccounts(name) };
}
