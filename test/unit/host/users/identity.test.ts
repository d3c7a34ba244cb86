import { strict as assert } from 'node:assert';
import { userInfo } from 'node:os';
import { currentIdentity } from '../../../../src/host/users/identity';

describe('host/users/identity', () => {
  it('is the login user by default', () => {
    const me = userInfo();
    assert.deepEqual(currentIdentity(), { name: me.username, uid: me.uid, gid: me.gid, overridden: false });
  });

  it('takes the --user name for lookups, keeping the real uid', () => {
    const id = currentIdentity('h.baker@hertie-school.lan');
    assert.equal(id.name, 'h.baker@hertie-school.lan');
    assert.equal(id.uid, userInfo().uid);
    assert.equal(id.overridden, true);
    assert.equal(currentIdentity('  ').overridden, false);
  });
});
