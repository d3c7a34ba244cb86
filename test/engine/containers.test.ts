import { strict as assert } from 'node:assert';
import type { Ds01Container } from '../../src/core/model';
import { freeSlots, slotHolders, userUsage } from '../../src/core/allocation/usage';
import { loadUserUsage } from '../../src/host/engine';
import { runId, runSlots, specContainers, uuid, type TestContainer, testDocker } from './helpers';
import { testUser } from '../unit/helpers/records';

const docker = testDocker();

// Users unique to this run; the uid user owns only by the AIME name suffix.
const alice = testUser({ name: `${runId}.alice`, sanitized: `${runId}_alice` });
const bob = testUser({ name: `${runId}-bob`, sanitized: `${runId}_bob` });
const carol = testUser({ name: `${runId}.carol@hertie-school.lan`, sanitized: `${runId}_carol` });
const uidUser = testUser({ name: `${runId}-dora`, sanitized: `${runId}_dora`, uid: 424242 });

const deployLabels = (user: string, name: string, gpus: string[]) => ({
  'ds01.managed': 'true',
  'ds01.user': user,
  'ds01.name': name,
  'ds01.interface': 'cli',
  'ds01.gpu.uuids': gpus.join(','),
});

const specs: Record<string, TestContainer> = {
  // Our own deploys: created, not started; device request and label agree.
  aliceCreated: { name: `${runId}-a1._.2001`, labels: deployLabels(alice.name, 'a1', [uuid(0)]), deviceIds: [uuid(0)] },
  // Multi-GPU through the label only (NVIDIA_VISIBLE_DEVICES style), ran and exited.
  aliceExited: { name: `${runId}-a2._.2001`, labels: deployLabels(alice.name, 'a2', [uuid(1), uuid(2)]), state: 'exited' },
  // Legacy AIME labels, GPU only in the device request, started (the stub hook lets it start).
  bobRunning: { name: `${runId}-b1._.2002`, labels: { 'aime.mlc.USER': bob.name }, deviceIds: [uuid(3)], state: 'running' },
  // Owner and DS01-ness only from the cgroup parent.
  carolCgroup: { name: `${runId}-nb`, cgroupParent: `ds01-student-${carol.sanitized}.slice`, deviceIds: [uuid(4)] },
  // Only the AIME name suffix: owner uid:424242, CPU only.
  uidOnly: { name: `${runId}-old._.424242` },
  // Infrastructure: protected, labelled CPU-only.
  infra: { name: `${runId}-monitor`, labels: { 'ds01.user': `${runId}-root`, 'ds01.protected': 'true', 'ds01.gpu.uuids': '' }, state: 'running' },
  // Not DS01's, but it holds a GPU all the same.
  foreign: { name: `${runId}-rogue`, deviceIds: [uuid(5)] },
  plain: { name: `${runId}-plain` },
};

describe('engine: containers on a real dockerd', function () {
  const { engine, ids, inspected } = specContainers(specs);

  const mine = (cs: Ds01Container[]) => cs.filter((c) => Object.values(ids).includes(c.id));

  it('scans with one list call and inspects only containers the list cannot answer for', async () => {
    engine.calls.list = 0;
    inspected.length = 0;
    const scan = await engine.scanContainers();
    assert.equal(engine.calls.list, 1);
    for (const key of ['aliceCreated', 'aliceExited', 'infra']) assert.ok(!inspected.includes(ids[key]), `${key} was inspected`);
    for (const key of ['bobRunning', 'carolCgroup', 'uidOnly', 'foreign', 'plain']) {
      assert.equal(inspected.filter((id) => id === ids[key]).length, 1, `${key} inspected once`);
    }
    assert.equal(scan.inspected, engine.calls.inspect);
    assert.deepEqual(
      mine(scan.ds01)
        .map((c) => c.id)
        .sort(),
      ['aliceCreated', 'aliceExited', 'bobRunning', 'carolCgroup', 'uidOnly', 'infra'].map((k) => ids[k]).sort(),
    );
    assert.deepEqual(
      mine(scan.foreignGpuHolders).map((c) => c.id),
      [ids.foreign],
    );
  });

  it('counts every user: distinct slots, gpueq, containers (stopped count), running', async () => {
    const ds01 = await engine.listDs01Containers();
    assert.deepEqual(userUsage(ds01, alice, runSlots), { slots: 3, equivalents: 3, containers: 2, running: 0, slotIds: ['0', '1', '2'] });
    assert.deepEqual(userUsage(ds01, bob, runSlots), { slots: 1, equivalents: 1, containers: 1, running: 1, slotIds: ['3'] });
    assert.deepEqual(userUsage(ds01, carol, runSlots), { slots: 1, equivalents: 1, containers: 1, running: 0, slotIds: ['4'] });
    assert.deepEqual(userUsage(ds01, uidUser, runSlots), { slots: 0, equivalents: 0, containers: 1, running: 0, slotIds: [] });
  });

  it('reports owner, state, protection and GPUs of each container', async () => {
    const byId = new Map((await engine.listDs01Containers()).map((c) => [c.id, c]));
    const bobs = byId.get(ids.bobRunning)!;
    assert.deepEqual([bobs.owner, bobs.state, bobs.running, bobs.gpuUuids], [bob.name, 'running', true, [uuid(3)]]);
    assert.deepEqual(byId.get(ids.aliceExited)!.gpuUuids, [uuid(1), uuid(2)]);
    assert.equal(byId.get(ids.aliceExited)!.state, 'exited');
    assert.equal(byId.get(ids.aliceCreated)!.state, 'created');
    assert.equal(byId.get(ids.carolCgroup)!.owner, carol.sanitized);
    assert.equal(byId.get(ids.uidOnly)!.owner, 'uid:424242');
    assert.equal(byId.get(ids.infra)!.protected, true);
    assert.equal(byId.get(ids.bobRunning)!.protected, false);
    assert.equal(byId.get(ids.aliceCreated)!.displayName, 'a1');
  });

  it('slot holders include stopped and foreign containers; no slot is free', async () => {
    const scan = await engine.scanContainers();
    const all = [...scan.ds01, ...scan.foreignGpuHolders];
    const holders = slotHolders(all, runSlots);
    assert.deepEqual(
      runSlots.map((s) => holders.get(s.id)?.map((h) => h.containerId)),
      [[ids.aliceCreated], [ids.aliceExited], [ids.aliceExited], [ids.bobRunning], [ids.carolCgroup], [ids.foreign]],
    );
    assert.deepEqual(freeSlots(all, runSlots), []);
  });

  it("loadUserUsage: one list call, the user's containers newest first, free slots after a removal", async () => {
    await docker.getContainer(ids.bobRunning).remove({ force: true });
    engine.calls.list = 0;
    const report = await loadUserUsage(engine, alice, { slots: runSlots, gpus: [] });
    assert.equal(engine.calls.list, 1);
    assert.deepEqual(report.usage, { slots: 3, equivalents: 3, containers: 2, running: 0, slotIds: ['0', '1', '2'] });
    assert.deepEqual(
      report.containers.map((c) => c.id),
      [ids.aliceExited, ids.aliceCreated],
    );
    assert.deepEqual(
      report.freeSlots?.map((s) => s.id),
      ['3'],
    );
    const bobNow = await loadUserUsage(engine, bob, null);
    assert.deepEqual(bobNow.usage, { slots: 0, equivalents: 0, containers: 0, running: 0, slotIds: [] });
    assert.equal(bobNow.freeSlots, null);
  });
});
