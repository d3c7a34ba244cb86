import { strict as assert } from 'node:assert';
import type { GpuInventory } from '../../../../src/core/model';
import { gpuUsesOf } from '../../../../src/host/container-stats/own-stats';
import { ds01Container, fullGpus } from '../../helpers/records';

describe('host/container-stats gpuUsesOf', () => {
  const slots = fullGpus(2);
  const inventory: GpuInventory = {
    driverVersion: null,
    cudaVersion: null,
    gpus: slots.map((s, i) => ({
      index: s.gpuIndex,
      uuid: s.uuid,
      name: s.model,
      migEnabled: false,
      memoryTotalMiB: 40960,
      memoryUsedMiB: 100,
      utilizationPercent: [30, 70][i],
      migSlots: [],
    })),
    slots,
    // This test's own process: on the host, in no container.
    processes: [{ pid: process.pid, name: 'node', usedMemoryMiB: 100, slotId: '0' }],
  };
  const containers = [ds01Container('a', { gpuUuids: [slots[0].uuid] }), ds01Container('b'), ds01Container('c', { gpuUuids: [slots[1].uuid] })];

  it('gives each container its own slots and GPU figures, in order; a host process is in none of them', () => {
    assert.deepEqual(gpuUsesOf(containers, inventory, null), [
      { slots: ['0'], gpu: { memoryMiB: 0, utilizationPercent: 30, why: null } },
      { slots: [], gpu: { memoryMiB: null, utilizationPercent: null, why: 'it holds no GPU' } },
      { slots: ['1'], gpu: { memoryMiB: 0, utilizationPercent: 70, why: null } },
    ]);
  });
  it('without a reading: null figures and why', () => {
    assert.deepEqual(
      gpuUsesOf(containers, null, 'nvidia-smi: not here').map((u) => u.gpu.why),
      ['nvidia-smi: not here', 'it holds no GPU', 'nvidia-smi: not here'],
    );
  });
});
