import { strict as assert } from 'node:assert';
import { cgroupParentFor, createBody, deployLabels, slotLabel, workspaceRule, type ContainerSpecInput } from '../../../../src/core/containers/spec';
import { fullGpus, limitSet, migSlot } from '../../helpers/records';

function input(over: Partial<ContainerSpecInput> = {}): ContainerSpecInput {
  return {
    name: 'my-project',
    hostName: 'my-project._.1000',
    image: 'ds01-1000/my-project:latest',
    user: { name: 'h.baker@hertie-school.lan', uid: 1000, gid: 1000 },
    createdBy: 'cli',
    workspace: '/home/h.baker/my-project',
    slots: fullGpus(4).slice(1, 3),
    limits: limitSet(),
    cgroupParent: 'ds01-student-h_baker.slice',
    now: new Date('2026-03-01T10:20:30.456Z'),
    ...over,
  };
}

describe('core/containers/spec', () => {
  it('labels as SPEC.md §4 and label-schema.yaml: owner, interface, name, time, GPUs', () => {
    const l = deployLabels(input());
    assert.equal(l['ds01.managed'], 'true');
    assert.equal(l['ds01.user'], 'h.baker@hertie-school.lan');
    assert.equal(l['ds01.interface'], 'atomic', "the host gives the user's own limits only to orchestration/atomic");
    assert.equal(l['ds01.container_type'], 'atomic');
    assert.equal(l['ds01.client'], 'cli');
    assert.equal(l['ds01.name'], 'my-project');
    assert.equal(l['ds01.created_at'], '2026-03-01T10:20:30Z');
    assert.equal(l['ds01.gpu.uuids'], `${fullGpus(4)[1].uuid},${fullGpus(4)[2].uuid}`);
    assert.equal(l['ds01.gpu.slots'], '1,2');
    assert.equal(l['ds01.gpu.allocated_at'], '2026-03-01T10:20:30Z');
    assert.equal(l['ds01.gpu.allocated'], '2026-03-01T10:20:30Z');
    assert.equal(l['ds01.slice'], 'ds01-student-h_baker.slice');
    assert.equal(l['ds01.user_id'], '1000');
  });

  it('a CPU-only container still carries an empty ds01.gpu.uuids and no allocation time', () => {
    const l = deployLabels(input({ slots: [], createdBy: 'vscode', cgroupParent: null }));
    assert.equal(l['ds01.gpu.uuids'], '');
    assert.equal(l['ds01.interface'], 'atomic');
    assert.equal(l['ds01.client'], 'vscode');
    assert.ok(!('ds01.gpu.allocated_at' in l));
    assert.ok(!('ds01.slice' in l));
  });

  it('MIG slots use the schema format gpu:instance', () => {
    assert.equal(slotLabel(migSlot(1, 2, '2g.10gb')), '1:2');
    assert.equal(slotLabel({ id: '3' }), '3');
  });

  it('create body: device request, limits, mount, user, tty', () => {
    const b = createBody(input());
    assert.equal(b.name, 'my-project._.1000');
    assert.deepEqual(b.HostConfig.DeviceRequests, [
      { Driver: 'nvidia', Count: 0, DeviceIDs: [fullGpus(4)[1].uuid, fullGpus(4)[2].uuid], Capabilities: [['gpu']], Options: {} },
    ]);
    assert.equal(b.HostConfig.NanoCpus, 32e9);
    assert.equal(b.HostConfig.Memory, 32 * 2 ** 30);
    assert.equal(b.HostConfig.MemorySwap, 32 * 2 ** 30);
    assert.equal(b.HostConfig.ShmSize, 16 * 2 ** 30);
    assert.equal(b.HostConfig.PidsLimit, 4096);
    assert.equal(b.HostConfig.CgroupParent, 'ds01-student-h_baker.slice');
    assert.deepEqual(b.HostConfig.Binds, ['/home/h.baker/my-project:/workspace']);
    assert.equal(b.WorkingDir, '/workspace');
    assert.equal(b.User, '1000:1000');
    assert.equal(b.Tty, true);
    assert.equal(b.OpenStdin, true);
  });

  it('no device request for --gpus 0; null limits stay unset; unlimited swap is -1', () => {
    const b = createBody(input({ slots: [], cgroupParent: null, limits: limitSet({ cpus: null, pidsLimit: null, shmBytes: null, memorySwapBytes: null }) }));
    assert.equal(b.HostConfig.DeviceRequests, undefined);
    assert.equal(b.HostConfig.CgroupParent, undefined);
    assert.equal(b.HostConfig.NanoCpus, undefined);
    assert.equal(b.HostConfig.PidsLimit, undefined);
    assert.equal(b.HostConfig.ShmSize, undefined);
    assert.equal(b.HostConfig.MemorySwap, -1);
  });

  it('cgroup parent from group and sanitized user', () => {
    assert.equal(cgroupParentFor({ group: 'researcher', sanitizedUser: 'h_baker' }), 'ds01-researcher-h_baker.slice');
  });

  it('workspace paths that would change the bind string are refused', () => {
    assert.equal(workspaceRule('/home/a/proj'), null);
    assert.match(workspaceRule('relative/dir')!, /absolute/);
    assert.match(workspaceRule('/x:/etc')!, /":"/);
    assert.match(workspaceRule('/x,ro')!, /","/);
    assert.match(workspaceRule('/x\ny')!, /control/);
  });
});
