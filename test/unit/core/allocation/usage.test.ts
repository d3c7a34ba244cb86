import { strict as assert } from 'node:assert';
import type { Ds01Container } from '../../../../src/core/model';
import { classifyContainer, needsInspect } from '../../../../src/core/containers/ownership';
import { displayGpuLimit, freeSlots, ownContainers, resolveDevice, slotHolders, userUsage } from '../../../../src/core/allocation/usage';
import { a100Slots, gpuUuid, inspectOf, listEntries, migGpus, migSlots } from '../../../fixtures/containers';
import { ds01Container, testUser } from '../../helpers/records';

const recorded: Ds01Container[] = listEntries.map((e) => classifyContainer(e, needsInspect(e) ? inspectOf(e) : undefined).container);

function container(name: string, owner: string, gpuUuids: string[], running = true): Ds01Container {
  return ds01Container(name, { owner, state: running ? 'running' : 'exited', running, gpuUuids });
}

const hbaker = testUser({ name: 'h.baker', sanitized: 'h_baker' });
const limitOf = (maxEquivalents: number | null) => ({ gpus: { maxEquivalents, maxPerContainer: null, allowFullGpu: true } });

describe('core/allocation/usage', () => {
  describe('userUsage on the recorded containers (4x A100)', () => {
    it('h.baker: one full GPU is 1 slot and 1.0 gpueq (SPEC §4 regression: not 4), 2 containers, 1 running', () => {
      assert.deepEqual(userUsage(recorded, hbaker, a100Slots), { slots: 1, equivalents: 1, containers: 2, running: 1, slotIds: ['2'] });
    });
    it('alice: a stopped multi-GPU container still holds 2 slots', () => {
      assert.deepEqual(userUsage(recorded, testUser({ name: 'alice', sanitized: 'alice' }), a100Slots), {
        slots: 2,
        equivalents: 2,
        containers: 1,
        running: 0,
        slotIds: ['0', '1'],
      });
    });
    it('bob via aime.mlc.USER and the device request', () => {
      assert.deepEqual(userUsage(recorded, testUser({ name: 'bob', sanitized: 'bob' }), a100Slots), {
        slots: 1,
        equivalents: 1,
        containers: 1,
        running: 1,
        slotIds: ['3'],
      });
    });
    it('a sanitized-only owner (cgroup) and a uid-only owner', () => {
      assert.equal(userUsage(recorded, testUser({ name: 'c.meyer@hertie-school.lan', sanitized: 'c_meyer' }), a100Slots).containers, 1);
      assert.equal(userUsage(recorded, testUser({ name: 'dora', sanitized: 'dora', uid: 1004 }), a100Slots).containers, 1);
      assert.equal(userUsage(recorded, testUser({ name: 'dora', sanitized: 'dora' }), a100Slots).containers, 0);
    });
    it('a user with nothing', () => {
      assert.deepEqual(userUsage(recorded, testUser({ name: 'nobody', sanitized: 'nobody' }), a100Slots), {
        slots: 0,
        equivalents: 0,
        containers: 0,
        running: 0,
        slotIds: [],
      });
    });
  });

  describe('userUsage arithmetic', () => {
    it('two containers naming the same GPU count it once', () => {
      const cs = [container('a', 'u', [gpuUuid(1)]), container('b', 'u', [gpuUuid(1)], false)];
      assert.deepEqual(userUsage(cs, testUser({ name: 'u', sanitized: 'u' }), a100Slots).slots, 1);
    });
    it('MIG slices: distinct slots, gpueq as compute slices / 7, full GPU 1.0', () => {
      const cs = [container('a', 'u', [migSlots[1].uuid, migSlots[2].uuid]), container('b', 'u', [gpuUuid(0)])];
      const u = userUsage(cs, testUser({ name: 'u', sanitized: 'u' }), migSlots, migGpus);
      assert.equal(u.slots, 3);
      assert.equal(u.equivalents, Math.round((1 + 3 / 7 + 2 / 7) * 1e6) / 1e6);
      assert.deepEqual(u.slotIds, ['0', '1.0', '1.1']);
    });
    it('a UUID the inventory does not know counts as one slot of 1.0 gpueq', () => {
      const u = userUsage([container('a', 'u', ['GPU-gone'])], testUser({ name: 'u', sanitized: 'u' }), a100Slots);
      assert.deepEqual([u.slots, u.equivalents, u.slotIds], [1, 1, ['GPU-gone']]);
    });
  });

  describe('ownContainers', () => {
    it("keeps the user's containers, stopped ones too, newest first", () => {
      const at = (name: string, owner: string, ms: number, running = true) => ({ ...container(name, owner, [], running), createdAt: new Date(ms) });
      const list = [at('old', 'h.baker', 1, false), at('theirs', 'alice', 3), at('new', 'h_baker', 2)];
      assert.deepEqual(
        ownContainers(list, hbaker).map((c) => c.name),
        ['new', 'old'],
      );
    });
  });

  describe('resolveDevice', () => {
    it('by slot UUID, slot id, MIG index form and parent GPU of MIG slices', () => {
      assert.deepEqual(
        resolveDevice(gpuUuid(2), a100Slots).slots.map((s) => s.id),
        ['2'],
      );
      assert.deepEqual(
        resolveDevice('3', a100Slots).slots.map((s) => s.id),
        ['3'],
      );
      assert.deepEqual(
        resolveDevice('1:2', migSlots, migGpus).slots.map((s) => s.id),
        ['1.2'],
      );
      assert.deepEqual(
        resolveDevice(gpuUuid(1), migSlots, migGpus).slots.map((s) => s.id),
        ['1.0', '1.1', '1.2'],
      );
      assert.deepEqual(resolveDevice('GPU-unknown', migSlots, migGpus).slots, []);
    });
  });

  describe('slotHolders and freeSlots', () => {
    it('shows every holder, stopped ones included, and a double allocation by index', () => {
      const holders = slotHolders(recorded, a100Slots);
      assert.deepEqual([...holders.keys()].sort(), ['0', '1', '2', '3']);
      assert.deepEqual(
        holders
          .get('1')!
          .map((h) => [h.containerName, h.owner, h.running])
          .sort(),
        [
          ['multi-train._.1002', 'alice', false],
          ['rogue-gpu', null, false],
        ],
      );
      assert.deepEqual(
        holders.get('2')!.map((h) => h.owner),
        ['h.baker'],
      );
      assert.deepEqual(freeSlots(recorded, a100Slots), []);
    });
    it('free slots in inventory order', () => {
      const cs = [container('a', 'u', [migSlots[2].uuid], false)];
      assert.deepEqual(
        freeSlots(cs, migSlots, migGpus).map((s) => s.id),
        ['0', '1.0', '1.2'],
      );
      assert.deepEqual(
        freeSlots([], a100Slots).map((s) => s.id),
        ['0', '1', '2', '3'],
      );
    });
  });

  describe('displayGpuLimit', () => {
    it('unlimited shows the hardware total', () => assert.equal(displayGpuLimit(limitOf(null), { slots: a100Slots }), 4));
    it('capped at the hardware', () => assert.equal(displayGpuLimit(limitOf(8), { slots: a100Slots }), 4));
    it('full GPUs: whole gpueq', () => {
      assert.equal(displayGpuLimit(limitOf(2), { slots: a100Slots }), 2);
      assert.equal(displayGpuLimit(limitOf(1.5), { slots: a100Slots }), 1);
      assert.equal(displayGpuLimit(limitOf(0), { slots: a100Slots }), 0);
    });
    it('MIG: as many cheapest slots as the quota buys', () => {
      assert.equal(displayGpuLimit(limitOf(4 / 7), { slots: migSlots }), 2);
      assert.equal(displayGpuLimit(limitOf(1), { slots: migSlots }), 3);
      assert.equal(displayGpuLimit(limitOf(3), { slots: migSlots }), 4);
    });
    it('no inventory: the quota floored, or null when unlimited', () => {
      assert.equal(displayGpuLimit(limitOf(2.5), null), 2);
      assert.equal(displayGpuLimit(limitOf(null), null), null);
    });
  });
});
