import { strict as assert } from 'node:assert';
import {
  countEntries,
  describeWait,
  entryRejection,
  MAX_ENTRIES_PER_USER,
  MAX_WAIT_MS,
  neverGrantable,
  newcomerMayGo,
  orderQueue,
  parseQueueEntry,
  parseQueueEntryFileName,
  processStartTicks,
  queueEntryFileName,
  StallWatch,
  waitStatus,
  walkQueue,
  type QueuedRequest,
} from '../../../../src/core/allocation/gpu-queue';

let seq = 0;
function req(gpus: number, at: number, id = `r${++seq}`): QueuedRequest {
  return {
    id,
    ownerUid: 1000,
    queuedAtNs: BigInt(at),
    v: 1,
    user: 'alice',
    uid: 1000,
    pid: 10 + seq,
    pidStart: '5',
    gpus,
    name: id,
    createdBy: 'cli',
    until: 9e12,
    fileKey: `1:${id}`,
  };
}
const view = (queue: QueuedRequest[], freeSlots: number, stalled: string[] = []) => ({ queue, freeSlots, totalSlots: 4, stalled: new Set(stalled) });

describe('core/allocation/gpu-queue', () => {
  it('orders by ctime, then by name; never by anything the entry says', () => {
    const a = req(1, 300, 'a');
    const b = req(1, 100, 'b');
    const c = req(1, 100, 'c');
    assert.deepEqual(
      orderQueue([a, c, b]).map((r) => r.id),
      ['b', 'c', 'a'],
    );
  });

  it('a later request of the same or larger size never passes an earlier one', () => {
    const first = req(2, 1);
    const same = req(2, 2);
    const larger = req(3, 3);
    const v = view([first, same, larger], 2);
    assert.equal(waitStatus(v, first.id).go, true);
    assert.equal(waitStatus(v, same.id).go, false);
    assert.equal(waitStatus(v, larger.id).go, false);
  });

  it('a smaller later request waits while an earlier larger one collects its slots', () => {
    const big = req(3, 1);
    const small = req(1, 2);
    const st = waitStatus(view([big, small], 2), small.id);
    assert.equal(st.go, false);
    assert.deepEqual(st.ahead, [{ gpus: 3 }]);
    assert.equal(st.position, 2);
  });

  it('a smaller later request goes when there is room for every earlier one too', () => {
    const big = req(2, 1);
    const small = req(1, 2);
    assert.equal(waitStatus(view([big, small], 3), small.id).go, true);
    assert.equal(waitStatus(view([big, small], 2), small.id).go, false);
  });

  it('a request for more slots than the host has reserves nothing', () => {
    const impossible = req(9, 1);
    const one = req(1, 2);
    assert.equal(waitStatus(view([impossible, one], 1), one.id).go, true);
  });

  it('a stalled request (turn came, GPUs not taken within the grace) is passed', () => {
    const fake = req(1, 1);
    const me = req(1, 2);
    const watch = new StallWatch(1000);
    for (const now of [0, 500, 999]) {
      const w = walkQueue(view([fake, me], 1, [...watch.stalled(now, me.id)]));
      watch.observe(now, w, [fake, me]);
      assert.equal(waitStatus(view([fake, me], 1, [...watch.stalled(now, me.id)]), me.id).go, false, `at ${now}`);
    }
    assert.equal(watch.nextStallAt(me.id), 1000);
    const stalled = watch.stalled(1000, me.id);
    assert.deepEqual([...stalled], [fake.id]);
    assert.equal(waitStatus(view([fake, me], 1, [...stalled]), me.id).go, true);
  });

  it('a request whose turn goes away again (its GPUs taken by someone) is no longer timed', () => {
    const a = req(1, 1);
    const me = req(1, 2);
    const watch = new StallWatch(1000);
    watch.observe(0, walkQueue(view([a, me], 1)), [a, me]);
    watch.observe(500, walkQueue(view([a, me], 0)), [a, me]);
    assert.deepEqual([...watch.stalled(2000, me.id)], []);
    assert.equal(watch.stalled(2000, a.id).size, 0);
  });

  it('newcomers (plain deploys) may go only when the free slots cover every waiter too', () => {
    const q = [req(2, 1), req(1, 2)];
    assert.equal(newcomerMayGo(q, 1, 3, 4), false);
    assert.equal(newcomerMayGo(q, 1, 4, 4), true);
    assert.equal(newcomerMayGo([], 1, 1, 4), true);
  });

  it('names and content round-trip; anything else is not an entry', () => {
    assert.deepEqual(parseQueueEntryFileName(queueEntryFileName(1001, 4242, '0badcafe')), { ownerUid: 1001, pid: 4242 });
    for (const bad of ['u1-p2-xyz.req', 'u1-p2-0badcafe.req.tmp', '../u1-p2-0badcafe.req', 'u-1-p2-0badcafe.req']) {
      assert.equal(parseQueueEntryFileName(bad), null, bad);
    }
    const content = { v: 1, user: 'bob', uid: 1001, pid: 4242, pidStart: '123', gpus: 1, name: 'x', createdBy: 'cli', until: 2e12 };
    assert.deepEqual(parseQueueEntry(JSON.stringify(content)), content);
    assert.equal(parseQueueEntry(JSON.stringify({ ...content, extra: 1 })), null);
    assert.equal(parseQueueEntry(JSON.stringify({ ...content, gpus: 0 })), null);
    assert.equal(parseQueueEntry('{'), null);
  });

  it('rejects foreign, special, stale and mismatched files by name of the reason', () => {
    const content = { v: 1 as const, user: 'bob', uid: 1001, pid: 4242, pidStart: '123', gpus: 1, name: 'x', createdBy: 'cli' as const, until: 2e12 };
    const ok = {
      fileName: 'u1001-p4242-0badcafe.req',
      ownerUid: 1001,
      regularFile: true,
      links: 1,
      size: 100,
      content,
      nowMs: 1e12,
      queuedAtMs: 1e12 - 1000,
      process: { uid: 1001, start: '123' },
    };
    assert.equal(entryRejection(ok), null);
    assert.match(entryRejection({ ...ok, ownerUid: 1002 })!, /owned by uid 1002/);
    assert.match(entryRejection({ ...ok, regularFile: false })!, /regular/);
    // Another user's hard link (fs.protected_hardlinks=0) is no reason to drop the owner's request (issue 24 point 7).
    assert.equal(entryRejection({ ...ok, links: 2 }), null);
    assert.match(entryRejection({ ...ok, process: null })!, /stale/);
    assert.match(entryRejection({ ...ok, process: { uid: 1001, start: '999' } })!, /newer process/);
    assert.match(entryRejection({ ...ok, process: { uid: 0, start: '123' } })!, /another user/);
    assert.match(entryRejection({ ...ok, content: { ...content, uid: 1003 } })!, /queued for uid 1003/);
    assert.match(entryRejection({ ...ok, nowMs: 3e12 })!, /expired/);
    // `until` counts at most MAX_WAIT_MS (plus a minute) after the entry was queued, whatever it says (issue 24 point 1).
    const far = { ...ok, content: { ...content, until: Date.UTC(2100, 0, 1) } };
    assert.equal(entryRejection({ ...far, nowMs: far.queuedAtMs + MAX_WAIT_MS }), null);
    assert.match(entryRejection({ ...far, nowMs: far.queuedAtMs + MAX_WAIT_MS + 61_000 })!, /expired/);
    // root may queue for another user, with its own process
    assert.equal(entryRejection({ ...ok, fileName: 'u0-p4242-0badcafe.req', ownerUid: 0, process: { uid: 0, start: '123' } }), null);
  });

  it('counts one entry per file, per waiting process, and at most a few per user (issue 24 point 2)', () => {
    const a1 = { ...req(1, 1), pid: 7 };
    const a2 = { ...req(1, 2), pid: 7 };
    const link = { ...req(1, 3), fileKey: a1.fileKey };
    const many = [4, 5, 6, 7, 8].map((t) => ({ ...req(1, t), uid: 2000, ownerUid: 2000, pid: 100 + t }));
    const { counted, ignored } = countEntries(orderQueue([a1, a2, link, ...many]));
    assert.deepEqual(
      counted.map((r) => r.id),
      [a1.id, ...many.slice(0, MAX_ENTRIES_PER_USER).map((r) => r.id)],
    );
    assert.deepEqual(
      ignored.map((i) => i.why.split(' ').slice(0, 2).join(' ')),
      ['another entry', 'another name', 'more than', 'more than'],
    );
  });

  it("one stalled entry of a user passes that user's later entries too: fakes cost one grace in all", () => {
    const f1 = { ...req(1, 1), uid: 2000 };
    const f2 = { ...req(1, 2), uid: 2000 };
    const me = req(1, 3);
    assert.equal(waitStatus(view([f1, f2, me], 1, [f1.id]), me.id).go, true);
    assert.equal(waitStatus(view([f1, f2, me], 1, []), me.id).go, false);
  });

  it('an entry its owner could never be granted reserves nothing (issue 24 point 1)', () => {
    const slots = [0, 1, 2, 3].map((i) => ({
      id: String(i),
      uuid: `GPU-${i}`,
      kind: 'gpu' as const,
      gpuIndex: i,
      equivalents: 1,
      model: 'A100',
      memoryTotalMiB: 1,
      memoryUsedMiB: 0,
    }));
    const limits = { gpus: { maxEquivalents: 1, maxPerContainer: 1, allowFullGpu: true }, containers: { max: 2 } } as never;
    const usage = { slots: 0, equivalents: 0, containers: 0, slotIds: [] } as never;
    assert.match(neverGrantable(4, { limits, usage }, slots)!, /Per-container GPU limit/);
    assert.equal(neverGrantable(1, { limits, usage }, slots), null);
    assert.match(neverGrantable(1, { limits, usage: { slots: 1, equivalents: 1, containers: 1, slotIds: ['0'] } as never }, slots)!, /quota/);
    const fake = req(4, 1);
    const me = req(1, 2);
    assert.equal(waitStatus({ ...view([fake, me], 1), ungrantable: new Set([fake.id]) }, me.id).go, true);
    assert.equal(newcomerMayGo([fake], 1, 4, 4, new Set([fake.id])), true);
  });

  it('reads the start time past a command name with spaces and parentheses', () => {
    const stat = '4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000000 200';
    assert.equal(processStartTicks(stat), '987654');
    assert.equal(processStartTicks('garbage'), null);
  });

  it('says where a request stands without naming anyone', () => {
    const text = describeWait({ position: 3, ahead: [{ gpus: 1 }, { gpus: 2 }], go: false }, 1, 0, 4);
    assert.equal(text, 'Waiting for 1 GPU: number 3 in the queue, 2 requests before you (1 GPU, 2 GPUs); 0 of 4 GPU slots free.');
  });
});
