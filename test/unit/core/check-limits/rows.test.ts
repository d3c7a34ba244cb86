import { strict as assert } from 'node:assert';
import { buildLimitReport } from '../../../../src/core/check-limits/report';
import { limitRows } from '../../../../src/core/check-limits/rows';
import { fullGpus, limitSet, usage } from '../../helpers/records';

describe('core/check-limits/rows', () => {
  it('gives one row per check-limits number, with levels on the limited ones', () => {
    const r = buildLimitReport({ limits: limitSet(), usage: usage({ slots: 2, equivalents: 2, containers: 2, running: 1, slotIds: ['0', '1'] }), slots: fullGpus(4), freeSlots: 2 });
    const rows = Object.fromEntries(limitRows(r, { usageKnown: true, slotIds: ['0', '1'] }).map((row) => [row.key, row]));
    assert.deepEqual(Object.keys(rows), ['group', 'gpus', 'quota', 'per-container', 'containers', 'idle', 'runtime', 'hold', 'host']);
    assert.equal(rows.gpus.value, '2/2 (0, 1)');
    assert.equal(rows.gpus.level, 'error');
    assert.equal(rows.containers.value, '2/3 (1 running; stopped count)');
    assert.equal(rows.containers.level, 'ok');
    assert.equal(rows.quota.value, '2 of 2 GPU-eq used, 0 left');
    assert.equal(rows.host.value, '2 of 4');
    assert.equal(rows.hold.value, 'GPU 15m, container 30m');
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
});
