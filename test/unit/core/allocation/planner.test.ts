import { strict as assert } from 'node:assert';
import { planAllocation, type AllocationInput } from '../../../../src/core/allocation/planner';
import { fullGpus, limitSet, migSlot, usage } from '../../helpers/records';

function plan(over: Partial<AllocationInput> & { gpus?: number }) {
  const { gpus = 1, ...rest } = over;
  return planAllocation({
    request: { gpus },
    limits: limitSet(),
    usage: usage(),
    containerNames: [],
    slots: fullGpus(4),
    heldSlotIds: new Set(),
    ...rest,
  });
}

function refusalOf(p: ReturnType<typeof plan>) {
  assert.equal(p.ok, false, 'expected a refusal');
  return p.ok ? undefined! : p.refusal;
}

describe('core/allocation/planner planner', () => {
  it('gives the lowest free whole GPUs, deterministically', () => {
    const p = plan({ gpus: 2, heldSlotIds: new Set(['0']) });
    assert.ok(p.ok);
    assert.deepEqual(
      p.slots.map((s) => s.id),
      ['1', '2'],
    );
    assert.equal(p.equivalents, 2);
  });

  it('a CPU-only request needs no slot and no quota', () => {
    const p = plan({ gpus: 0, limits: limitSet({ gpus: { maxEquivalents: 0 } }) });
    assert.ok(p.ok);
    assert.equal(p.slots.length, 0);
  });

  it('refuses at the container limit, counting stopped containers, and names them', () => {
    const r = refusalOf(plan({ usage: usage({ containers: 3, running: 1 }), containerNames: ['a', 'b', 'c'] }));
    assert.equal(r.kind, 'limit-containers');
    assert.match(r.message, /3 of 3 containers \(a, b, c\)/);
    assert.match(r.fix!, /ds01 container retire/);
  });

  it('refuses more GPUs than the per-container cap', () => {
    const r = refusalOf(plan({ gpus: 3 }));
    assert.equal(r.kind, 'limit-per-container');
    assert.match(r.message, /may hold 2 GPUs, you asked for 3/);
  });

  it('refuses beyond the remaining quota with the numbers', () => {
    const r = refusalOf(plan({ gpus: 1, usage: usage({ slots: 2, equivalents: 2, containers: 1 }) }));
    assert.equal(r.kind, 'limit-total');
    assert.match(r.message, /2 of 2 GPU-equivalents/);
  });

  it('refuses full GPUs when the group may not have them and no MIG exists', () => {
    const r = refusalOf(plan({ limits: limitSet({ gpus: { allowFullGpu: false } }) }));
    assert.equal(r.kind, 'limit-full-gpu');
  });

  it('offers MIG slices when full GPUs are not allowed', () => {
    const slots = [...fullGpus(1), migSlot(1, 0, '3g.20gb'), migSlot(1, 1, '2g.10gb')];
    const p = plan({ slots, limits: limitSet({ gpus: { allowFullGpu: false } }) });
    assert.ok(p.ok);
    assert.equal(p.slots[0].kind, 'mig');
  });

  it('says "no capacity now" (not your limit) when others hold every slot', () => {
    const r = refusalOf(plan({ heldSlotIds: new Set(['0', '1', '2', '3']) }));
    assert.equal(r.kind, 'no-capacity');
    assert.match(r.message, /0 of 4 GPU slots are free.*not your limit/);
  });

  it('says the hardware is too small when the request exceeds all eligible slots', () => {
    const r = refusalOf(plan({ gpus: 2, slots: fullGpus(1) }));
    assert.equal(r.kind, 'no-capacity');
    assert.match(r.message, /only 1 GPU slot/);
  });

  it('keeps MIG slices of one GPU together, largest first', () => {
    const slots = [migSlot(0, 0, '1g.5gb'), migSlot(1, 0, '3g.20gb'), migSlot(1, 1, '2g.10gb'), migSlot(1, 2, '1g.5gb')];
    const p = plan({ gpus: 2, slots, limits: limitSet({ gpus: { maxEquivalents: 1, maxPerContainer: 2 } }) });
    assert.ok(p.ok);
    assert.deepEqual(
      p.slots.map((s) => s.id),
      ['1.0', '1.1'],
    );
    assert.ok(Math.abs(p.equivalents - 5 / 7) < 1e-9);
  });

  it('falls back to smaller slices when the largest would exceed the quota', () => {
    const slots = [migSlot(1, 0, '4g.20gb'), migSlot(1, 1, '2g.10gb'), migSlot(1, 2, '1g.5gb')];
    const p = plan({ gpus: 2, slots, limits: limitSet({ gpus: { maxEquivalents: 0.5 } }) });
    assert.ok(p.ok);
    assert.deepEqual(p.slots.map((s) => s.id).sort(), ['1.1', '1.2']);
  });

  it('fits seven 1/7 slices into a quota of exactly 1.0 (float tolerance)', () => {
    const slots = Array.from({ length: 7 }, (_, i) => migSlot(0, i, '1g.5gb'));
    const p = plan({ gpus: 7, slots, limits: limitSet({ gpus: { maxEquivalents: 1, maxPerContainer: null } }) });
    assert.ok(p.ok);
  });

  it('unlimited quota and cap (admin) allow every free slot', () => {
    const p = plan({ gpus: 4, limits: limitSet({ gpus: { maxEquivalents: null, maxPerContainer: null } }) });
    assert.ok(p.ok);
    assert.equal(p.slots.length, 4);
  });
});
