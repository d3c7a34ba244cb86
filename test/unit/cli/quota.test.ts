// `ds01 quota` as a real process: the home's size when there are no quota tools, --json with null-free figures
// it did read, and the 90% warning from a quota tool's recorded table.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quotaJson } from '../../../src/core/cli-contracts/quota';

const CLI = join(__dirname, '../../../dist/cli.js');

describe('ds01 quota', () => {
  const home = mkdtempSync(join(tmpdir(), 'ds01-home-'));
  writeFileSync(join(home, 'x'), Buffer.alloc(1024 * 1024));
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [CLI, 'quota', ...args], { env: { ...process.env, HOME: home, NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 20_000 });

  it('no quota tools: the home folder against 100 GiB, saying why', () => {
    const r = run([], { DS01_QUOTA: '/nonexistent/quota' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Home \S+: 1(\.\d)? MiB of 100 GiB \(0%\)\n {2}no disk quota on this host.*\(the quota tools are not installed\)\n$/);
    const j = quotaJson.parse(JSON.parse(run(['--json'], { DS01_QUOTA: '/nonexistent/quota' }).stdout));
    assert.equal(j.source, 'home-size');
    assert.equal(j.limitBytes, 107374182400);
    assert.equal(j.warning, null);
  });

  it('a quota table at 95%: the warning and what to do', () => {
    const bin = mkdtempSync(join(tmpdir(), 'ds01-quota-'));
    const tool = join(bin, 'quota');
    writeFileSync(
      tool,
      `#!/bin/sh\ncat <<'EOF'\nDisk quotas for user x (uid 1):\n     Filesystem  blocks   quota   limit   grace   files   quota   limit   grace\n      /dev/sda2  9500000* 10000000 12000000  6days   1 0 0\nEOF\nexit 1\n`,
    );
    chmodSync(tool, 0o755);
    const r = run([], { DS01_QUOTA: tool });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Disk quota on \/dev\/sda2: 9\.1 GiB of 9\.5 GiB \(95%\)\n/);
    assert.match(r.stdout, /Warning: disk use at 95% of your limit: writes will fail when it is full\. Find what is large with: du -sh/);
  });
});
