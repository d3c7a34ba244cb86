// Waiting for a lock another user holds (issue 15 point 2, issue 10 point 2), through the real CLI: a real second
// account holds the host lock or DS01's allocator lock with Python's fcntl.flock on a read-only descriptor, as
// gpu_allocator_v2.py does. The progress must say what the deploy waits for and who holds it, then go on.
import { strict as assert } from 'node:assert';
import { type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockFilePath, withHostLock } from '../../../src/host/allocation/lock';
import { createAccount, holdFlockAs, removeAccount, skipUnlessRoot, uniqueName as accountName, type Account } from '../../unit/helpers/accounts';
import { docker, ensureHost, host, QUICK, removeAll, startCli, uniqueName } from './host';

describe('engine/deploy: a lock held by another user is named while the deploy waits (real account, Python flock)', function () {
  this.timeout(60000);
  let bob: Account;
  const holders: ChildProcess[] = [];
  before(async function () {
    skipUnlessRoot(this, 'to create a second account (useradd)');
    await ensureHost();
    bob = createAccount(accountName('h15lw'));
  });
  after(() => {
    if (bob) removeAccount(bob);
  });
  afterEach(async () => {
    for (const h of holders.splice(0)) h.kill('SIGKILL');
    await removeAll();
  });

  async function waitsThenDeploys(env: NodeJS.ProcessEnv, lockFile: string, waiting: RegExp): Promise<void> {
    const holder = await holdFlockAs(bob, lockFile);
    holders.push(holder);
    const run = startCli(['container', 'deploy', uniqueName('lockwait'), '--user', 'bin', '--workspace', host.workspace, '--image', QUICK, '--gpus', '0'], {
      env,
    });
    await run.waitFor(waiting);
    holder.kill('SIGKILL');
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Deployed/);
  }

  it('our host lock: "[3/7] Checking limits: Waiting for the host GPU lock, held by pid N (bob, python3)"', async () => {
    await withHostLock(host.state, async () => undefined, { hostAllocatorLock: null });
    await waitsThenDeploys(
      {},
      lockFilePath(host.state),
      new RegExp(`\\[3/7\\] Checking limits: Waiting for the host GPU lock, held by pid \\d+ \\(${bob.name}, python3\\)`),
    );
  });

  it('Ctrl-C while waiting for the lock stops at once (exit 130) and makes nothing', async () => {
    await withHostLock(host.state, async () => undefined, { hostAllocatorLock: null });
    holders.push(await holdFlockAs(bob, lockFilePath(host.state)));
    const run = startCli(['container', 'deploy', uniqueName('lockint'), '--user', 'bin', '--workspace', host.workspace, '--image', QUICK, '--gpus', '0']);
    await run.waitFor(/Waiting for the host GPU lock/);
    const sent = Date.now();
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 130, r.stderr);
    assert.ok(Date.now() - sent < 5000, 'kept waiting for the lock after Ctrl-C');
    assert.match(r.stderr, /Interrupted while waiting for the host GPU lock: no container was created/);
    assert.equal((await docker.listContainers({ all: true })).length, 0);
  });

  it("DS01's allocator lock (DS01_HOST_ALLOCATOR_LOCK): waits for it and names it and its holder", async () => {
    const hostLock = join(host.dir, 'gpu-allocator.lock');
    writeFileSync(hostLock, '', { mode: 0o644 });
    await waitsThenDeploys(
      { DS01_HOST_ALLOCATOR_LOCK: hostLock },
      hostLock,
      new RegExp(`Waiting for DS01's allocator lock ${hostLock}, held by pid \\d+ \\(${bob.name}, python3\\)`),
    );
  });
});
