import { strict as assert } from 'node:assert';
import { isProblemError } from '../../../../src/core/problem';
import { cgroupParentEnabled } from '../../../../src/host/containers';
import { lookupUserIds } from '../../../../src/host/users/lookup';

describe('host/containers context', () => {
  it('DS01_CGROUP_PARENT=off (any case) turns the slice off; unset or anything else keeps it', () => {
    assert.equal(cgroupParentEnabled({}), true);
    assert.equal(cgroupParentEnabled({ DS01_CGROUP_PARENT: 'off' }), false);
    assert.equal(cgroupParentEnabled({ DS01_CGROUP_PARENT: ' OFF ' }), false);
    assert.equal(cgroupParentEnabled({ DS01_CGROUP_PARENT: 'on' }), true);
  });

  it('looks users up through NSS (real `getent` processes), refusing unknown names', () => {
    assert.deepEqual(lookupUserIds('root'), { uid: 0, gid: 0 });
    assert.deepEqual(lookupUserIds('daemon'), { uid: 1, gid: 1 });
    for (const bad of ['no-such-user-ds01', '-u', '']) {
      assert.throws(
        () => lookupUserIds(bad),
        (e: unknown) => isProblemError(e) && e.problem.kind === 'usage' && /no user named/.test(e.problem.message),
        bad,
      );
    }
  });
});
