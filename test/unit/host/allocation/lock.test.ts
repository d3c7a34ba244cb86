import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { lockFilePath, withHostLock } from '../../../../src/host/allocation/lock';
import { isProblemError } from '../../../../src/core/problem';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('host/allocation/lock (real flock processes)', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = join(mkdtempSync(join(tmpdir(), 'ds01-lock-')), 'state');
  });

  it('serialises holders: critical sections never overlap', async () => {
    const events: string[] = [];
    const section = (name: string) =>
      withHostLock(stateDir, async () => {
        events.push(`${name}+`);
        await sleep(150);
        events.push(`${name}-`);
      });
    await Promise.all([section('a'), section('b'), section('c')]);
    for (let i = 0; i < events.length; i += 2) {
      assert.equal(events[i].slice(0, -1), events[i + 1].slice(0, -1), `interleaved: ${events.join(' ')}`);
    }
  });

  it('root makes the lock file lockable by every user (0644: flock needs only a read-only descriptor) in a folder only root may add to', async () => {
    await withHostLock(stateDir, async () => undefined);
    const file = lockFilePath(stateDir);
    assert.equal(statSync(file).mode & 0o777, 0o644);
    assert.equal(statSync(join(stateDir, 'locks')).mode & 0o7777, 0o755);
  });

  it('times out with a clear refusal while another process holds the lock', async () => {
    await withHostLock(stateDir, async () => undefined);
    const holder = spawn('flock', ['-x', '-o', lockFilePath(stateDir), 'sleep', '30']);
    try {
      await sleep(200);
      await assert.rejects(
        withHostLock(stateDir, async () => 'never', { timeoutMs: 1000 }),
        (e: unknown) => {
          assert.ok(isProblemError(e));
          assert.equal(e.problem.kind, 'lock-timeout');
          assert.match(e.problem.message, /held the host GPU lock/);
          return true;
        },
      );
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('a waiter is told which live process holds it (our own holder stays alive while it holds)', async () => {
    const waits: string[] = [];
    let release!: () => void;
    const first = withHostLock(
      stateDir,
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
      { hostAllocatorLock: null },
    );
    await sleep(300);
    const second = withHostLock(stateDir, async () => 'second', {
      hostAllocatorLock: null,
      onWait: (m) => {
        waits.push(m);
      },
    });
    await sleep(500);
    release();
    await first;
    assert.equal(await second, 'second');
    const me = userInfo().username;
    assert.match(waits[0] ?? '', new RegExp(`Waiting for the host GPU lock, held by pid \\d+ \\(${me}, flock\\)`));
  });

  it('a killed holder releases the lock at once', async () => {
    await withHostLock(stateDir, async () => undefined);
    const holder = spawn('flock', ['-x', '-o', lockFilePath(stateDir), 'sleep', '30'], { detached: false });
    await sleep(200);
    holder.kill('SIGKILL');
    await sleep(100);
    assert.equal(await withHostLock(stateDir, async () => 'got it', { timeoutMs: 2000 }), 'got it');
  });
});
