import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CudaFailureRecognizer } from '../../../../src/core/cuda-failure';

const BENIGN = join(__dirname, '../../../fixtures/cuda-failures/benign');

describe('core/cuda-failure volume', function () {
  this.timeout(120_000);

  it('reads 100 MB of benign output without a match in bounded memory', () => {
    const logs = readdirSync(BENIGN).map((f) => readFileSync(join(BENIGN, f), 'utf8'));
    // A 64 KiB chunk made of the benign logs and a progress bar; reused, so the 100 MB is never held.
    let unit = '';
    for (let i = 0; unit.length < 64 * 1024; i++) unit += `${logs[i % logs.length]}\r 42%|####      | ${i}/1000\r\n`;
    const r = new CudaFailureRecognizer();
    const total = 100 * 1024 * 1024;
    let found = 0;
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    for (let fed = 0; fed < total; fed += unit.length) {
      found += r.push(unit).length;
      if ((fed / unit.length) % 64 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    found += r.end().length;
    assert.equal(found, 0);
    // The recognizer keeps at most one line and one traceback: growth beyond garbage churn means a leak.
    assert.ok(peak - before < 64 * 1024 * 1024, `heap grew by ${((peak - before) / 1048576).toFixed(1)} MiB`);
  });

  it('keeps a line without newlines bounded (10 MB of progress output)', () => {
    const r = new CudaFailureRecognizer({ maxLineLength: 64 * 1024 });
    const chunk = 'x'.repeat(64 * 1024);
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 160; i++) r.push(chunk);
    assert.ok(process.memoryUsage().heapUsed - before < 32 * 1024 * 1024);
    assert.deepEqual(r.end(), []);
  });
});
