import { strict as assert } from 'node:assert';
import { buildLimitReport, levelOf, usedOf } from '../../../../src/core/check-limits/report';
import { fullGpus, limitSet, usage } from '../../helpers/records';

describe('core/check-limits/report', () => {
  it('counts one full GPU as 1 and keeps gpueq apart (2026-02 regression)', () => {
    const r = buildLimitReport({
      limits: limitSet(),
      usage: usage({ slots: 1, equivalents: 1, containers: 1, running: 1, slotIds: ['2'] }),
      slots: fullGpus(4),
      freeSlots: 3,
    });
    assert.equal(r.gpus.used, 1);
    assert.equal(r.gpus.limit, 2);
    assert.equal(r.gpus.usedEquivalents, 1);
    assert.equal(r.gpus.remainingEquivalents, 1);
  });

  it('caps the displayed limit at the hardware', () => {
    const r = buildLimitReport({ limits: limitSet({ gpus: { maxEquivalents: 8 } }), usage: usage(), slots: fullGpus(4), freeSlots: 4 });
    assert.equal(r.gpus.limit, 4);
    assert.equal(r.host.totalSlots, 4);
  });

  it('levels: ok below 80%, warning from 80%, error at the limit', () => {
    assert.equal(levelOf(0, 5), 'ok');
    assert.equal(levelOf(3, 5), 'ok');
    assert.equal(levelOf(4, 5), 'warning');
    assert.equal(levelOf(5, 5), 'error');
    assert.equal(levelOf(0, 0), 'error');
    assert.equal(levelOf(100, null), 'ok');
  });

  it('takes the worse level of GPUs and containers and warns at the limit with the next command', () => {
    const r = buildLimitReport({ limits: limitSet(), usage: usage({ slots: 2, equivalents: 2, containers: 3, running: 2 }), slots: fullGpus(4), freeSlots: 0 });
    assert.equal(r.level, 'error');
    assert.deepEqual(
      r.warnings.map((w) => w.kind),
      ['limit-containers', 'limit-total'],
    );
    assert.match(r.warnings[0].fix!, /ds01 container retire/);
  });

  it('formats used/limit pairs', () => {
    assert.equal(usedOf(1, 2), '1/2');
    assert.equal(usedOf(1, null), '1/∞');
  });
});
