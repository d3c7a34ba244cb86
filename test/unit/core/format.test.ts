import { strict as assert } from 'node:assert';
import {
  afterStopRule,
  formatAmount,
  formatBytes,
  formatDuration,
  formatGpuCount,
  formatGpuNumbers,
  formatGpus,
  stopGraceText,
  wrapLines,
} from '../../../src/core/format';

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

describe('core/format: one way to say GPUs, holds, graces (issue 25)', () => {
  it('counts and numbers: "2 GPUs: GPU 0, GPU 1", never a bare list that reads like a count', () => {
    assert.equal(formatGpus(['0', '1']), '2 GPUs: GPU 0, GPU 1');
    assert.equal(formatGpus(['1']), '1 GPU: GPU 1');
    assert.equal(formatGpus(['0.1']), '1 GPU: GPU 0.1');
    assert.equal(formatGpus([]), 'no GPU');
    assert.equal(formatGpus(['GPU-c05e1b7a-94d3']), '1 GPU', 'no reading yet: no UUID passed off as a number');
    assert.equal(formatGpuCount(2), '2 GPUs');
    assert.equal(formatGpuNumbers(['2', '3']), 'GPU 2, GPU 3');
  });

  it('after a stop: one rule in the words of the rows ("removed after")', () => {
    assert.equal(afterStopRule(15 * 60, 30 * 60), 'removed after 15m with a GPU, 30m without');
    assert.equal(afterStopRule(30 * 60, 30 * 60), 'removed after 30m');
    assert.equal(afterStopRule(60 * 60, 30 * 60), 'removed after 30m', 'the container hold removes a GPU container too');
    assert.equal(afterStopRule(null, 30 * 60), 'removed after 30m');
    assert.equal(afterStopRule(15 * 60, null), 'removed after 15m with a GPU; kept without');
    assert.equal(afterStopRule(null, null), 'kept until you retire it');
  });

  it('the stop grace, said while a retire waits', () => {
    assert.equal(stopGraceText(60), 'up to 60 s for its programs to exit, then killed');
    assert.equal(stopGraceText(10), 'up to 10 s for its programs to exit, then killed');
    assert.equal(stopGraceText(0), 'killed at once');
  });

  it('wraps text into lines for one-line widgets, no word lost', () => {
    const text = 'No capacity right now: 0 of 4 GPU slots are free and you asked for 1. This is not your limit; other containers hold them.';
    const lines = wrapLines(text, 40);
    assert.ok(
      lines.every((l) => l.length <= 40),
      lines.join('|'),
    );
    assert.equal(lines.join(' '), text);
  });
});
