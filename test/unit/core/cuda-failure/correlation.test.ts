import { strict as assert } from 'node:assert';
import { BlockedStartCorrelator, sameBurst, sameProcess, type TextFailure } from '../../../../src/core/cuda-failure/correlation';

const MIN = 60_000;

describe('core/cuda-failure/correlation', () => {
  it('links an event to the terminal whose shell is its parent, however far apart in time', () => {
    const c = new BlockedStartCorrelator<TextFailure>();
    assert.equal(c.text({ kind: 'other-cuda', at: 0, pids: [4100], cwd: '/home/a/p' }), 'other-cuda');
    const linked = c.start({ pid: 4321, ppid: 4100, at: 5 * MIN, cwd: '/elsewhere' });
    assert.deepEqual(
      linked.map((t) => t.kind),
      ['other-cuda'],
    );
    assert.deepEqual(c.start({ pid: 4322, ppid: 4100, at: 5 * MIN + 1 }), [], 'handed out once');
  });

  it('links by the event pid itself (a debuggee) and by the same burst in the same folder', () => {
    assert.equal(sameProcess({ pids: [77] }, { pid: 77, ppid: 1, at: 0 }), true);
    assert.equal(sameProcess({ pids: [77] }, { pid: 78, ppid: 1, at: 0 }), false);
    assert.equal(sameProcess({}, { pid: 78, ppid: 1, at: 0 }), false);
    assert.equal(sameBurst({ at: 1000, cwd: '/w' }, { pid: 1, ppid: 0, at: 9000, cwd: '/w' }), true);
    assert.equal(sameBurst({ at: 1000, cwd: '/w' }, { pid: 1, ppid: 0, at: 9000, cwd: '/other' }), false, 'another folder is another run');
    assert.equal(sameBurst({ at: 1000 }, { pid: 1, ppid: 0, at: 9000, cwd: '/w' }), true, 'a notebook with no folder');
    assert.equal(sameBurst({ at: 0, cwd: '/w' }, { pid: 1, ppid: 0, at: 60_000, cwd: '/w' }), false, 'outside the window');
  });

  it('re-classifies a text failure that arrives after its event', () => {
    const c = new BlockedStartCorrelator<TextFailure>();
    assert.deepEqual(c.start({ pid: 9, ppid: 5, at: 1000, cwd: '/w' }), []);
    assert.equal(c.text({ kind: 'cpu-fallback', at: 2000, pids: [5] }), 'blocked-host');
    assert.equal(c.text({ kind: 'out-of-memory', at: 3000, cwd: '/w' }), 'blocked-host', 'same burst, same folder');
    assert.equal(c.text({ kind: 'out-of-memory', at: 10 * MIN, pids: [6], cwd: '/w' }), 'out-of-memory', 'neither the process nor the burst');
  });

  it('keeps unrelated text failures as they are and does not hold them once linked', () => {
    const c = new BlockedStartCorrelator<TextFailure & { id: string }>();
    c.text({ id: 'a', kind: 'other-cuda', at: 0, pids: [10], cwd: '/a' });
    c.text({ id: 'b', kind: 'other-cuda', at: 0, pids: [20], cwd: '/b' });
    assert.deepEqual(
      c.start({ pid: 21, ppid: 20, at: 20 * MIN, cwd: '/b' }).map((t) => t.id),
      ['b'],
    );
    assert.deepEqual(
      c.start({ pid: 11, ppid: 10, at: 40 * MIN }).map((t) => t.id),
      [],
      'forgotten after 30 minutes',
    );
  });

  it('does not remember text failures already blocked-host', () => {
    const c = new BlockedStartCorrelator<TextFailure>();
    assert.equal(c.text({ kind: 'blocked-host', at: 0, pids: [3] }), 'blocked-host');
    assert.deepEqual(c.start({ pid: 4, ppid: 3, at: 1 }), []);
  });
});
