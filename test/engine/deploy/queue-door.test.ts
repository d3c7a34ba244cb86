// The GPU queue's fairness is deployContainer's own: a caller that calls nothing else (no front end's check
// first) cannot take a GPU an earlier waiter of another user is owed. The waiter is a real `ds01 container
// deploy --wait` process with its real queue entry in this run's state dir.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { queueDirPath } from '../../../src/host/allocation/gpu-queue';
import { deployContainer, loadContainerContext } from '../../../src/host/containers';
import { isProblemError } from '../../../src/core/problem';
import { cliEnv, docker, ensureHost, fillGpus, host, QUICK, removeAll, startCli } from './host';

describe('engine/deploy: deployContainer applies the GPU queue itself', function () {
  this.timeout(120000);
  before(ensureHost);
  afterEach(removeAll);

  it('a caller of deployContainer alone is refused the GPU a queued waiter is owed; the waiter gets it', async () => {
    const held = await fillGpus();
    const waiter = startCli(
      ['container', 'deploy', 'w-owed', '--user', 'news', '--gpus', '1', '--image', QUICK, '--workspace', host.workspace, '--json', '--wait'],
      { env: { DS01_WAIT_RECHECK_MS: '3000', DS01_WAIT_GRACE_MS: '60000' } },
    );
    await waiter.waitFor(/number 1 in the queue/);
    // Frozen, the waiter cannot take the GPU that comes free: only the queue's rule stands between it and the caller.
    waiter.child.kill('SIGSTOP');
    try {
      await docker.getContainer(held.get('bin')!).remove({ force: true });
      const ctx = await loadContainerContext({ env: cliEnv(), user: 'uucp', createdBy: 'cli', needInventory: true, action: 'deploy for' });
      const jumped = await deployContainer(ctx, { name: 'jumper', gpus: 1, image: QUICK, workspace: host.workspace }).then(
        (r) => `deployed ${r.hostName}`,
        (e: unknown) => {
          if (isProblemError(e)) return e.problem;
          throw e;
        },
      );
      if (typeof jumped === 'string') assert.fail(`the caller jumped the queue: ${jumped}`);
      assert.equal(jumped.kind, 'no-capacity');
      assert.match(jumped.message, /1 request already waits for GPUs \(1 of 4 slots free\), first come, first served/);
      const names = (await docker.listContainers({ all: true })).map((c) => c.Names[0]);
      assert.ok(!names.some((n) => n.includes('jumper')), `nothing of the refused deploy: ${names.join(', ')}`);
      // CPU-only takes no GPU: the queue does not stand in its way.
      const cpu = await deployContainer(ctx, { name: 'cpu-only', gpus: 0, image: QUICK, workspace: host.workspace });
      assert.equal(cpu.slots.length, 0);
    } finally {
      waiter.child.kill('SIGCONT');
    }
    const served = await waiter.done;
    assert.equal(served.code, 0, served.stdout + served.stderr);
    assert.equal(served.json.slots.length, 1);
    assert.deepEqual(readdirSync(queueDirPath(host.state)), [], 'the waiter left the queue');
  });
});
