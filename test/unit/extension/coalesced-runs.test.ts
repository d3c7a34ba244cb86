import { strict as assert } from 'node:assert';
import { CoalescedRuns } from '../../../src/extension/coalesced-runs';

describe('extension/coalesced-runs', () => {
  it('requests while a run goes on share it and cause exactly one more run; later requests run again', async () => {
    let runs = 0;
    let active = 0;
    let most = 0;
    const job = new CoalescedRuns(async () => {
      runs += 1;
      active += 1;
      most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, 20));
      active -= 1;
    });
    const first = job.request();
    const others = [job.request(), job.request(), job.request()];
    assert.ok(
      others.every((p) => p === first),
      'one promise for all',
    );
    await Promise.all([first, ...others]);
    assert.deepEqual([runs, most], [2, 1], 'the run plus one more, never two at a time');
    await job.request();
    assert.equal(runs, 3);
  });

  it('a failing run ends the shared promise with its error and leaves the next request free to run', async () => {
    let runs = 0;
    const job = new CoalescedRuns(async () => {
      runs += 1;
      if (runs === 1) throw new Error('boom');
    });
    await assert.rejects(job.request(), /boom/);
    await job.request();
    assert.equal(runs, 2);
  });
});
