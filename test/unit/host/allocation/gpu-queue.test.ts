import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chownSync, chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queueEntryFileName } from '../../../../src/core/allocation/gpu-queue';
import { isProblemError } from '../../../../src/core/problem';
import { existingQueueDir, joinQueue, prepareQueueDir, queueDirPath, readQueue } from '../../../../src/host/allocation/gpu-queue';

const NOBODY = 65534;
// `until` is fixed when the file loads, and a full unit run reaches these tests more than a minute later.
const request = { user: 'alice', uid: 1000, gpus: 1, name: 'x', createdBy: 'cli' as const, until: Date.now() + 3_600_000 };

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isProblemError(e)) return e.problem.message;
    throw e;
  }
  assert.fail('expected a refusal');
}

describe('host/allocation/gpu-queue (real files)', () => {
  let state: string;
  beforeEach(() => {
    state = mkdtempSync(join(tmpdir(), 'ds01-queue-'));
  });
  afterEach(() => rmSync(state, { recursive: true, force: true }));

  it('creates the directory 1777 whatever the umask, and no directory means nobody waits', () => {
    assert.equal(existingQueueDir(state), null);
    const old = process.umask(0o077);
    try {
      prepareQueueDir(state);
    } finally {
      process.umask(old);
    }
    assert.equal(statSync(queueDirPath(state)).mode & 0o7777, 0o1777);
  });

  it('refuses a symlink, a directory owned by another user, and one without the sticky bit', function () {
    if (process.getuid?.() !== 0) this.skip();
    const dir = queueDirPath(state);
    mkdirSync(join(state, 'elsewhere'));
    symlinkSync(join(state, 'elsewhere'), dir);
    assert.match(
      refusal(() => prepareQueueDir(state)),
      /the GPU queue\) is a symbolic link, not a folder/,
    );
    rmSync(dir);
    mkdirSync(dir, { mode: 0o1777 });
    chownSync(dir, NOBODY, NOBODY);
    assert.match(
      refusal(() => existingQueueDir(state)),
      /is owned by (nobody|uid 65534), not root/,
    );
    // The state dir's owner is trusted (they control everything under it), but the sticky bit is still needed.
    chownSync(state, NOBODY, NOBODY);
    chmodSync(dir, 0o777);
    assert.match(
      refusal(() => existingQueueDir(state)),
      /has mode 0777, not 1777/,
    );
    chmodSync(dir, 0o1777);
    assert.equal(existingQueueDir(state), dir);
  });

  it('writes each entry once, 0644, readable back; leaving removes it; stale entries are dropped by root', () => {
    const dir = prepareQueueDir(state);
    const ticket = joinQueue(dir, request);
    const st = lstatSync(ticket.path);
    assert.equal(st.mode & 0o777, 0o644);
    const r1 = readQueue(dir);
    assert.deepEqual(
      r1.queue.map((q) => q.id),
      [ticket.id],
    );
    assert.equal(r1.queue[0].pid, process.pid);
    assert.equal(lstatSync(ticket.path).ctimeMs, st.ctimeMs, 'reading does not move the entry');

    const dead = spawnSync('true');
    const stale = join(dir, queueEntryFileName(process.getuid!(), dead.pid!, '0000abcd'));
    writeFileSync(stale, JSON.stringify({ v: 1, ...request, pid: dead.pid, pidStart: '1' }));
    const r2 = readQueue(dir);
    assert.deepEqual(
      r2.queue.map((q) => q.id),
      [ticket.id],
    );
    assert.deepEqual(r2.removed, [stale.split('/').pop()], `dead pid ${dead.pid}: ${JSON.stringify(r2.ignored)}`);
    ticket.leave();
    ticket.leave();
    assert.deepEqual(readdirSync(dir), []);
  });
});
