import { strict as assert } from 'node:assert';
import { MAX_PAUSE_SECONDS, pauseMeaning, pausedSince, pausedText } from '../../../../src/core/pause/meaning';

describe('core/pause', () => {
  it('the host has no maximum pause time (its limits script has no --max-pause-time)', () => {
    assert.equal(MAX_PAUSE_SECONDS, null);
  });
  it('says GPUs stay held, and the idle and runtime rules only where they apply', () => {
    const withRules = pauseMeaning({ displayName: 'p', slots: ['0', '1.2'] }, { idleTimeoutSeconds: 3600, maxRuntimeSeconds: 48 * 3600 }).join(' ');
    assert.match(withRules, /GPUs 0, 1\.2 stay allocated to you/);
    assert.match(withRules, /stops it after 1h idle/);
    assert.match(withRules, /max runtime \(48h from its start\)/);
    const none = pauseMeaning({ displayName: 'p', slots: [] }, { idleTimeoutSeconds: null, maxRuntimeSeconds: null }).join(' ');
    assert.match(none, /holds no GPU/);
    assert.doesNotMatch(none, /idle check|max runtime/);
  });
  it('paused since: the last pause not undone by an unpause, start or die', () => {
    const t = (m: number) => new Date(Date.UTC(2026, 11, 7, 9, m));
    assert.deepEqual(
      pausedSince([
        { action: 'pause', time: t(1) },
        { action: 'unpause', time: t(2) },
        { action: 'pause', time: t(5) },
      ]),
      t(5),
    );
    assert.equal(
      pausedSince([
        { action: 'pause', time: t(1) },
        { action: 'die', time: t(2) },
      ]),
      null,
    );
    assert.equal(pausedSince([]), null);
    assert.equal(pausedText(t(5), t(17)), 'paused 12m');
    assert.equal(pausedText(t(5), t(5)), 'paused 1m');
    assert.equal(pausedText(null, t(5)), 'paused');
  });
});
