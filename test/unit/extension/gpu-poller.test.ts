// The poller decides when nvidia-smi runs; real timers, short intervals.
import * as assert from 'node:assert/strict';
import { GpuPoller } from '../../../src/extension/gpu-poller';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GpuPoller', () => {
  let poller: GpuPoller | undefined;
  afterEach(() => poller?.dispose());

  it('reads only while visible and focused', async () => {
    let reads = 0;
    poller = new GpuPoller({
      intervalMs: 20,
      read: async () => {
        reads += 1;
      },
    });
    poller.update({ visible: true, focused: false });
    await sleep(80);
    assert.equal(reads, 0, 'unfocused');
    poller.update({ visible: false, focused: true });
    await sleep(80);
    assert.equal(reads, 0, 'not visible');
    poller.update({ visible: true, focused: true });
    await sleep(110);
    assert.ok(reads >= 2 && reads <= 7, `${reads} reads in 110 ms at 20 ms`);
    poller.update({ focused: false });
    const stopped = reads;
    await sleep(80);
    assert.equal(reads, stopped, 'stops when focus goes');
  });

  it('never runs two reads at once, however slow a read is', async () => {
    let running = 0;
    let most = 0;
    let reads = 0;
    poller = new GpuPoller({
      intervalMs: 5,
      read: async () => {
        reads += 1;
        running += 1;
        most = Math.max(most, running);
        await sleep(30);
        running -= 1;
      },
    });
    poller.update({ visible: true, focused: true });
    // What the extension does to a poller while a read runs: focus and visibility come again, the interval changes.
    for (let i = 0; i < 12; i++) {
      await sleep(7);
      poller.update({ visible: true, focused: true });
      poller.setInterval(5);
    }
    await sleep(20);
    assert.ok(reads >= 2, `${reads} reads: the poller did not run`);
    assert.equal(most, 1);
  });

  it('keeps the interval after a focus change instead of reading at once again', async () => {
    let reads = 0;
    poller = new GpuPoller({
      intervalMs: 200,
      read: async () => {
        reads += 1;
      },
    });
    poller.update({ visible: true, focused: true });
    await sleep(30);
    assert.equal(reads, 1);
    poller.update({ focused: false });
    poller.update({ focused: true });
    await sleep(30);
    assert.equal(reads, 1, 'a focus flap must not cost a run');
  });
});
