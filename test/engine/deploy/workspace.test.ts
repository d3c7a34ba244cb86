// --workspace (issue 15 point 5): root deploys for a real account (useradd) that plants links in its own home.
// Only what that user owns or may write, after resolving links, is mounted; `/`, another user's home, a link to
// /etc and `/etc/../root` are refused with the reason, and the resolved path is what the engine mounts.
import { strict as assert } from 'node:assert';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createAccount, removeAccount, runAs, skipUnlessRoot, uniqueName, type Account } from '../../unit/helpers/accounts';
import { cli, docker, ensureHost, QUICK, removeAll, type CliResult } from './host';

describe('engine/deploy: --workspace mounts only what the target user may write (real accounts)', function () {
  this.timeout(60000);
  let bob: Account;
  let alice: Account;
  let homes: string;
  before(async function () {
    skipUnlessRoot(this, 'to create accounts (useradd)');
    await ensureHost();
    bob = createAccount(uniqueName('h15wb'));
    alice = createAccount(uniqueName('h15wa'));
    homes = mkdtempSync('/tmp/ds01-homes-');
    chmodSync(homes, 0o755);
    for (const a of [bob, alice]) {
      mkdirSync(join(homes, a.name), { mode: 0o755 });
      chownSync(join(homes, a.name), a.uid, a.gid);
    }
    chmodSync(join(homes, alice.name), 0o755);
    runAs(bob, 'mkdir', [join(homes, bob.name, 'project')]);
    runAs(bob, 'ln', ['-s', '/etc', join(homes, bob.name, 'etc-link')]);
    runAs(bob, 'ln', ['-s', join(homes, alice.name), join(homes, bob.name, 'alice-link')]);
    runAs(bob, 'ln', ['-s', join(homes, bob.name, 'project'), join(homes, bob.name, 'project-link')]);
  });
  after(() => {
    if (bob) removeAccount(bob);
    if (alice) removeAccount(alice);
    if (homes) rmSync(homes, { recursive: true, force: true });
  });
  afterEach(removeAll);

  const deployFor = (user: string, workspace: string): Promise<CliResult> =>
    cli('container', 'deploy', uniqueName('ws'), '--user', user, '--gpus', '0', '--image', QUICK, '--workspace', workspace, '--json');

  it("refuses /, another user's home, a link to /etc, /etc/../root and a link to another home; makes nothing", async () => {
    const cases: Array<[string, RegExp]> = [
      ['/', /whole file system/],
      [join(homes, alice.name), new RegExp(`belongs to ${alice.name} and ${bob.name} may not write it`)],
      [join(homes, bob.name, 'etc-link'), /really "\/etc".*belongs to root/],
      // The CLI resolves `..` itself (path.resolve); the check sees /root.
      ['/etc/../root', /"\/root".*belongs to root/],
      [join(homes, bob.name, 'alice-link'), new RegExp(`belongs to ${alice.name}`)],
    ];
    for (const [ws, why] of cases) {
      const r = await deployFor(bob.name, ws);
      assert.notEqual(r.code, 0, `${ws} was mounted for ${bob.name}`);
      assert.equal(r.json?.problem?.kind, 'usage', r.stderr);
      assert.match(r.json.problem.message, why);
    }
    assert.equal((await docker.listContainers({ all: true })).length, 0);
  });

  it("mounts the user's own folder, through a link by its real path", async () => {
    const r = await deployFor(bob.name, join(homes, bob.name, 'project-link'));
    assert.equal(r.code, 0, r.stderr);
    const info = await docker.getContainer(r.json.id).inspect();
    assert.deepEqual(info.HostConfig.Binds, [`${join(homes, bob.name, 'project')}:/workspace`]);
  });

  it("root's own deploy is refused / too", async () => {
    const r = await cli('container', 'deploy', uniqueName('ws'), '--gpus', '0', '--image', QUICK, '--workspace', '/', '--json');
    assert.equal(r.json?.problem?.kind, 'usage', r.stderr);
    assert.match(r.json.problem.message, /whole file system/);
  });
});
