// The host lock against a hostile second user (issue 15 points 1-2, issue 10 point 2): a real account made with
// useradd plants links and files in the shared locks folder or holds the locks with Python's fcntl.flock, as DS01's
// own allocator does; root (deploying for everyone) must neither follow nor wait in silence.
import { strict as assert } from 'node:assert';
import { type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProblemError, type Problem } from '../../../../src/core/problem';
import { lockFilePath, withHostLock } from '../../../../src/host/allocation/lock';
import { createAccount, holdFlockAs, removeAccount, runAs, skipUnlessRoot, uniqueName, type Account } from '../../helpers/accounts';

async function refusal(p: Promise<unknown>): Promise<Problem> {
  try {
    await p;
  } catch (e) {
    if (isProblemError(e)) return e.problem;
    throw e;
  }
  assert.fail('expected a refusal');
}

const text = (p: Problem) => `${p.message} ${p.fix ?? ''}`;

describe('host/allocation/lock against a hostile user (real accounts, real files, real flock)', function () {
  this.timeout(20_000);
  let bob: Account;
  let root: string;
  let stateDir: string;
  let locks: string;
  let protectedSymlinks: string | null = null;
  const holders: ChildProcess[] = [];

  before(function () {
    skipUnlessRoot(this, 'to create a second account (useradd)');
    bob = createAccount(uniqueName('h15lk'));
    // The attack needs link following that fs.protected_symlinks would stop: turn it off, as on hosts without it.
    try {
      protectedSymlinks = readFileSync('/proc/sys/fs/protected_symlinks', 'utf8').trim();
      writeFileSync('/proc/sys/fs/protected_symlinks', '0');
    } catch {
      protectedSymlinks = null;
    }
  });
  after(() => {
    if (bob) removeAccount(bob);
    if (protectedSymlinks !== null) {
      try {
        writeFileSync('/proc/sys/fs/protected_symlinks', protectedSymlinks);
      } catch {
        // Read-only /proc/sys: it was never changed.
      }
    }
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ds01-hostile-'));
    chmodSync(root, 0o755);
    stateDir = join(root, 'state');
    locks = join(stateDir, 'locks');
    // As an administrator sets it up: the folder every user may add to (the error message asks for 1777).
    mkdirSync(locks, { recursive: true });
    chmodSync(stateDir, 0o755);
    chmodSync(locks, 0o1777);
  });
  afterEach(() => {
    for (const h of holders.splice(0)) h.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('a symlink planted as the lock file never makes root chmod or create its target', async () => {
    const secret = join(root, 'root-only');
    writeFileSync(secret, 'secret\n', { mode: 0o600 });
    runAs(bob, 'ln', ['-s', secret, lockFilePath(stateDir)]);
    const p = await refusal(withHostLock(stateDir, async () => 'never', { hostAllocatorLock: null }));
    assert.equal(p.kind, 'unsafe-file');
    assert.match(p.message, /symbolic link/);
    assert.equal(statSync(secret).mode & 0o7777, 0o600, 'target mode changed');

    // A dangling link: following it would create a root-owned file wherever bob points.
    rmSync(lockFilePath(stateDir));
    const planted = join(root, 'made-by-root');
    runAs(bob, 'ln', ['-s', planted, lockFilePath(stateDir)]);
    await refusal(withHostLock(stateDir, async () => 'never', { hostAllocatorLock: null }));
    assert.equal(existsSync(planted), false, 'root created the link target');
  });

  it('a hard link or a FIFO as the lock file is refused by name', async () => {
    const own = join(locks, 'bobs-file');
    runAs(bob, 'touch', [own]);
    runAs(bob, 'ln', [own, lockFilePath(stateDir)]);
    const p = await refusal(withHostLock(stateDir, async () => 'never', { hostAllocatorLock: null }));
    assert.match(p.message, /hard links|owned by/);
    rmSync(lockFilePath(stateDir));
    runAs(bob, 'mkfifo', [lockFilePath(stateDir)]);
    const q = await refusal(withHostLock(stateDir, async () => 'never', { hostAllocatorLock: null, timeoutMs: 2000 }));
    assert.match(q.message, /FIFO, not a regular file/);
  });

  it('a lock file squatted by another user is named with its owner, and no advice leads out of the shared lock', async () => {
    runAs(bob, 'sh', ['-c', `umask 022; : > ${lockFilePath(stateDir)}`]);
    const p = await refusal(withHostLock(stateDir, async () => 'never', { hostAllocatorLock: null }));
    assert.equal(p.kind, 'unsafe-file');
    assert.match(p.message, new RegExp(`locks/gpu-allocation\\.lock \\(the host GPU lock\\) is owned by ${bob.name}, not root`));
    assert.match(p.fix ?? '', /administrator to run: sudo rm .*gpu-allocation\.lock && sudo env DS01_STATE_DIR=.* ds01 admin setup-host/);
    assert.doesNotMatch(p.fix ?? '', /next deploy/);
    // The only state folder named is this one: no advice to go elsewhere.
    assert.deepEqual(
      [...text(p).matchAll(/DS01_STATE_DIR=(\S+)/g)].map((m) => m[1]),
      [stateDir],
    );
    assert.doesNotMatch(text(p), /mode 1777/);
  });

  it('a locks folder made a symlink by another user is refused, not followed', async () => {
    rmSync(locks, { recursive: true });
    chmodSync(stateDir, 0o1777);
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    runAs(bob, 'ln', ['-s', elsewhere, locks]);
    const p = await refusal(withHostLock(stateDir, async () => 'never', { hostAllocatorLock: null }));
    assert.match(p.message, /symbolic link, not a folder/);
    assert.equal(statSync(elsewhere).mode & 0o7777, 0o700);
    assert.equal(existsSync(join(elsewhere, 'gpu-allocation.lock')), false);
  });

  it('a locks folder made by another user (in a world-writable state dir) is named with its owner', async () => {
    rmSync(locks, { recursive: true });
    chmodSync(stateDir, 0o1777);
    runAs(bob, 'mkdir', ['-m', '1777', locks]);
    const p = await refusal(withHostLock(stateDir, async () => 'never', { hostAllocatorLock: null }));
    assert.match(p.message, new RegExp(`locks \\(the lock folder\\) is owned by ${bob.name}, not root`));
    assert.match(p.fix ?? '', /sudo rm -r /);
  });

  it('the lock root made is root-owned 0644: another user can still hold it (read-only flock), and the waiter says who', async () => {
    await withHostLock(stateDir, async () => undefined, { hostAllocatorLock: null });
    const file = lockFilePath(stateDir);
    assert.equal(statSync(file).uid, 0);
    assert.equal(statSync(file).mode & 0o777, 0o644);
    holders.push(await holdFlockAs(bob, file));
    const waits: string[] = [];
    const p = await refusal(
      withHostLock(stateDir, async () => 'never', {
        hostAllocatorLock: null,
        timeoutMs: 1000,
        onWait: (m) => {
          waits.push(m);
        },
      }),
    );
    assert.equal(waits.length, 1);
    assert.match(waits[0], new RegExp(`Waiting for the host GPU lock, held by pid \\d+ \\(${bob.name}, python3\\)`));
    assert.equal(p.kind, 'lock-timeout');
    assert.match(p.message, new RegExp(`held the host GPU lock .* for over 1 s \\(pid \\d+ \\(${bob.name}`));
    assert.match(p.fix ?? '', new RegExp(`ask ${bob.name} or an administrator`));
    assert.doesNotMatch(text(p), /DS01_STATE_DIR/);
  });

  describe("DS01's own allocator lock (issue 10 point 2)", () => {
    let hostLock: string;
    beforeEach(() => {
      hostLock = join(root, 'gpu-allocator.lock');
      writeFileSync(hostLock, '', { mode: 0o644 });
    });

    it('is taken too: a user holding it through Python flock makes our deploy wait, say so, then proceed', async () => {
      const holder = await holdFlockAs(bob, hostLock);
      holders.push(holder);
      const waits: string[] = [];
      const started = Date.now();
      setTimeout(() => holder.kill('SIGKILL'), 800);
      const got = await withHostLock(stateDir, async () => 'inside', {
        hostAllocatorLock: hostLock,
        timeoutMs: 5000,
        onWait: (m) => {
          waits.push(m);
        },
      });
      assert.equal(got, 'inside');
      assert.ok(Date.now() - started >= 700, 'did not wait for the host allocator lock');
      assert.equal(waits.length, 1);
      assert.match(waits[0], new RegExp(`Waiting for DS01's allocator lock ${hostLock}, held by pid \\d+ \\(${bob.name}, python3\\)`));
    });

    it('times out with who holds it and who to ask', async () => {
      holders.push(await holdFlockAs(bob, hostLock));
      const p = await refusal(withHostLock(stateDir, async () => 'never', { hostAllocatorLock: hostLock, timeoutMs: 1000 }));
      assert.equal(p.kind, 'lock-timeout');
      assert.match(p.message, new RegExp(`DS01's GPU allocator lock ${hostLock} was held for over 1 s by pid \\d+ \\(${bob.name}`));
      assert.match(p.fix ?? '', /ask an administrator/);
    });

    it('while we hold it, the host allocator (Python flock) waits for us', async () => {
      let pythonGot = 0;
      await withHostLock(
        stateDir,
        async () => {
          const holder = holdFlockAs(bob, hostLock).then((h) => {
            pythonGot = Date.now();
            holders.push(h);
          });
          await new Promise((r) => setTimeout(r, 600));
          assert.equal(pythonGot, 0, 'the host allocator got its lock while we held it');
          void holder;
        },
        { hostAllocatorLock: hostLock },
      );
      const deadline = Date.now() + 3000;
      while (pythonGot === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(pythonGot > 0, 'the host allocator never got its lock after we released it');
    });

    it('when it does not exist, ours alone is taken (and it is not created)', async () => {
      rmSync(hostLock);
      assert.equal(await withHostLock(stateDir, async () => 'ours', { hostAllocatorLock: hostLock }), 'ours');
      assert.equal(existsSync(hostLock), false);
    });

    it('follows DS01_HOST_ALLOCATOR_LOCK when no path is passed', async () => {
      holders.push(await holdFlockAs(bob, hostLock));
      process.env.DS01_HOST_ALLOCATOR_LOCK = hostLock;
      try {
        const p = await refusal(withHostLock(stateDir, async () => 'never', { timeoutMs: 1000 }));
        assert.match(p.message, /allocator lock/);
      } finally {
        delete process.env.DS01_HOST_ALLOCATOR_LOCK;
      }
    });
  });
});
