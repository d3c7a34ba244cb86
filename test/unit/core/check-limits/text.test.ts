import { strict as assert } from 'node:assert';
import { checkLimitsText } from '../../../../src/core/check-limits/text';
import { buildLimitReport } from '../../../../src/core/check-limits/report';
import { fullGpus, limitSet, usage } from '../../helpers/records';

describe('core/check-limits/text', () => {
  const atLimit = buildLimitReport({
    limits: limitSet(),
    usage: usage({ slots: 2, equivalents: 2, containers: 3, running: 1, slotIds: ['0', '2'] }),
    slots: fullGpus(4),
    freeSlots: 1,
  });

  it('shows distinct GPUs, quota, containers with running, host free slots, and warnings with the next command', () => {
    const text = checkLimitsText(atLimit, { usageKnown: true, slotIds: ['0', '2'] });
    assert.match(text, /2\/2 GPUs: GPU 0, GPU 2/);
    assert.match(text, /after stop: removed after /);
    assert.match(text, /quota 2 of 2 GPU-equivalents used, 0 left/);
    assert.match(text, /3\/3 \(1 running; stopped count\)/);
    assert.match(text, /1 of 4 GPU slots free now/);
    assert.match(text, /! Container limit reached/);
    assert.match(text, /ds01 container retire/);
  });

  it('fits 80 columns and paints only through the given painter', () => {
    const text = checkLimitsText(atLimit, { usageKnown: true, slotIds: ['0', '2'] });
    for (const line of text.split('\n')) assert.ok([...line].length <= 80, line);
    assert.ok(!text.includes('\u001b['), 'no colour escapes');
    const painted = checkLimitsText(atLimit, { usageKnown: true, slotIds: [], paint: (t, s) => `<${s}>${t}` });
    assert.match(painted, /<red>\[█{20}\]/);
  });

  it('says usage is unknown instead of showing zero when the engine could not be read', () => {
    const text = checkLimitsText(buildLimitReport({ limits: limitSet(), usage: usage(), slots: null, freeSlots: null }), { usageKnown: false, slotIds: [] });
    assert.match(text, /GPUs +usage unknown/);
    assert.match(text, /Containers +usage unknown/);
    assert.match(text, /GPU inventory unknown/);
    assert.doesNotMatch(text, /0\/2/);
  });
});
