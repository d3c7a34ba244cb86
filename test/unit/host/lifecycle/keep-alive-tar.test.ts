// Issue 25: an image without `touch` gets /workspace/.keep-alive through the engine's archive upload; the
// archive is read back by the system's own tar (a real process), name, mode, size and time as written.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyFileTar } from '../../../../src/host/lifecycle/keep-alive';

describe('host/lifecycle/keep-alive: the archive for the upload', () => {
  it('is one empty regular file .keep-alive, 0644, with the given time, as tar lists it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds01-tar-'));
    try {
      const file = join(dir, 'k.tar');
      writeFileSync(file, emptyFileTar('.keep-alive', new Date('2026-12-07T06:00:00Z')));
      const listed = execFileSync('tar', ['tvf', file, '--full-time', '--utc'], { encoding: 'utf8' }).trim();
      assert.match(listed, /^-rw-r--r-- 0\/0 +0 2026-12-07 06:00:00 \.keep-alive$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
