import { strict as assert } from 'node:assert';
import { parseCudaEventLine } from '../../../../src/core/cuda-failure/event';

describe('core/cuda-failure/event', () => {
  const good = {
    v: 1,
    ts: 1764583200123,
    pid: 4242,
    ppid: 1,
    uid: 1000,
    exe: '/usr/bin/python3.11',
    argv: ['python', 'train.py'],
    cwd: '/home/u/proj',
    cuda_result: 100,
    via: 'getprocaddress',
    exit_status: 1,
  };

  it('accepts a complete version-1 line', () => {
    const r = parseCudaEventLine(JSON.stringify(good));
    assert.equal(r.ok, true);
    if (r.ok) assert.equal(r.event.via, 'getprocaddress');
  });

  it('names the bad field of an invalid line', () => {
    const r = parseCudaEventLine(JSON.stringify({ ...good, via: 'magic' }));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /^via:/);
  });

  it('rejects text that is not JSON and unknown versions', () => {
    assert.equal(parseCudaEventLine('{oops').ok, false);
    assert.equal(parseCudaEventLine(JSON.stringify({ ...good, v: 2 })).ok, false);
  });
});
