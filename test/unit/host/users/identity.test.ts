import { strict as assert } from 'node:assert';
import { userInfo } from 'node:os';
import { resolveUser } from '../../../../src/host/users/identity';
import { isProblemError } from '../../../../src/core/problem';

describe('host/users/identity', () => {
  it('is the login user by default', () => {
    const me = userInfo();
    const u = resolveUser();
    assert.deepEqual({ name: u.name, uid: u.uid, gid: u.gid }, { name: me.username, uid: me.uid, gid: me.gid });
  });

  it("takes the --user name for lookups, never with the caller's ids (a name that is no account: unknown ids)", () => {
    const u = resolveUser({ user: 'h.baker@hertie-school.lan' });
    assert.equal(u.name, 'h.baker@hertie-school.lan');
    assert.equal(u.sanitized, 'h_baker');
    assert.equal(u.uid, null, "the caller's uid would make the caller's containers theirs");
    assert.equal(u.gid, null);
    assert.equal(resolveUser({ user: '  ' }).name, userInfo().username);
  });

  it("a look-up of another account has that account's ids from NSS, so its uid-owned containers count", () => {
    const u = resolveUser({ user: 'daemon' });
    assert.deepEqual({ name: u.name, uid: u.uid, gid: u.gid }, { name: 'daemon', uid: 1, gid: 1 });
  });

  it('acting for another user is for root, with their ids from NSS; a name the host does not know is refused', () => {
    if (process.getuid?.() !== 0) {
      assert.throws(
        () => resolveUser({ user: 'daemon', action: 'deploy for' }),
        (e: unknown) => isProblemError(e) && e.problem.message === 'Only root may deploy for another user (--user daemon).',
      );
      return;
    }
    const u = resolveUser({ user: 'daemon', action: 'deploy for' });
    assert.deepEqual({ name: u.name, uid: u.uid, gid: u.gid }, { name: 'daemon', uid: 1, gid: 1 });
    assert.throws(
      () => resolveUser({ user: 'no-such-user-here', action: 'deploy for' }),
      (e: unknown) => isProblemError(e) && e.problem.kind === 'usage' && /no user named/.test(e.problem.message),
    );
  });
});
