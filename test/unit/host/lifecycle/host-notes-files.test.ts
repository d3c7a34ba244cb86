// The host's event log and alerts file as the lifecycle notices read them: the reason of a stop, each alert,
// and the shared-file rules (no links followed, regular files of root or the user only).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAlerts, stopReason } from '../../../../src/core/lifecycle';
import { readHostAlerts, readStopReason, readTail } from '../../../../src/host/lifecycle';

const line = (o: object) => JSON.stringify(o);

describe('host/lifecycle: event log and alerts', () => {
  it("finds the host's runtime or idle kill of a container at or after the stop, the latest one", () => {
    const lines = [
      line({ timestamp: '2026-12-04T09:35:02Z', event_type: 'maintenance.runtime_kill', details: { container: 'a._.1000', runtime: '24h' } }),
      line({ timestamp: '2026-12-04T10:20:05Z', event_type: 'maintenance.idle_kill', details: { container: 'a._.1000', idle_duration: '2h' } }),
      line({ timestamp: '2026-12-04T10:20:06Z', event_type: 'maintenance.idle_kill', details: { container: 'b._.1000' } }),
      'not json',
    ];
    const r = stopReason(lines, 'a._.1000', new Date('2026-12-04T10:15:00Z'));
    assert.equal(r?.kind, 'idle');
    assert.equal(r?.text, "stopped and removed by the host's idle check after 2h idle");
    assert.equal(stopReason(lines, 'a._.1000', new Date('2026-12-04T11:00:00Z')), null);
    assert.equal(stopReason(lines, 'c', new Date(0)), null);
  });

  it('parses alerts, keyed by type and creation time; anything else gives none', () => {
    assert.deepEqual(parseAlerts('[{"type":"gpu_available","message":"GPU now available!","created_at":"2026-12-04T10:00:00Z"}]'), [
      { key: 'gpu_available|2026-12-04T10:00:00Z', type: 'gpu_available', message: 'GPU now available!', createdAt: '2026-12-04T10:00:00Z' },
    ]);
    assert.deepEqual(parseAlerts('{"message":"x"}'), []);
    assert.deepEqual(parseAlerts('nope'), []);
  });

  it('reads the files without following links', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds01-notes-'));
    mkdirSync(join(dir, 'log'));
    writeFileSync(
      join(dir, 'real.jsonl'),
      `${line({ timestamp: new Date().toISOString(), event_type: 'maintenance.runtime_kill', details: { container: 'x' } })}\n`,
    );
    symlinkSync(join(dir, 'real.jsonl'), join(dir, 'log', 'events.jsonl'));
    assert.equal(readTail(join(dir, 'log', 'events.jsonl'), 1024, [process.getuid!()]), null);
    assert.equal(readStopReason({ DS01_LOG_DIR: join(dir, 'log') }, 'x', new Date(Date.now() - 60_000)), null);
    assert.ok(readTail(join(dir, 'real.jsonl'), 1024, [process.getuid!()]));
    mkdirSync(join(dir, 'alerts'));
    symlinkSync(join(dir, 'real.jsonl'), join(dir, 'alerts', 'u.json'));
    assert.deepEqual(readHostAlerts(dir, 'u'), []);
    assert.deepEqual(readHostAlerts(dir, '../u'), []);
  });

  it('refuses a FIFO planted as the event log or an alerts file, without blocking', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds01-notes-'));
    mkdirSync(join(dir, 'log'));
    execFileSync('mkfifo', [join(dir, 'log', 'events.jsonl')]);
    assert.equal(readTail(join(dir, 'log', 'events.jsonl'), 1024, [process.getuid!()]), null);
    assert.equal(readStopReason({ DS01_LOG_DIR: join(dir, 'log') }, 'x', new Date(0)), null);
    mkdirSync(join(dir, 'alerts'));
    execFileSync('mkfifo', [join(dir, 'alerts', 'u.json')]);
    assert.deepEqual(readHostAlerts(dir, 'u'), []);
  });

  it('reads only the tail of a long log, from its first whole line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds01-notes-'));
    writeFileSync(join(dir, 'f'), 'first line\nsecond\nthird\n');
    assert.equal(readTail(join(dir, 'f'), 15, [process.getuid!()]), 'second\nthird\n');
    assert.equal(readTail(join(dir, 'f'), 8, [process.getuid!()]), 'third\n');
    assert.equal(readTail(join(dir, 'f'), 1024, [process.getuid!()]), 'first line\nsecond\nthird\n');
  });

  it('refuses a file owned by another user', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds01-notes-'));
    writeFileSync(join(dir, 'f'), 'x');
    assert.equal(readTail(join(dir, 'f'), 10, [12345]), null);
  });
});
