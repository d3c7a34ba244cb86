// readDiskUse with real processes: du on a real folder, a quota tool that answers (a script printing a recorded
// `quota -u -w` table, as the nvidia-smi fixtures record theirs), none installed, and a run past its time limit.
import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDiskUse } from '../../../src/host/disk-quota/read';

describe('host/disk-quota', () => {
  const home = mkdtempSync(join(tmpdir(), 'ds01-home-'));
  writeFileSync(join(home, 'data.bin'), Buffer.alloc(3 * 1024 * 1024));
  const user = 'no-such-user-ds01';

  it('no quota tools: the size of the home (du -sb) against 100 GiB', async () => {
    const u = await readDiskUse(user, { env: { HOME: home, DS01_QUOTA: '/nonexistent/quota' } });
    assert.equal(u.source, 'home-size');
    assert.equal(u.where, home);
    assert.ok(u.usedBytes! >= 3 * 1024 * 1024 && u.usedBytes! < 4 * 1024 * 1024, String(u.usedBytes));
    assert.equal(u.limitBytes, 100 * 1024 ** 3);
    assert.equal(u.quota, 'the quota tools are not installed');
  });

  it('a quota tool with limits wins; one that says none falls back to du', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'ds01-quota-'));
    const tool = (name: string, text: string, code = 0) => {
      const f = join(bin, name);
      writeFileSync(f, `#!/bin/sh\ncat <<'EOF'\n${text}EOF\nexit ${code}\n`);
      chmodSync(f, 0o755);
      return f;
    };
    const over = tool(
      'over',
      'Disk quotas for user x (uid 1):\n     Filesystem  blocks   quota   limit   grace   files   quota   limit   grace\n      /dev/sda2  9500000* 10000000 12000000  6days   1 0 0\n',
      1,
    );
    const q = await readDiskUse(user, { env: { HOME: home, DS01_QUOTA: over } });
    assert.deepEqual([q.source, q.where, q.percent], ['quota', '/dev/sda2', 95]);
    const none = await readDiskUse(user, { env: { HOME: home, DS01_QUOTA: tool('none', 'Disk quotas for user x (uid 1): none\n') } });
    assert.deepEqual([none.source, none.quota], ['home-size', 'no quota is set for you']);
  });

  it('a quota tool that hangs is given up after its time limit; the home size still comes', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'ds01-quota-'));
    const hang = join(bin, 'hang');
    writeFileSync(hang, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(hang, 0o755);
    const started = Date.now();
    const u = await readDiskUse(user, { env: { HOME: home, DS01_QUOTA: hang }, timeoutMs: 500 });
    assert.equal(u.quota, 'quota -u took longer than 0.5 s');
    assert.equal(u.source, 'home-size');
    assert.ok(u.usedBytes! > 0);
    assert.ok(Date.now() - started < 5000, 'not waited out');
  });
});
