// Who is asking: the login user, or the name given with --user for lookups.
import { userInfo } from 'node:os';

export interface Identity {
  name: string;
  uid: number;
  gid: number;
  /** True when --user replaced the login name. */
  overridden: boolean;
}

export function currentIdentity(userFlag?: string): Identity {
  const me = userInfo();
  const name = userFlag && userFlag.trim() !== '' ? userFlag.trim() : me.username;
  return { name, uid: me.uid, gid: me.gid, overridden: name !== me.username };
}
