import { strict as assert } from 'node:assert';
import { needsList, parseInventory, parseSmiXml } from '../../../../src/core/nvidia-smi';
import { fixture } from './fixtures';

describe('core/nvidia-smi inventory', () => {
  describe('4x A100, MIG off (the reference host)', () => {
    const { xml, list } = fixture('a100x4-mig-off');
    const inv = parseInventory(xml);

    it('needs no -L call', () => {
      assert.equal(needsList(parseSmiXml(xml)), false);
    });

    it('reads driver and CUDA versions', () => {
      assert.equal(inv.driverVersion, '550.127.05');
      assert.equal(inv.cudaVersion, '12.4');
    });

    it('has four full-GPU slots 0..3 with the UUIDs -L shows, 1.0 gpueq each', () => {
      assert.deepEqual(
        inv.slots.map((s) => s.id),
        ['0', '1', '2', '3'],
      );
      assert.ok(inv.slots.every((s) => s.kind === 'gpu' && s.equivalents === 1));
      const listed = [...list.matchAll(/UUID: (GPU-[^)]+)\)/g)].map((m) => m[1]);
      assert.deepEqual(
        inv.slots.map((s) => s.uuid),
        listed,
      );
    });

    it('reads model, memory and utilisation', () => {
      const g = inv.gpus[2];
      assert.equal(g.name, 'NVIDIA A100-PCIE-40GB');
      assert.equal(g.migEnabled, false);
      assert.equal(g.memoryTotalMiB, 40960);
      assert.equal(g.memoryUsedMiB, 4);
      assert.equal(g.utilizationPercent, 0);
      assert.deepEqual(g.migSlots, []);
      assert.equal(inv.slots[2].memoryTotalMiB, 40960);
    });

    it('has no processes', () => {
      assert.deepEqual(inv.processes, []);
    });

    it('gives the same inventory when -L is passed anyway', () => {
      assert.deepEqual(parseInventory(xml, list), inv);
    });
  });

  describe('4x A100 with processes', () => {
    const inv = parseInventory(fixture('a100x4-processes').xml);

    it('puts each process on its GPU slot with its memory', () => {
      assert.deepEqual(inv.processes, [
        { pid: 48211, name: '/opt/conda/bin/python', usedMemoryMiB: 18800, slotId: '0' },
        { pid: 51007, name: 'python3', usedMemoryMiB: 22144, slotId: '2' },
        { pid: 51342, name: '/usr/local/bin/jupyter-lab', usedMemoryMiB: 8060, slotId: '2' },
      ]);
    });

    it('reads utilisation and memory of busy GPUs', () => {
      assert.equal(inv.gpus[0].utilizationPercent, 97);
      assert.equal(inv.gpus[0].memoryUsedMiB, 18811);
      assert.equal(inv.gpus[2].utilizationPercent, 58);
    });
  });

  describe('MIG host: GPU 0 full, GPU 1 split 3g.20gb + 2g.10gb + 1g.5gb', () => {
    const { xml, list } = fixture('a100x2-mig');

    it('needs -L for profile names and MIG UUIDs', () => {
      assert.equal(needsList(parseSmiXml(xml)), true);
    });

    it('refuses to build MIG slots without -L', () => {
      assert.throws(() => parseInventory(xml), /nvidia-smi -L/);
    });

    const inv = parseInventory(xml, list);

    it('numbers MIG slots <gpu>.<device> as -L numbers them', () => {
      assert.deepEqual(
        inv.slots.map((s) => [s.id, s.kind, s.model]),
        [
          ['0', 'gpu', 'NVIDIA A100-PCIE-40GB'],
          ['1.0', 'mig', '3g.20gb'],
          ['1.1', 'mig', '2g.10gb'],
          ['1.2', 'mig', '1g.5gb'],
        ],
      );
      assert.equal(inv.slots[2].uuid, 'MIG-a90c3e57-12d4-5b8f-8c6a-e1f2037b4d95');
      assert.ok(inv.slots.slice(1).every((s) => s.gpuIndex === 1));
    });

    it('gives each slot its gpueq: 1, 3/7, 2/7, 1/7', () => {
      assert.deepEqual(
        inv.slots.map((s) => s.equivalents),
        [1, 3 / 7, 2 / 7, 1 / 7],
      );
    });

    it('reads slice memory from the MIG device, not the parent', () => {
      assert.equal(inv.slots[1].memoryTotalMiB, 19968);
      assert.equal(inv.slots[1].memoryUsedMiB, 4211);
    });

    it('does not offer the split GPU itself as a slot; its utilisation is unknown', () => {
      assert.ok(!inv.slots.some((s) => s.id === '1'));
      assert.equal(inv.gpus[1].migEnabled, true);
      assert.equal(inv.gpus[1].utilizationPercent, null);
      assert.equal(inv.gpus[1].migSlots.length, 3);
    });

    it('places a process on the slice of its GPU and compute instance', () => {
      assert.deepEqual(inv.processes, [{ pid: 60311, name: 'python', usedMemoryMiB: 4198, slotId: '1.0' }]);
    });

    it('prefers a MIG UUID from the XML where the driver prints one', () => {
      const withUuid = xml.replace('<index>2</index>', '<index>2</index>\n<uuid>MIG-11111111-2222-3333-4444-555555555555</uuid>');
      assert.equal(parseInventory(withUuid, list).slots[3].uuid, 'MIG-11111111-2222-3333-4444-555555555555');
    });

    it('names the disagreement when -L lacks a MIG device of the XML', () => {
      const shortList = list
        .split('\n')
        .filter((l) => !l.includes('Device  2'))
        .join('\n');
      assert.throws(
        () => parseInventory(xml, shortList),
        (e: Error & { problem?: { kind: string } }) => e.problem?.kind === 'nvidia-smi-garbage' && /no MIG device 2 under GPU 1/.test(e.message),
      );
    });
  });

  describe('MIG on without instances', () => {
    const { xml } = fixture('a100x1-mig-empty');
    const inv = parseInventory(xml);

    it('has the GPU but no allocatable slot, and needs no -L', () => {
      assert.equal(needsList(parseSmiXml(xml)), false);
      assert.equal(inv.gpus.length, 1);
      assert.equal(inv.gpus[0].migEnabled, true);
      assert.deepEqual(inv.slots, []);
    });
  });
});
