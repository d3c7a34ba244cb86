import { strict as assert } from 'node:assert';
import {
  classifyContainer,
  countsFor,
  needsInspect,
  ownedBy,
  ownerFromAimeName,
  ownerFromCgroupParent,
  type ContainerListEntry,
} from '../../../../src/core/containers/ownership';
import { entryNamed, gpuUuid, inspectOf, listEntries } from '../../../fixtures/containers';
import { testUser } from '../../helpers/records';

/** Classifies as the engine client does: inspect only where the list entry cannot answer. */
const classify = (entry: ContainerListEntry) => classifyContainer(entry, needsInspect(entry) ? inspectOf(entry) : undefined);
const byName = (name: string) => classify(entryNamed(name));

describe('core/containers/ownership', () => {
  describe('needsInspect', () => {
    it('skips containers whose list entry carries owner and GPU labels (our deploys, CPU-only infra)', () => {
      assert.equal(needsInspect(entryNamed('pytorch-research._.1001')), false);
      assert.equal(needsInspect(entryNamed('multi-train._.1002')), false);
      assert.equal(needsInspect(entryNamed('ds01-monitoring')), false);
    });
    it('inspects containers that could hold GPUs the list does not show', () => {
      for (const name of ['legacy-tf._.1003', 'jupyter-carol', 'old-job._.1004', 'postgres', 'rogue-gpu', 'notebook-hb']) {
        assert.equal(needsInspect(entryNamed(name)), true, name);
      }
    });
    it('inspects 6 of the 9 recorded containers', () => {
      assert.equal(listEntries.length, 9);
      assert.equal(listEntries.filter(needsInspect).length, 6);
    });
  });

  describe('which containers are DS01s', () => {
    it('by ds01.* label, aime name suffix or ds01 cgroup parent; not the others', () => {
      const ds01 = listEntries
        .map(classify)
        .filter((c) => c.isDs01)
        .map((c) => c.container.name)
        .sort();
      assert.deepEqual(ds01, [
        'ds01-monitoring',
        'jupyter-carol',
        'legacy-tf._.1003',
        'multi-train._.1002',
        'notebook-hb',
        'old-job._.1004',
        'pytorch-research._.1001',
      ]);
    });
    it('a plain container holding a GPU is not DS01s but still reports the GPU', () => {
      const c = byName('rogue-gpu');
      assert.equal(c.isDs01, false);
      assert.equal(c.container.owner, null);
      assert.deepEqual(c.container.gpuUuids, ['1']);
    });
  });

  describe('owner', () => {
    it('ds01.user label first', () => assert.equal(byName('pytorch-research._.1001').container.owner, 'h.baker'));
    it('aime.mlc.USER for legacy containers', () => assert.equal(byName('legacy-tf._.1003').container.owner, 'bob'));
    it('cgroup parent ds01-<group>-<user>.slice when unlabelled', () => {
      assert.equal(byName('jupyter-carol').container.owner, 'c_meyer');
      assert.equal(byName('notebook-hb').container.owner, 'h.baker');
    });
    it('uid from the ._.<uid> suffix as uid:<n> last', () => assert.equal(byName('old-job._.1004').container.owner, 'uid:1004'));
    it('parses slice names: one-word group, the rest is the user', () => {
      assert.deepEqual(ownerFromCgroupParent('ds01-student-h.baker.slice'), { group: 'student', user: 'h.baker' });
      assert.deepEqual(ownerFromCgroupParent('ds01-admin-a_b-c.slice'), { group: 'admin', user: 'a_b-c' });
      assert.equal(ownerFromCgroupParent('ds01.slice'), null);
      assert.equal(ownerFromCgroupParent('/docker'), null);
      assert.equal(ownerFromCgroupParent(''), null);
    });
    it('reads only a numeric uid suffix', () => {
      assert.equal(ownerFromAimeName('x._.1001'), 'uid:1001');
      assert.equal(ownerFromAimeName('x._.abc'), null);
      assert.equal(ownerFromAimeName('plain'), null);
    });
    it('ownedBy matches raw, sanitized or uid form', () => {
      const u = testUser({ name: 'h.baker@hertie-school.lan', sanitized: 'h_baker', uid: 1001 });
      assert.equal(ownedBy({ owner: 'h_baker' }, u), true);
      assert.equal(ownedBy({ owner: 'h.baker@hertie-school.lan' }, u), true);
      assert.equal(ownedBy({ owner: 'uid:1001' }, u), true);
      assert.equal(ownedBy({ owner: 'uid:1002' }, u), false);
      assert.equal(ownedBy({ owner: null }, u), false);
      assert.equal(ownedBy({ owner: 'uid:1001' }, testUser({ name: 'h.baker', sanitized: 'h_baker' })), false);
    });
    it('ownedBy: a uid the container carries decides; a sanitized name counts only when no account has it exactly', () => {
      const dotted = testUser({ name: 'bob.x', sanitized: 'bob_x', uid: 1001, accounts: new Set(['bob_x']) });
      assert.equal(ownedBy({ owner: 'bob_x' }, dotted), false, 'bob_x is an account of its own');
      assert.equal(ownedBy({ owner: 'bob.x' }, dotted), true);
      assert.equal(ownedBy({ owner: 'bob.x', ownerUid: 1002 }, dotted), false, 'the uid outranks a label');
      assert.equal(ownedBy({ owner: 'bob_x', ownerUid: 1001 }, dotted), true);
      assert.equal(ownedBy({ owner: 'bob_x' }, { ...dotted, accounts: new Set<string>() }), true, 'no bob_x account: parity');
      const c = classifyContainer({ Id: 'a', Names: ['/p._.1002'], Labels: { 'ds01.user': 'bob_x' } }).container;
      assert.equal(c.ownerUid, 1002);
      const viaUser = classifyContainer({ Id: 'b', Names: ['/dev'] }, { Id: 'b', Config: { User: '1003:1003', Labels: { 'ds01.user': 'bob_x' } } }).container;
      assert.equal(viaUser.ownerUid, 1003);
      assert.equal(ownedBy(viaUser, { ...dotted, uid: 1003 }), true);
    });
  });

  describe('GPUs', () => {
    it('from the device request', () => assert.deepEqual(byName('legacy-tf._.1003').container.gpuUuids, [gpuUuid(3)]));
    it('from the ds01.gpu.uuids label when there is no device request (multi-GPU)', () =>
      assert.deepEqual(byName('multi-train._.1002').container.gpuUuids, [gpuUuid(0), gpuUuid(1)]));
    it('from the label alone when the list suffices', () =>
      assert.deepEqual(classifyContainer(entryNamed('pytorch-research._.1001')).container.gpuUuids, [gpuUuid(2)]));
    it('none for an empty label or no request', () => {
      assert.deepEqual(byName('ds01-monitoring').container.gpuUuids, []);
      assert.deepEqual(byName('jupyter-carol').container.gpuUuids, []);
    });
    it('device requests win over the label, repeats dropped', () => {
      const entry = entryNamed('pytorch-research._.1001');
      const inspect = structuredClone(inspectOf(entry));
      inspect.HostConfig!.DeviceRequests = [{ DeviceIDs: ['GPU-x', 'GPU-y'] }, { DeviceIDs: ['GPU-x'] }, { DeviceIDs: null }];
      assert.deepEqual(classifyContainer(entry, inspect).container.gpuUuids, ['GPU-x', 'GPU-y']);
    });
  });

  describe('state, names, protection', () => {
    it('running and stopped', () => {
      assert.equal(byName('pytorch-research._.1001').container.running, true);
      const stopped = byName('multi-train._.1002').container;
      assert.equal(stopped.state, 'exited');
      assert.equal(stopped.running, false);
      assert.equal(byName('old-job._.1004').container.state, 'created');
    });
    it('display name from ds01.name, else before ._., else the name', () => {
      assert.equal(byName('pytorch-research._.1001').container.displayName, 'pytorch-research');
      assert.equal(byName('old-job._.1004').container.displayName, 'old-job');
      assert.equal(byName('jupyter-carol').container.displayName, 'jupyter-carol');
    });
    it('image name as created, creation time as a Date', () => {
      const c = byName('legacy-tf._.1003').container;
      assert.equal(c.image, 'ds01-test/busybox:latest');
      assert.ok(c.createdAt.getTime() > Date.parse('2026-01-01'));
      const fromList = classifyContainer(entryNamed('pytorch-research._.1001')).container;
      assert.equal(Math.floor(fromList.createdAt.getTime() / 1000), entryNamed('pytorch-research._.1001').Created);
    });
    it('protected only with ds01.protected=true (or the configured label)', () => {
      assert.equal(byName('ds01-monitoring').container.protected, true);
      assert.equal(byName('pytorch-research._.1001').container.protected, false);
      const entry = { ...entryNamed('postgres'), Labels: { 'site.infra': 'TRUE' } };
      assert.equal(classifyContainer(entry, undefined, { protectedLabel: 'site.infra' }).container.protected, true);
    });
    it('an unknown state string is reported as dead, not running', () => {
      const c = classifyContainer({ Id: 'x', Names: ['/x._.1'], State: 'weird', Labels: null }).container;
      assert.equal(c.state, 'dead');
      assert.equal(c.running, false);
    });
  });
});

describe('core/containers/ownership: workspace mount', () => {
  it('takes the bind mount at /workspace from the list entry, ignoring other mounts', () => {
    const { container } = classifyContainer({
      Id: 'w1',
      Names: ['/proj._.1000'],
      Image: 'img',
      Created: 0,
      State: 'running',
      Labels: { 'ds01.user': 'alice' },
      Mounts: [
        { Type: 'volume', Source: '/var/lib/docker/volumes/x', Destination: '/data' },
        { Type: 'bind', Source: '/home/alice/proj', Destination: '/workspace' },
      ],
    });
    assert.equal(container.workspace, '/home/alice/proj');
  });

  it('is null without such a mount', () => {
    const { container } = classifyContainer({
      Id: 'w2',
      Names: ['/x._.1'],
      Labels: { 'ds01.user': 'a' },
      Mounts: [{ Type: 'bind', Source: '/tmp', Destination: '/tmp' }],
    });
    assert.equal(container.workspace, null);
  });
});

describe("core/containers/ownership: containers made through the host's docker wrapper", () => {
  const wrapper = (labels: Record<string, string>): ContainerListEntry => ({
    Id: 'dw1',
    Names: ['/eager_turing'],
    Image: 'img',
    Created: 0,
    State: 'running',
    Labels: { 'ds01.user': 'alice', 'ds01.managed': 'true', 'ds01.container_type': 'devcontainer', 'ds01.created_at': '2026-12-04T17:30:46+00:00', ...labels },
  });

  it('ds01.gpu_slot is a GPU label: one UUID or the comma list of a multi-GPU allocation, no inspect needed', () => {
    const one = wrapper({ 'ds01.gpu_slot': 'GPU-a', 'ds01.gpu_ephemeral': 'true' });
    assert.equal(needsInspect(one), false);
    assert.deepEqual(classifyContainer(one).container.gpuUuids, ['GPU-a']);
    assert.deepEqual(classifyContainer(wrapper({ 'ds01.gpu_slot': 'GPU-a,MIG-b' })).container.gpuUuids, ['GPU-a', 'MIG-b']);
  });

  it('without ds01.gpu_slot (no GPU asked, or a device the user named) the device request decides', () => {
    assert.equal(needsInspect(wrapper({})), true);
  });

  it("shows the Dev Containers project folder's name, not the generated one; ds01.name still wins", () => {
    assert.equal(classifyContainer(wrapper({ 'devcontainer.local_folder': '/home/alice/thesis-model/' })).container.displayName, 'thesis-model');
    assert.equal(classifyContainer(wrapper({ 'devcontainer.local_folder': '/home/alice/p', 'ds01.name': 'named' })).container.displayName, 'named');
    assert.equal(classifyContainer(wrapper({})).container.displayName, 'eager_turing');
  });
});

describe("core/containers/ownership: what the host's owner tracker counts (issue 21)", () => {
  const alice = testUser({ name: 'alice', uid: 1000 });
  const classify = (labels: Record<string, string>, binds: string[] = [], name = '/c', user = '') =>
    classifyContainer(
      { Id: 'x', Names: [name], Labels: labels },
      { Id: 'x', Name: name, Config: { Labels: labels, User: user }, HostConfig: { Binds: binds } },
    );

  it("reads devcontainer.local_folder, /home binds and compose working_dir as claims, in _detect_owner's order", () => {
    const r = classify({ 'devcontainer.local_folder': '/home/alice/p', 'com.docker.compose.project.working_dir': '/home/carol/s' }, [
      '/home/bob/d:/d:rw',
      '/data/x:/x',
    ]);
    assert.deepEqual(
      r.claims.map((c) => [c.user, c.evidence, c.path]),
      [
        ['alice', 'devcontainer.local_folder', '/home/alice/p'],
        ['bob', 'bind mount', '/home/bob/d'],
        ['carol', 'com.docker.compose.project.working_dir', '/home/carol/s'],
      ],
    );
    assert.equal(r.container.owner, null);
    assert.equal(r.isDs01, false, "DS01's only when the tracker counts it (the scan checks the claim)");
  });

  it('no claims where a label, a uid name or a numeric Config.User names the owner; evidence says which', () => {
    assert.deepEqual(classify({ 'ds01.user': 'bob', 'devcontainer.local_folder': '/home/alice/p' }).claims, []);
    assert.equal(classify({ 'ds01.user': 'bob' }).container.ownerEvidence, 'ds01.user');
    assert.equal(classify({ 'devcontainer.local_folder': '/home/alice/p' }, [], '/p._.1000').container.ownerEvidence, 'uid');
    assert.equal(classify({ 'devcontainer.local_folder': '/home/alice/p' }, [], '/c', '1000:1000').claims.length, 0);
    assert.equal(classify({ 'aime.mlc.DS01_MANAGED': 'true' }).isDs01, true);
  });

  it('a checked claim counts for its user and no one else, and never as ownership', () => {
    const c = {
      ...classify({ 'devcontainer.local_folder': '/home/alice/p' }).container,
      claim: { user: 'alice', evidence: 'devcontainer.local_folder' as const, path: '/home/alice/p' },
    };
    assert.equal(countsFor(c, alice), true);
    assert.equal(ownedBy(c, alice), false);
    assert.equal(countsFor(c, testUser({ name: 'bob', uid: 1001 })), false);
    assert.equal(countsFor({ ...c, ownerUid: 1001 }, alice), false, 'a uid decides before a claim');
  });
});
