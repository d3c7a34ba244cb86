import { strict as assert } from 'node:assert';
import { migEquivalents } from '../../../../src/core/nvidia-smi';

const A100 = 'NVIDIA A100-PCIE-40GB';

describe('core/nvidia-smi MIG profile gpueq', () => {
  it('is compute slices / 7 for A100 and H100 profiles', () => {
    assert.equal(migEquivalents('1g.5gb', A100), 1 / 7);
    assert.equal(migEquivalents('2g.20gb', 'NVIDIA A100 80GB PCIe'), 2 / 7);
    assert.equal(migEquivalents('3g.20gb', A100), 3 / 7);
    assert.equal(migEquivalents('7g.40gb', A100), 1);
    assert.equal(migEquivalents('1g.12gb', 'NVIDIA H100 NVL'), 1 / 7);
  });

  it('ignores media-engine suffixes, which add no compute', () => {
    assert.equal(migEquivalents('1g.10gb+me', 'NVIDIA A100-SXM4-80GB'), 1 / 7);
    assert.equal(migEquivalents('1g.18gb+me.all', 'NVIDIA H200'), 1 / 7);
    assert.equal(migEquivalents('1g.18gb-me', 'NVIDIA H200'), 1 / 7);
  });

  it('counts the compute slices of a compute-instance profile', () => {
    assert.equal(migEquivalents('1c.3g.20gb', A100), 1 / 7);
    assert.equal(migEquivalents('2c.3g.20gb', A100), 2 / 7);
  });

  it('uses 4 slices on an A30', () => {
    assert.equal(migEquivalents('2g.12gb', 'NVIDIA A30'), 2 / 4);
    assert.equal(migEquivalents('4g.24gb', 'NVIDIA A30'), 1);
  });

  it('rejects names that are no MIG profile, naming the profile', () => {
    for (const bad of ['MIG', '3g', 'g.20gb', '0g.5gb', '9g.80gb', '3g.20gb junk']) {
      assert.throws(
        () => migEquivalents(bad, A100),
        (e: Error & { problem?: { kind: string } }) => e.problem?.kind === 'nvidia-smi-garbage' && e.message.includes(`'${bad}'`),
      );
    }
  });
});
