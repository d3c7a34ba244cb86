import { strict as assert } from 'node:assert';
import { diskWarning, parseQuota, QUOTA_CHECK_LIMIT_BYTES, useFromHomeSize, useFromQuota } from '../../../../src/core/disk-quota/use';

const TABLE = `Disk quotas for user bob (uid 1001):
     Filesystem  blocks   quota   limit   grace   files   quota   limit   grace
      /dev/sda2  9500000* 10000000 12000000  6days   12345       0       0
      /dev/sdb1     100       0       0              3       0       0
`;

describe('core/disk-quota', () => {
  it('quota -u -w: 1 KiB blocks per filesystem, a * over the soft limit, 0 as no limit', () => {
    const a = parseQuota(TABLE);
    assert.equal(a.kind, 'quotas');
    if (a.kind !== 'quotas') return;
    assert.deepEqual(a.filesystems, [
      { filesystem: '/dev/sda2', usedBytes: 9500000 * 1024, softBytes: 10000000 * 1024, hardBytes: 12000000 * 1024 },
      { filesystem: '/dev/sdb1', usedBytes: 100 * 1024, softBytes: null, hardBytes: null },
    ]);
    const use = useFromQuota(a.filesystems)!;
    assert.deepEqual([use.source, use.where, use.percent], ['quota', '/dev/sda2', 95]);
    assert.match(diskWarning(use) ?? '', /95% of your limit/);
  });
  it('"none" and no table', () => {
    assert.deepEqual(parseQuota('Disk quotas for user bob (uid 1001): none\n'), { kind: 'none' });
    assert.equal(parseQuota('quota: Cannot open quotafile /home/aquota.user\n').kind, 'unreadable');
    assert.equal(useFromQuota([{ filesystem: '/', usedBytes: 5, softBytes: null, hardBytes: null }]), null);
  });
  it("home size against quota-check's 100G; unknown size is null with why, no warning", () => {
    assert.equal(QUOTA_CHECK_LIMIT_BYTES, 107374182400);
    assert.equal(useFromHomeSize('/home/bob', 97 * 1024 ** 3, null).percent, 97);
    const unknown = useFromHomeSize('/home/bob', null, 'du took longer than 20 s');
    assert.deepEqual([unknown.usedBytes, unknown.percent, unknown.note], [null, null, 'du took longer than 20 s']);
    assert.equal(diskWarning(unknown), null);
    assert.equal(diskWarning({ percent: 89.9 }), null);
  });
});
