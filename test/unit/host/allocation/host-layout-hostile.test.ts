// The shared state folder against a hostile second user (issue 24 points 4 and 5): real accounts made with
// useradd run `ds01` code as themselves (setpriv), squat the names the lock and the queue live under, and root
// lays the folder out with the real `ds01 admin setup-host`. A user's deploy must never create a shared file that
// then decides for others, and a squatted layout is named, with whom to ask.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lockFilePath } from '../../../../src/host/allocation/lock';
import { queueDirPath } from '../../../../src/host/allocation/gpu-queue';
import { createAccount, removeAccount, runAs, skipUnlessRoot, uniqueName, type Account } from '../../helpers/accounts';

const ROOT = resolve(__dirname, '../../../..');

/** As `who`: take the host lock (as a deploy does) and join the queue folder; prints "ok" or the problem's message and fix. */
function deployStepsAs(who: Account, stateDir: string): string {
  const script = `
    const { withHostLock } = require(${JSON.stringify(join(ROOT, 'src/host/allocation/lock.ts'))});
    const { prepareQueueDir } = require(${JSON.stringify(join(ROOT, 'src/host/allocation/gpu-queue.ts'))});
    withHostLock(${JSON.stringify(stateDir)}, async () => prepareQueueDir(${JSON.stringify(stateDir)}), { hostAllocatorLock: null })
      .then(() => console.log('ok'), (e) => console.log(e.problem ? e.problem.message + '\\n' + e.problem.fix : String(e)));`;
  return runAs(who, process.execPath, ['--import', 'tsx', '-e', script]).trim();
}

function setupHost(stateDir: string, ...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'admin', 'setup-host', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30000,
    env: { ...process.env, DS01_STATE_DIR: stateDir, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('host/allocation/host-layout against a hostile user (real accounts, real ds01 admin setup-host)', function () {
  this.timeout(60_000);
  let bob: Account;
  let alice: Account;
  let top: string;
  let stateDir: string;

  before(function () {
    skipUnlessRoot(this, 'to create second accounts (useradd)');
    bob = createAccount(uniqueName('h24bob'));
    alice = createAccount(uniqueName('h24al'));
  });
  after(() => {
    if (bob) removeAccount(bob);
    if (alice) removeAccount(alice);
  });
  beforeEach(() => {
    top = mkdtempSync(join(tmpdir(), 'ds01-layout-'));
    chmodSync(top, 0o755);
    stateDir = join(top, 'state');
    mkdirSync(stateDir, { mode: 0o755 });
    chmodSync(stateDir, 0o755);
  });
  afterEach(() => rmSync(top, { recursive: true, force: true }));

  it("a user's deploy on a host not set up creates no shared file, and says what is missing and whom to ask (point 4)", () => {
    // The layout as an administrator made it before: a 1777 locks folder every user may add the lock file to.
    mkdirSync(join(stateDir, 'locks'));
    chmodSync(join(stateDir, 'locks'), 0o1777);
    const said = deployStepsAs(bob, stateDir);
    assert.equal(existsSync(lockFilePath(stateDir)), false, `bob's deploy made the shared lock file (${said})`);
    assert.equal(existsSync(queueDirPath(stateDir)), false, "bob's deploy made the queue folder");
    const [message, fix] = said.split('\n');
    assert.match(message, /locks\/gpu-allocation\.lock \(the host GPU lock\) is missing: this host is not set up for GPU deploys\./);
    assert.equal(fix, `Ask an administrator to run: sudo env DS01_STATE_DIR=${stateDir} ds01 admin setup-host`);

    // The administrator's one command; then both users deploy, and neither owns anything shared.
    const setup = setupHost(stateDir, '--systemd-dir', join(top, 'no-systemd'));
    assert.equal(setup.code, 0, setup.out);
    assert.match(setup.out, /made +\S+gpu-allocation\.lock \(the host GPU lock\): mode 0644, root/);
    assert.match(setup.out, /made +\S+gpu-queue\.d \(the GPU queue\): mode 1777, root/);
    assert.match(setup.out, /skipped +\S+ds01-gpu-reader\.service .*no systemd here/);
    assert.equal(deployStepsAs(bob, stateDir), 'ok');
    assert.equal(deployStepsAs(alice, stateDir), 'ok');
    assert.equal(statSync(lockFilePath(stateDir)).uid, 0);
    assert.equal(statSync(queueDirPath(stateDir)).uid, 0);
  });

  it('a squatted queue folder (a file, or a folder of their own) is refused by name for every user and root alike, and setup-host names it (point 5)', () => {
    // Locks laid out (as before this change), no queue folder yet, in a state folder every user may add to.
    assert.equal(setupHost(stateDir, '--systemd-dir', join(top, 'no-systemd')).code, 0);
    rmSync(queueDirPath(stateDir), { recursive: true });
    chmodSync(stateDir, 0o1777);
    for (const squat of [
      ['touch', queueDirPath(stateDir)],
      ['mkdir', '-m', '1777', queueDirPath(stateDir)],
    ]) {
      rmSync(queueDirPath(stateDir), { recursive: true, force: true });
      runAs(bob, squat[0], squat.slice(1));
      const said = deployStepsAs(alice, stateDir).split('\n');
      assert.match(
        said[0],
        squat[0] === 'touch'
          ? /gpu-queue\.d \(the GPU queue\) is a file, not a folder: refused/
          : new RegExp(`gpu-queue\\.d \\(the GPU queue\\) is owned by ${bob.name}, not root: refused`),
        said.join('\n'),
      );
      assert.equal(said[1], `Ask an administrator to run: sudo rm -r ${queueDirPath(stateDir)} && sudo env DS01_STATE_DIR=${stateDir} ds01 admin setup-host`);
      const setup = setupHost(stateDir, '--systemd-dir', join(top, 'no-systemd'));
      assert.equal(setup.code, 1, setup.out);
      assert.match(setup.out, /REFUSED +\S+gpu-queue\.d \(the GPU queue\)\n.*refused.*\n +Fix: sudo rm -r /);
      assert.match(setup.out, /1 unsafe: GPU deploys stay refused until it is fixed\./);
    }
    // The administrator follows the fix: from then on the layout is root's and bob cannot take it again.
    rmSync(queueDirPath(stateDir), { recursive: true });
    assert.equal(setupHost(stateDir, '--systemd-dir', join(top, 'no-systemd')).code, 0);
    assert.throws(() => runAs(bob, 'sh', ['-c', `rm -rf ${queueDirPath(stateDir)} || exit 1; mv ${queueDirPath(stateDir)} ${stateDir}/x`]));
    assert.equal(lstatSync(queueDirPath(stateDir)).uid, 0);
    assert.equal(deployStepsAs(bob, stateDir), 'ok');
  });

  it('setup-host refuses a linked lock, a state folder others may write without the sticky bit, and installs the reader unit once', () => {
    const units = join(top, 'systemd');
    mkdirSync(units);
    const first = setupHost(stateDir, '--systemd-dir', units);
    assert.equal(first.code, 0, first.out);
    const unit = join(units, 'ds01-gpu-reader.service');
    assert.equal(statSync(unit).mode & 0o7777, 0o644);
    assert.match(first.out, /made +\S+ds01-gpu-reader\.service .*systemctl enable --now ds01-gpu-reader/);
    assert.match(setupHost(stateDir, '--systemd-dir', units).out, /ok +\S+ds01-gpu-reader\.service/);

    rmSync(lockFilePath(stateDir));
    runAs(bob, 'true', []); // bob exists; the link below is root's doing, as a mistaken admin might leave it
    spawnSync('ln', ['-s', '/etc/passwd', lockFilePath(stateDir)]);
    const linked = setupHost(stateDir, '--systemd-dir', units);
    assert.equal(linked.code, 1);
    assert.match(linked.out, /gpu-allocation\.lock \(the host GPU lock\) is a symbolic link, not a file/);
    rmSync(lockFilePath(stateDir));

    chmodSync(stateDir, 0o777);
    const open = setupHost(stateDir, '--systemd-dir', units);
    assert.equal(open.code, 1);
    assert.match(open.out, /REFUSED +\S+state \(the DS01 state folder\)\n.*has mode 0777: others may write to it/);
    assert.match(open.out, /skipped +\S+locks \(the lock folder\): its folder was refused/);
    assert.match(deployStepsAs(alice, stateDir), /state \(the DS01 state folder\) has mode 0777: others may write to it: refused/);
  });

  it('a user makes a state folder of their own only where they alone control its name (a demo), never in a shared folder', () => {
    const own = join(top, 'bobs');
    mkdirSync(own, { mode: 0o755 });
    spawnSync('chown', [`${bob.uid}:${bob.gid}`, own]);
    assert.equal(deployStepsAs(bob, join(own, 'state')), 'ok');
    assert.equal(statSync(lockFilePath(join(own, 'state'))).uid, bob.uid);
    const shared = join(top, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    assert.match(deployStepsAs(bob, join(shared, 'state')), /shared\/state \(the DS01 state folder\) is missing/);
    assert.equal(existsSync(join(shared, 'state')), false);
  });

  it('setup-host is for root', () => {
    const r = spawnSync(
      'setpriv',
      [
        '--reuid',
        String(bob.uid),
        '--regid',
        String(bob.gid),
        '--clear-groups',
        '--',
        process.execPath,
        '--import',
        'tsx',
        'src/cli/main.ts',
        'admin',
        'setup-host',
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DS01_STATE_DIR: stateDir, NO_COLOR: '1' } },
    );
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /must run as root/);
  });
});
