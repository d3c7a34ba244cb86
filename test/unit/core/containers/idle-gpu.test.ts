import { strict as assert } from 'node:assert';
import { idleGpuNote, IdleGpuWatch } from '../../../../src/core/containers/idle-gpu';

describe('core/containers/idle-gpu', () => {
  it('starts the clock at the first idle reading; a process or an unread inventory does what it should', () => {
    const w = new IdleGpuWatch();
    w.observe(0, [
      { id: 'a', holdsGpu: true, gpuProcesses: 0 },
      { id: 'b', holdsGpu: true, gpuProcesses: 2 },
      { id: 'c', holdsGpu: false, gpuProcesses: 0 },
    ]);
    w.observe(60_000, [
      { id: 'a', holdsGpu: true, gpuProcesses: null },
      { id: 'b', holdsGpu: true, gpuProcesses: 0 },
      { id: 'c', holdsGpu: false, gpuProcesses: 0 },
    ]);
    assert.equal(w.idleMs('a', 120_000), 120_000, 'an unread inventory does not stop the clock');
    assert.equal(w.idleMs('b', 120_000), 60_000);
    assert.equal(w.idleMs('c', 120_000), null, 'no GPU, never idle');
    w.observe(130_000, [{ id: 'a', holdsGpu: true, gpuProcesses: 1 }]);
    assert.equal(w.idleMs('a', 140_000), null);
    assert.equal(w.idleMs('b', 140_000), null, 'gone from the list, forgotten');
  });

  it('badges only past the threshold and says what it costs others', () => {
    assert.equal(idleGpuNote(29 * 60_000, 30, ['2']), null);
    assert.equal(idleGpuNote(null, 30, ['2']), null);
    const note = idleGpuNote(45 * 60_000, 30, ['2'])!;
    assert.equal(note.badge, 'idle GPU');
    assert.match(note.tooltip, /holds GPU 2 with no process on it for 45 min\. Others may be waiting/);
  });
});
