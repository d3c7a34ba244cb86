// The files a window follows a detached GPU waiter through: only this user's regular files are read (a link
// or FIFO planted in a file's place is refused without blocking), and a long progress log is read from its end.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount, removeAccount, runAs, skipUnlessRoot, uniqueName, type Account } from '../../helpers/accounts';
import { openWaitOutputs, pendingWaits, readWaitFile, removeWaitFiles, waitFilesDir, writeWaitPid } from '../../../../src/host/allocation/wait-files';

describe('host/allocation/wait-files', () => {
  let runtime: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    runtime = mkdtempSync(join(tmpdir(), 'ds01-waits-'));
    env = { XDG_RUNTIME_DIR: runtime };
  });
  afterEach(() => rmSync(runtime, { recursive: true, force: true }));

  it("keeps a wait's pid, output and progress in a folder of this user alone, and finds it again", () => {
    const dir = waitFilesDir(env);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const { out, err, progress, close } = openWaitOutputs(dir, 'box');
    writeFileSync(err, 'waiting\nnumber 1 in the queue\n');
    writeFileSync(progress, '{"type":"waited","waitedMs":1}\n');
    writeFileSync(out, '{"ok":true}');
    close();
    writeWaitPid(dir, 'box', 4242, '987');
    assert.equal(statSync(join(dir, 'box.pid')).mode & 0o777, 0o600);
    assert.deepEqual(pendingWaits(env), ['box']);
    assert.equal(readWaitFile(dir, 'box', 'pid'), '4242 987\n');
    assert.equal(readWaitFile(dir, 'box', 'out'), '{"ok":true}');
    assert.equal(readWaitFile(dir, 'box', 'err'), 'waiting\nnumber 1 in the queue\n');
    assert.equal(statSync(join(dir, 'box.progress')).mode & 0o777, 0o600);
    assert.equal(readWaitFile(dir, 'box', 'progress'), '{"type":"waited","waitedMs":1}\n');
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

  it("refuses a link or a FIFO planted in a wait file's place, without blocking, and never writes through a link", () => {
    const dir = waitFilesDir(env);
    writeFileSync(join(runtime, 'elsewhere'), '1 2\n');
    symlinkSync(join(runtime, 'elsewhere'), join(dir, 'box.pid'));
    assert.equal(readWaitFile(dir, 'box', 'pid'), '');
    execFileSync('mkfifo', [join(dir, 'box.err')]);
    assert.equal(readWaitFile(dir, 'box', 'err'), '');
    writeFileSync(join(runtime, 'victim'), 'keep');
    symlinkSync(join(runtime, 'victim'), join(dir, 'other.out'));
    assert.throws(() => openWaitOutputs(dir, 'other'), /ELOOP/);
    symlinkSync(join(runtime, 'victim'), join(dir, 'third.progress'));
    assert.throws(() => openWaitOutputs(dir, 'third'), /ELOOP/);
    assert.equal(statSync(join(runtime, 'victim')).size, 4);
  });

  it('refuses a waits folder that others can enter', () => {
    const dir = waitFilesDir(env);
    chmodSync(dir, 0o755);
    assert.throws(() => waitFilesDir(env), /is not yours alone/);
    assert.deepEqual(pendingWaits(env), []);
    assert.ok(existsSync(dir));
  });

  describe('without XDG_RUNTIME_DIR, against a second user (real accounts; issue 24 point 7)', () => {
    let alice: Account;
    let bob: Account;
    before(function () {
      skipUnlessRoot(this, 'to create second accounts (useradd)');
      alice = createAccount(uniqueName('h24wa'));
      bob = createAccount(uniqueName('h24wb'));
    });
    after(() => {
      if (alice) removeAccount(alice);
      if (bob) removeAccount(bob);
    });

    it("a folder bob made first at the old predictable name in /tmp changes nothing: alice's waits live in her own cache", () => {
      const squat = join(tmpdir(), `ds01-waits-${alice.uid}`);
      const home = join(runtime, 'home');
      chmodSync(runtime, 0o755);
      execFileSync('install', ['-d', '-m', '0700', '-o', String(alice.uid), '-g', String(alice.gid), home]);
      try {
        runAs(bob, 'mkdir', ['-m', '0700', squat]);
        const script =
          `const w=require(${JSON.stringify(join(__dirname, '../../../../src/host/allocation/wait-files.ts'))});` +
          'const d=w.waitFilesDir({HOME:process.argv[1]});w.writeWaitPid(d,"box",1,"2");console.log(d);console.log(w.pendingWaits({HOME:process.argv[1]}).join(","))';
        const [dir, pending] = runAs(alice, process.execPath, ['--import', 'tsx', '-e', script, home]).trim().split('\n');
        assert.equal(dir, join(home, '.cache', 'ds01', 'waits'));
        assert.equal(pending, 'box');
        assert.equal(statSync(dir).uid, alice.uid);
        assert.equal(statSync(dir).mode & 0o777, 0o700);
        assert.deepEqual(readdirSync(squat), [], "nothing of alice's went into bob's folder");
      } finally {
        rmSync(squat, { recursive: true, force: true });
      }
    });
  });
});
