import { strict as assert } from 'node:assert';
import { buildLimitReport } from '../../../../src/core/check-limits/report';
import { factRows, limitRows } from '../../../../src/core/check-limits/rows';
import { fullGpus, limitSet, usage } from '../../helpers/records';

describe('core/check-limits/rows', () => {
  it('gives one row per check-limits number, with levels on the limited ones', () => {
    const r = buildLimitReport({
      limits: limitSet(),
      usage: usage({ slots: 2, equivalents: 2, containers: 2, running: 1, slotIds: ['0', '1'] }),
      slots: fullGpus(4),
      freeSlots: 2,
    });
    const rows = Object.fromEntries(limitRows(r, { usageKnown: true, slotIds: ['0', '1'] }).map((row) => [row.key, row]));
    assert.deepEqual(Object.keys(rows), ['group', 'gpus', 'quota', 'per-container', 'containers', 'idle', 'runtime', 'hold', 'host']);
    assert.equal(rows.gpus.value, '2/2: GPU 0, GPU 1');
    assert.equal(rows.gpus.level, 'error');
    assert.equal(rows.containers.value, '2/3 (1 running; stopped count)');
    assert.equal(rows.containers.level, 'ok');
    assert.equal(rows.quota.value, '2 of 2 GPU-eq used, 0 left');
    assert.equal(rows.host.value, '2 of 4');
    assert.equal(rows.hold.label, 'After stop');
    assert.equal(rows.hold.value, 'removed after 15m with a GPU, 30m without');
    assert.equal(rows.idle.value, '30m, then 3 idle hourly checks in a row');
  });

  it('marks usage unknown rather than zero without the engine, and says exempt', () => {
    const r = buildLimitReport({ limits: limitSet({ exempt: true, exemptReason: 'grant-file' }), usage: usage(), slots: null, freeSlots: null });
    const rows = Object.fromEntries(limitRows(r, { usageKnown: false, slotIds: [] }).map((row) => [row.key, row]));
    assert.equal(rows.gpus.value, '?/2 (engine unreachable)');
    assert.equal(rows.gpus.level, 'unknown');
    assert.equal(rows.containers.value, '?/3');
    assert.equal(rows.host.value, 'unknown');
    assert.match(rows.group.value, /exempt/);
  });

  it('factRows: one line per fact, the GPU quota only where it says more than the count', () => {
    const whole = buildLimitReport({
      limits: limitSet(),
      usage: usage({ slots: 2, equivalents: 2, containers: 2, running: 1, slotIds: ['0', '1'] }),
      slots: fullGpus(4),
      freeSlots: 2,
    });
    const rows = factRows(whole, { usageKnown: true, slotIds: ['0', '1'] });
    assert.ok(!rows.some((r) => r.key === 'quota'), 'no second line for the same fact');
    assert.equal(rows.find((r) => r.key === 'gpus')?.value, '2/2: GPU 0, GPU 1');
    const mig = buildLimitReport({
      limits: limitSet(),
      usage: usage({ slots: 1, equivalents: 0.29, containers: 1, running: 1, slotIds: ['0.1'] }),
      slots: fullGpus(4),
      freeSlots: 2,
    });
    assert.equal(factRows(mig, { usageKnown: true, slotIds: ['0.1'] }).find((r) => r.key === 'gpus')?.value, '1/2: GPU 0.1 · 0.29 of 2 GPU-eq used');
  });
});
