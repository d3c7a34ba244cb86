import { strict as assert } from 'node:assert';
import type { Ds01Container } from '../../../../src/core/model';
import { raceCheck } from '../../../../src/core/allocation/race-check';
import { ds01Container, fullGpus, limitSet, testUser } from '../../helpers/records';

const slots = fullGpus(4);
const alice = testUser({ name: 'alice', sanitized: 'alice', uid: 1000 });

function container(id: string, owner: string, gpuUuids: string[]): Ds01Container {
  return ds01Container(`${id}._.1000`, { id, displayName: id, owner, state: 'created', running: false, gpuUuids });
}

describe('core/allocation/race-check', () => {
  it('passes when the new container is the only holder and limits hold', () => {
    const containers = [container('new', 'alice', [slots[1].uuid]), container('b', 'bob', [slots[0].uuid])];
    assert.equal(raceCheck({ containerId: 'new', slotIds: ['1'], containers, user: alice, limits: limitSet(), slots }), null);
  });

  it('loses when another container holds one of the slots, naming it', () => {
    const containers = [container('new', 'alice', [slots[1].uuid]), container('other', 'bob', [slots[1].uuid])];
    const p = raceCheck({ containerId: 'new', slotIds: ['1'], containers, user: alice, limits: limitSet(), slots });
    assert.equal(p?.kind, 'race-lost');
    assert.match(p!.message, /slot 1 .*other\._\.1000 \(bob\)/);
  });

  it('loses when a parallel deploy of the same user broke the container or GPU quota', () => {
    const two = [container('new', 'alice', [slots[1].uuid]), container('twin', 'alice', [slots[2].uuid])];
    const quota = raceCheck({ containerId: 'new', slotIds: ['1'], containers: two, user: alice, limits: limitSet({ gpus: { maxEquivalents: 1 } }), slots });
    assert.equal(quota?.kind, 'race-lost');
    assert.match(quota!.message, /2 of 1 GPU-equivalents/);
    const count = raceCheck({ containerId: 'new', slotIds: ['1'], containers: two, user: alice, limits: limitSet({ containers: { max: 1 } }), slots });
    assert.match(count!.message, /2 of 1 containers/);
  });

  it('a CPU-only deploy is not blamed for GPU quota already over the limit', () => {
    const containers = [container('new', 'alice', []), container('old', 'alice', [slots[0].uuid, slots[1].uuid])];
    assert.equal(raceCheck({ containerId: 'new', slotIds: [], containers, user: alice, limits: limitSet({ gpus: { maxEquivalents: 1 } }), slots }), null);
  });
});
