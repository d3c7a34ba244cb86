import { strict as assert } from 'node:assert';
import { unreadableDeployRefusal, unreadableProblem, usageGaps, type UnreadableContainer } from '../../../../src/core/containers/unreadable';
import { ds01Container, testUser } from '../../helpers/records';

const alice = testUser({ name: 'alice', sanitized: 'alice', uid: 1000 });
const unread = (name: string, owner: string | null, gpuUuids: string[] | null): UnreadableContainer => ({
  container: ds01Container(name, { owner, gpuUuids: gpuUuids ?? [] }),
  gpusKnown: gpuUuids !== null,
  reason: 'HTTP 403: denied',
});

describe('core/containers/unreadable', () => {
  it('nothing unread: every figure exact, no problem, deploy goes on', () => {
    assert.deepEqual(usageGaps([], alice), { gpus: null, containers: null, freeSlots: null });
    assert.equal(unreadableProblem([]), null);
    assert.equal(unreadableDeployRefusal([], alice, 2), null);
  });

  it("another user's container, GPUs not listed: her figures stay exact, free slots are unknown", () => {
    const gaps = usageGaps([unread('b1._.1002', 'bob', null)], alice);
    assert.deepEqual([gaps.gpus, gaps.containers], [null, null]);
    assert.match(gaps.freeSlots!, /b1\._\.1002 could not be read/);
    assert.equal(unreadableDeployRefusal([unread('b1._.1002', 'bob', null)], alice, 0), null, 'a CPU-only deploy needs no free slots');
    assert.match(unreadableDeployRefusal([unread('b1._.1002', 'bob', null)], alice, 1)!.message, /b1\._\.1002: HTTP 403/);
  });

  it('no owner on the list: it may be hers, so her GPU and container figures are unknown', () => {
    const gaps = usageGaps([unread('nb', null, null)], alice);
    assert.ok(gaps.gpus && gaps.containers && gaps.freeSlots);
    assert.equal(unreadableDeployRefusal([unread('nb', null, null)], alice, 0)?.kind, 'container-unreadable');
  });

  it('listed as hers with its GPUs labelled: nothing is unknown (the list said it all)', () => {
    assert.deepEqual(usageGaps([unread('a1._.1000', 'alice', ['GPU-1'])], alice), { gpus: null, containers: null, freeSlots: null });
  });

  it('hers, GPUs not listed: her GPU figures are unknown, her container count is not', () => {
    const gaps = usageGaps([unread('a2._.1000', 'alice', null)], alice);
    assert.ok(gaps.gpus);
    assert.equal(gaps.containers, null);
  });

  it("one problem names every container with the engine's words", () => {
    const p = unreadableProblem([unread('x', null, null), unread('y', 'bob', [])])!;
    assert.equal(p.kind, 'container-unreadable');
    assert.match(p.message, /2 containers: x \(HTTP 403: denied\); y \(HTTP 403: denied\)/);
  });
});
