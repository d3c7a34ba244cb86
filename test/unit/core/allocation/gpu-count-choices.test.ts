import * as assert from 'node:assert/strict';
import { gpuCountChoices, gpuCountVerdict, offerGpuCounts } from '../../../../src/core/allocation/gpu-count-choices';
import { fullGpus, limitSet, usage } from '../../helpers/records';

describe('gpuCountChoices', () => {
  it('offers 0 up to the per-container cap, with the slots the planner would give', () => {
    const choices = gpuCountChoices({ limits: limitSet(), usage: usage(), containerNames: [], slots: fullGpus(4), heldSlotIds: new Set() });
    assert.deepEqual(
      choices.map((c) => [c.gpus, c.slotIds, c.refusal]),
      [
        [0, [], null],
        [1, ['0'], null],
        [2, ['0', '1'], null],
      ],
    );
  });

  it('gives the refusal for counts the quota or free slots cannot meet', () => {
    const choices = gpuCountChoices({
      limits: limitSet(),
      usage: usage({ slots: 1, equivalents: 1, containers: 1, slotIds: ['0'] }),
      containerNames: ['a'],
      slots: fullGpus(4),
      heldSlotIds: new Set(['0']),
    });
    assert.equal(choices[1].refusal, null);
    assert.equal(choices[2].refusal?.kind, 'limit-total');
  });

  it('refuses every count, CPU-only too, at the container limit', () => {
    const choices = gpuCountChoices({
      limits: limitSet({ containers: { max: 1 } }),
      usage: usage({ containers: 1 }),
      containerNames: ['a'],
      slots: fullGpus(2),
      heldSlotIds: new Set(),
    });
    assert.ok(choices.every((c) => c.refusal?.kind === 'limit-containers'));
  });

  it('offers only CPU-only on a host without GPUs', () => {
    const choices = gpuCountChoices({ limits: limitSet(), usage: usage(), containerNames: [], slots: [], heldSlotIds: new Set() });
    assert.equal(choices[0].refusal, null);
    assert.ok(choices.slice(1).every((c) => c.refusal !== null));
  });
});

describe('offerGpuCounts', () => {
  it('sorts the counts into now, wait (only free slots lacking) and refused (waiting cannot help)', () => {
    const offer = offerGpuCounts({
      limits: limitSet({ gpus: { maxPerContainer: 4, maxEquivalents: 3 } }),
      usage: usage(),
      containerNames: [],
      slots: fullGpus(4),
      heldSlotIds: new Set(['0', '1', '2']),
    });
    assert.deepEqual(
      offer.now.map((c) => c.gpus),
      [0, 1],
    );
    assert.deepEqual(
      offer.wait.map((c) => [c.gpus, c.refusal?.kind]),
      [
        [2, 'no-capacity'],
        [3, 'no-capacity'],
      ],
    );
    assert.deepEqual(
      offer.refused.map((c) => [c.gpus, c.refusal?.kind]),
      [[4, 'limit-total']],
    );
    assert.equal(offer.blocked, null);
  });

  it('is blocked, with the first refusal, when no count can end in a container', () => {
    const offer = offerGpuCounts({
      limits: limitSet({ containers: { max: 1 } }),
      usage: usage({ containers: 1 }),
      containerNames: ['a'],
      slots: fullGpus(2),
      heldSlotIds: new Set(),
    });
    assert.deepEqual([offer.now, offer.wait], [[], []]);
    assert.equal(offer.blocked?.kind, 'limit-containers');
  });

  it('refuses what the host could never give, however long one waited; a count is one verdict', () => {
    const limits = limitSet({ gpus: { allowFullGpu: false } });
    assert.equal(gpuCountVerdict({ gpus: 1, refusal: { kind: 'no-capacity', message: '' } }, fullGpus(2), limits.gpus.allowFullGpu), 'refused');
    assert.equal(gpuCountVerdict({ gpus: 1, refusal: { kind: 'no-capacity', message: '' } }, fullGpus(2), true), 'wait');
    assert.equal(gpuCountVerdict({ gpus: 3, refusal: { kind: 'race-lost', message: '' } }, fullGpus(2), true), 'refused');
    assert.equal(gpuCountVerdict({ gpus: 1, refusal: null }, [], true), 'now');
  });
});
