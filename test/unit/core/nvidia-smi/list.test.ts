import { strict as assert } from 'node:assert';
import { parseSmiList } from '../../../../src/core/nvidia-smi';
import { fixture } from './fixtures';

describe('core/nvidia-smi -L', () => {
  it('reads GPUs and their MIG devices with profile, device number and UUID', () => {
    const gpus = parseSmiList(fixture('a100x2-mig').list);
    assert.equal(gpus.length, 2);
    assert.deepEqual(gpus[0], { index: 0, name: 'NVIDIA A100-PCIE-40GB', uuid: 'GPU-3f2c9a41-6b0e-4d2f-9a8c-1e5b7d04c2a1', migs: [] });
    assert.deepEqual(
      gpus[1].migs.map((m) => [m.profile, m.device]),
      [
        ['3g.20gb', 0],
        ['2g.10gb', 1],
        ['1g.5gb', 2],
      ],
    );
    assert.equal(gpus[1].migs[2].uuid, 'MIG-0f6b2d91-e85c-5a47-b3d0-94c7e1a2f668');
  });

  it('reads the four GPUs of the reference host', () => {
    assert.deepEqual(
      parseSmiList(fixture('a100x4-mig-off').list).map((g) => g.index),
      [0, 1, 2, 3],
    );
  });

  it('reads the R450/R460 form with MIG-GPU-<uuid>/<gi>/<ci> identifiers', () => {
    const old =
      'GPU 0: A100-SXM4-40GB (UUID: GPU-5d5ba0d6-d33d-2b2c-524d-9e3d8d2b8a77)\n' +
      '  MIG 1g.5gb Device 0: (UUID: MIG-GPU-5d5ba0d6-d33d-2b2c-524d-9e3d8d2b8a77/7/0)\n';
    const [g] = parseSmiList(old);
    assert.equal(g.name, 'A100-SXM4-40GB');
    assert.deepEqual(g.migs, [{ profile: '1g.5gb', device: 0, uuid: 'MIG-GPU-5d5ba0d6-d33d-2b2c-524d-9e3d8d2b8a77/7/0' }]);
  });

  it('rejects text that is not a GPU list, quoting the line', () => {
    assert.throws(() => parseSmiList('No devices were found\n'), /neither a GPU nor a MIG device: "No devices were found"/);
    assert.throws(() => parseSmiList('\n\n'), /printed no GPU/);
  });
});
