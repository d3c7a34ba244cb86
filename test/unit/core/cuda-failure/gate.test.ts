import { strict as assert } from 'node:assert';
import { FailureGate } from '../../../../src/core/cuda-failure/gate';

describe('core/cuda-failure/gate', () => {
  it('admits one sighting per burst across sources', () => {
    const g = new FailureGate(15_000);
    assert.equal(g.admit({ source: 'terminal', kind: 'blocked-host', at: 1000 }), true);
    assert.equal(g.admit({ source: 'notice-event', kind: 'blocked-host', at: 1500, pid: 42 }), false);
    assert.equal(g.admit({ source: 'notebook', kind: 'blocked-host', at: 9000 }), false);
  });

  it('admits again after a pause longer than the window', () => {
    const g = new FailureGate(15_000);
    assert.equal(g.admit({ source: 'terminal', kind: 'blocked-host', at: 0 }), true);
    assert.equal(g.admit({ source: 'terminal', kind: 'blocked-host', at: 10_000 }), false);
    assert.equal(g.admit({ source: 'terminal', kind: 'blocked-host', at: 24_000 }), false, 'the burst extended to 10 s');
    assert.equal(g.admit({ source: 'terminal', kind: 'blocked-host', at: 40_000 }), true);
  });

  it('keeps kinds apart', () => {
    const g = new FailureGate();
    assert.equal(g.admit({ source: 'terminal', kind: 'blocked-host', at: 0 }), true);
    assert.equal(g.admit({ source: 'terminal', kind: 'out-of-memory', at: 1 }), true);
  });

  it('never admits the same pid twice', () => {
    const g = new FailureGate(1000);
    assert.equal(g.admit({ source: 'notice-event', kind: 'blocked-host', at: 0, pid: 7 }), true);
    assert.equal(g.admit({ source: 'notice-event', kind: 'blocked-host', at: 2000, pid: 7 }), false);
    assert.equal(g.admit({ source: 'notice-event', kind: 'blocked-host', at: 2000, pid: 8 }), true);
  });

  it('admits a pid once more when it comes back as another kind (re-classified as blocked-host)', () => {
    const g = new FailureGate();
    assert.equal(g.admit({ source: 'debug', kind: 'other-cuda', at: 0, pid: 7 }), true);
    assert.equal(g.admit({ source: 'debug', kind: 'blocked-host', at: 10, pid: 7 }), true);
    assert.equal(g.admit({ source: 'notice-event', kind: 'blocked-host', at: 20_000, pid: 7 }), false);
  });

  it('closeBursts admits the next sighting of a kind but still not a pid already seen', () => {
    const g = new FailureGate();
    assert.equal(g.admit({ source: 'notice-event', kind: 'blocked-host', at: 0, pid: 7 }), true);
    g.closeBursts();
    assert.equal(g.admit({ source: 'notice-event', kind: 'blocked-host', at: 10, pid: 7 }), false);
    assert.equal(g.admit({ source: 'terminal', kind: 'blocked-host', at: 20 }), true);
  });
});
