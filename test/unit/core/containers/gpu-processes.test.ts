import { strict as assert } from 'node:assert';
import { containerIdFromCgroup, gpuActivity, gpuProcessView, processesByContainer } from '../../../../src/core/containers/gpu-processes';
import type { GpuProcess } from '../../../../src/core/model';
import { fullGpus } from '../../helpers/records';

const ID = 'fbd76aba98060cc12a6d8b69737b688f95657ba8155bdca7cd5ab0da30fba670';
const OTHER = 'c754259eb71da31c07fb2a6f1bb97080b1ecc8a037662544311fb6ef7bf17dbf';

describe('core/containers/gpu-processes', () => {
  it('finds the container id in every cgroup layout DS01 hosts use (v1 and v2)', () => {
    const layouts = {
      'cgroupfs v1': `12:memory:/docker/${ID}\n1:name=systemd:/docker/${ID}\n0::/docker/${ID}\n`,
      'cgroupfs v1, ds01 parent, nested prefix': `4:memory:/process_api/2aae/ds01-student-mail.slice/${ID}\n9:name=systemd:/ds01-student-mail.slice/${ID}\n`,
      'cgroupfs v2, ds01 parent': `0::/ds01-student-mail.slice/${ID}\n`,
      'systemd v2': `0::/system.slice/docker-${ID}.scope\n`,
      'systemd v2, ds01 slice, sub-cgroup': `0::/ds01.slice/ds01-student-mail.slice/docker-${ID}.scope/init.scope\n`,
      'systemd v1': `11:devices:/system.slice/docker-${ID}.scope\n1:name=systemd:/system.slice/docker-${ID}.scope\n`,
    };
    for (const [name, text] of Object.entries(layouts)) assert.equal(containerIdFromCgroup(text), ID, name);
  });

  it('maps host processes, delegated user cgroups and disagreeing lines to none', () => {
    assert.equal(containerIdFromCgroup('0::/user.slice/user-1000.slice/session-3.scope\n'), null);
    assert.equal(containerIdFromCgroup('12:memory:/\n0::/\n'), null);
    assert.equal(containerIdFromCgroup(`0::/user.slice/user-1000.slice/user@1000.service/app.slice/${ID}\n`), null);
    assert.equal(containerIdFromCgroup(`0::/user.slice/user-1000.slice/user@1000.service/docker-${ID}.scope\n`), null);
    assert.equal(containerIdFromCgroup(`0::/somewhere/${ID}\n`), null, 'a bare id needs docker/ or a slice above it');
    assert.equal(containerIdFromCgroup(`4:memory:/docker/${ID}\n5:pids:/docker/${OTHER}\n`), null);
    assert.equal(containerIdFromCgroup(''), null);
  });

  it('groups GPU processes by listed container and sums their memory; utilisation per slot', () => {
    const procs: GpuProcess[] = [
      { pid: 10, name: 'python', usedMemoryMiB: 1000, slotId: '0' },
      { pid: 11, name: 'python', usedMemoryMiB: 500, slotId: '1' },
      { pid: 12, name: 'host', usedMemoryMiB: 7, slotId: '1' },
      { pid: 13, name: 'foreign', usedMemoryMiB: 9, slotId: '2' },
    ];
    const ids = new Map<number, string | null>([
      [10, ID],
      [11, ID],
      [12, null],
      [13, OTHER],
    ]);
    const by = processesByContainer(procs, ids, [ID]);
    assert.deepEqual([...by.keys()], [ID]);
    const slots = fullGpus(4);
    const gpus = slots.map((s, i) => ({
      index: s.gpuIndex,
      uuid: s.uuid,
      name: s.model,
      migEnabled: false,
      memoryTotalMiB: null,
      memoryUsedMiB: null,
      utilizationPercent: i === 0 ? 87 : null,
      migSlots: [],
    }));
    const act = gpuActivity(by.get(ID)!, ['0', '1'], { slots, gpus });
    assert.deepEqual(act.gpuProcesses, [
      { pid: 10, slot: '0', usedMemoryMiB: 1000 },
      { pid: 11, slot: '1', usedMemoryMiB: 500 },
    ]);
    assert.equal(act.gpuMemoryMiB, 1500);
    assert.deepEqual(act.gpuUtilization, [
      { slot: '0', utilizationPercent: 87 },
      { slot: '1', utilizationPercent: null },
    ]);
    assert.equal(gpuActivity([], ['0'], { slots, gpus }).gpuMemoryMiB, 0);
    assert.equal(gpuActivity([{ ...procs[0], usedMemoryMiB: null }], ['0'], { slots, gpus }).gpuMemoryMiB, null);
  });
});

describe('core/containers/gpu-processes gpuProcessView', () => {
  const procs: GpuProcess[] = [
    { pid: 1, name: 'python train.py', usedMemoryMiB: 100, slotId: '0' },
    { pid: 2, name: 'secret-project', usedMemoryMiB: 200, slotId: '0' },
    { pid: 3, name: 'my-host-tool', usedMemoryMiB: 5, slotId: '1' },
    { pid: 4, name: 'gone', usedMemoryMiB: null, slotId: '1' },
    { pid: 5, name: 'someone-on-host', usedMemoryMiB: 7, slotId: '1' },
  ];
  const places = new Map([
    [1, { containerId: ID, uid: 0 }],
    [2, { containerId: OTHER, uid: 0 }],
    [3, { containerId: null, uid: 1000 }],
    [4, { containerId: null, uid: null }],
    [5, { containerId: null, uid: 1001 }],
  ]);

  it('names processes in my containers and my own host processes; counts everyone else per slot', () => {
    const v = gpuProcessView(procs, places, [{ id: ID, displayName: 'train' }], 1000);
    assert.deepEqual(
      v.mine.map((p) => [p.pid, p.container]),
      [
        [1, 'train'],
        [3, null],
      ],
    );
    assert.deepEqual(v.others, [
      { slot: '0', count: 1, usedMemoryMiB: 200 },
      { slot: '1', count: 2, usedMemoryMiB: null },
    ]);
    assert.doesNotMatch(JSON.stringify(v.others), /secret|someone/);
  });

  it('knows nobody when it cannot tell who the viewer is', () => {
    const v = gpuProcessView(procs, places, [], null);
    assert.equal(v.mine.length, 0);
    assert.equal(
      v.others.reduce((t, o) => t + o.count, 0),
      5,
    );
  });
});
