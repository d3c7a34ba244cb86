import { strict as assert } from 'node:assert';
import { adviceInContainer } from '../../../../src/core/container-logs/advice';
import { parseSince, parseTail } from '../../../../src/core/container-logs/request';
import { stopNote } from '../../../../src/core/container-logs/stop-note';
import { isProblemError } from '../../../../src/core/problem';

describe('core/container-logs', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  it('--since: durations back from now, ISO times, unix seconds; anything else is one usage problem', () => {
    const t = now.getTime() / 1000;
    assert.equal(parseSince('90s', now), t - 90);
    assert.equal(parseSince('10m', now), t - 600);
    assert.equal(parseSince('2h', now), t - 7200);
    assert.equal(parseSince('1d', now), t - 86400);
    assert.equal(parseSince('2026-12-07T09:00:00Z', now), t - 3600);
    assert.equal(parseSince('1765101600', now), 1765101600);
    for (const bad of ['yesterday', '-5m', '10', ''])
      assert.throws(
        () => parseSince(bad, now),
        (e) => isProblemError(e) && e.problem.kind === 'usage' && e.problem.message.includes('--since'),
      );
  });
  it('--tail: a count or all', () => {
    assert.equal(parseTail('0'), 0);
    assert.equal(parseTail('200'), 200);
    assert.equal(parseTail('all'), 'all');
    for (const bad of ['-1', 'lots', '1.5'])
      assert.throws(
        () => parseTail(bad),
        (e) => isProblemError(e) && e.problem.message.includes('--tail'),
      );
  });
  it('advice inside a container: no device means no GPU in it, never "deploy a container" for a blocked host', () => {
    const none = adviceInContainer({ kind: 'blocked-host' }, { displayName: 'proj', gpuCount: 0 });
    assert.match(none.explanation, /proj has no GPU/);
    assert.match(none.next, /--gpus 1/);
    const held = adviceInContainer({ kind: 'blocked-host' }, { displayName: 'proj', gpuCount: 1 });
    assert.match(held.explanation, /holds a GPU but CUDA saw none/);
    assert.match(adviceInContainer({ kind: 'out-of-memory' }, { displayName: 'proj', gpuCount: 1 }).next, /ds01 container stats proj/);
    assert.equal(adviceInContainer({ kind: 'illegal-access' }, { displayName: 'proj', gpuCount: 1 }).next.includes('CUDA_LAUNCH_BLOCKING'), true);
  });
  it("stop note: none while running or paused; exit code, OOM kill, the host's reason when known", () => {
    const base = { finishedAt: new Date('2026-12-07T09:30:00Z'), exitCode: 137, oomKilled: false };
    assert.equal(stopNote('p', { ...base, state: 'running' }, null, now), null);
    assert.equal(stopNote('p', { ...base, state: 'paused' }, null, now), null);
    assert.match(stopNote('p', { ...base, state: 'exited' }, null, now)!, /^p stopped at \d\d:30 with exit code 137\.$/);
    assert.match(stopNote('p', { ...base, state: 'exited', oomKilled: true }, null, now)!, /OOM/);
    assert.match(
      stopNote(
        'p',
        { ...base, state: 'exited' },
        { kind: 'idle', at: base.finishedAt, text: "stopped and removed by the host's idle check after 2h idle" },
        now,
      )!,
      /: stopped and removed by the host's idle check after 2h idle\.$/,
    );
    assert.equal(stopNote('p', { ...base, state: 'created', exitCode: null }, null, now), 'p has not run yet (created, never started).');
  });
});
