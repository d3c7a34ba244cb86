import * as assert from 'node:assert/strict';
import { clampText, fitLimitsToEngine } from '../../../../src/core/containers/engine-capacity';
import { limitSet } from '../../helpers/records';

const GiB = 1024 ** 3;
const limits = (cpus: number | null, memoryBytes: number | null) => limitSet({ cpus, memoryBytes });

describe("core/containers/engine-capacity: limits fitted to the engine's machine", () => {
  it('lowers CPUs and memory above what the machine has, and names each', () => {
    const fitted = fitLimitsToEngine(limits(8, 64 * GiB), { cpus: 2, memoryBytes: 8 * GiB });
    assert.equal(fitted.limits.cpus, 2);
    assert.equal(fitted.limits.memoryBytes, 8 * GiB);
    assert.deepEqual(fitted.clamps.map(clampText), [
      'your limits allow 8 CPUs; this host has 2: using 2',
      'your limits allow 64 GiB of memory; this host has 8 GiB: using 8 GiB',
    ]);
  });

  it('keeps limits that fit, unlimited ones, and any the engine did not report', () => {
    assert.deepEqual(fitLimitsToEngine(limits(2, 8 * GiB), { cpus: 2, memoryBytes: 8 * GiB }).clamps, []);
    assert.deepEqual(fitLimitsToEngine(limits(null, null), { cpus: 2, memoryBytes: GiB }).limits, limits(null, null));
    const unreported = fitLimitsToEngine(limits(8, 64 * GiB), { cpus: null, memoryBytes: null });
    assert.deepEqual([unreported.limits.cpus, unreported.limits.memoryBytes, unreported.clamps], [8, 64 * GiB, []]);
  });

  it('says "1 CPU" and keeps fractions', () => {
    assert.equal(clampText({ resource: 'cpus', allowed: 1.5, host: 1 }), 'your limits allow 1.5 CPUs; this host has 1: using 1');
  });

  it('does not change the limits it was given', () => {
    const given = limits(8, null);
    fitLimitsToEngine(given, { cpus: 2, memoryBytes: null });
    assert.equal(given.cpus, 8);
  });
});
