import { strict as assert } from 'node:assert';
import { formatAmount, formatBytes, formatDuration } from '../../../src/core/format';

describe('core/format', () => {
  it('formats durations in h, m and s', () => {
    assert.equal(formatDuration(1800), '30m');
    assert.equal(formatDuration(86400), '24h');
    assert.equal(formatDuration(5400), '1h 30m');
    assert.equal(formatDuration(90), '1m 30s');
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(null), 'unlimited');
    assert.equal(formatDuration(null, 'never'), 'never');
  });

  it('formats sizes in binary units', () => {
    assert.equal(formatBytes(32 * 1024 ** 3), '32 GiB');
    assert.equal(formatBytes(512 * 1024 ** 2), '512 MiB');
    assert.equal(formatBytes(1.5 * 1024 ** 3), '1.5 GiB');
    assert.equal(formatBytes(1024 ** 4), '1 TiB');
    assert.equal(formatBytes(100), '100 B');
    assert.equal(formatBytes(null), 'unlimited');
  });

  it('formats amounts with at most two decimals', () => {
    assert.equal(formatAmount(4), '4');
    assert.equal(formatAmount(2 / 7), '0.29');
    assert.equal(formatAmount(null), 'unlimited');
  });
});
