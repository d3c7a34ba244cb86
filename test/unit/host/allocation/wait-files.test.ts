// The files a window follows a detached GPU waiter through: only this user's regular files are read (a link
// or FIFO planted in a file's place is refused without blocking), and a long progress log is read from its end.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWaitOutputs, pendingWaits, readWaitFile, removeWaitFiles, waitFilesDir, writeWaitPid } from '../../../../src/host/allocation/wait-files';

describe('host/allocation/wait-files', () => {
  let runtime: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    runtime = mkdtempSync(join(tmpdir(), 'ds01-waits-'));
    env = { XDG_RUNTIME_DIR: runtime };
  });
  afterEach(() => rmSync(runtime, { recursive: true, force: true }));

  it('keeps a wait\'s pid, output and progress in a folder of this user alone, and finds it again', () => {
    const dir = waitFilesDir(env);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const { out, err, close } = openWaitOutputs(dir, 'box');
    writeFileSync(err, 'waiting\nnumber 1 in the queue\n');
    writeFileSync(out, '{"ok":true}');
    close();
    writeWaitPid(dir, 'box', 4242, '987');
    assert.equal(statSync(join(dir, 'box.pid')).mode & 0o777, 0o600);
    assert.deepEqual(pendingWaits(env), ['box']);
    assert.equal(readWaitFile(dir, 'box', 'pid'), '4242 987\n');
    assert.equal(readWaitFile(dir, 'box', 'out'), '{"ok":true}');
    assert.equal(readWaitFile(dir, 'box', 'err'), 'waiting\nnumber 1 in the queue\n');
    removeWaitFiles(dir, 'box');
    assert.deepEqual(readdirSync(dir), []);
    assert.equal(readWaitFile(dir, 'box', 'pid'), '');
  });

  it('reads the end of a long progress log, where the latest line is', () => {
    const dir = waitFilesDir(env);
    writeFileSync(join(dir, 'box.err'), `${'number 2 in the queue\n'.repeat(10_000)}number 1 in the queue\n`);
    assert.ok(readWaitFile(dir, 'box', 'err').endsWith('number 1 in the queue\n'));
    assert.equal(readWaitFile(dir, 'box', 'err').length, 64 * 1024);
  });

  it('refuses a link or a FIFO planted in a wait file\'s place, without blocking, and never writes through a link', () => {
    const dir = waitFilesDir(env);
    writeFileSync(join(runtime, 'elsewhere'), '1 2\n');
    symlinkSync(join(runtime, 'elsewhere'), join(dir, 'box.pid'));
    assert.equal(readWaitFile(dir, 'box', 'pid'), '');
    execFileSync('mkfifo', [join(dir, 'box.err')]);
    assert.equal(readWaitFile(dir, 'box', 'err'), '');
    writeFileSync(join(runtime, 'victim'), 'keep');
    symlinkSync(join(runtime, 'victim'), join(dir, 'other.out'));
    assert.throws(() => openWaitOutputs(dir, 'other'), /ELOOP/);
    assert.equal(statSync(join(runtime, 'victim')).size, 4);
  });

  it('refuses a waits folder that others can enter', () => {
    const dir = waitFilesDir(env);
    chmodSync(dir, 0o755);
    assert.throws(() => waitFilesDir(env), /is not yours alone/);
    assert.deepEqual(pendingWaits(env), []);
    assert.ok(existsSync(dir));
  });
});
