// Look-alike names (issue 15 point 3): `bob.x` and `bob_x`, `alice@other.lan` and `alice` sanitize alike. With real
// accounts of both names (useradd), neither may list, retire, be charged for or be exempted through the other's
// containers and grant file. A sanitized-only label still counts when no account has that exact name (parity).
import { strict as assert } from 'node:assert';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAccount, removeAccount, skipUnlessRoot, uniqueName, type Account } from '../../unit/helpers/accounts';
import { BUSYBOX, cli, deploy, docker, ensureHost, host, removeAll, retire } from './host';

describe('engine/deploy: look-alike account names never act for each other (real accounts)', function () {
  this.timeout(60000);
  const made: Account[] = [];
  let dotted: Account;
  let underscored: Account;
  let remote: Account;
  let local: Account;
  let lonely: Account;

  before(async function () {
    skipUnlessRoot(this, 'to create accounts (useradd)');
    await ensureHost();
    const stem = uniqueName('h15');
    dotted = createAccount(`${stem}.x`);
    underscored = createAccount(`${stem}_x`);
    remote = createAccount(`${stem}a@other.lan`);
    local = createAccount(`${stem}a`);
    // Sanitizes to `${stem}_y`, which no account is called: sanitized labels stay this user's (DS01 parity).
    lonely = createAccount(`${stem}.y`);
    made.push(dotted, underscored, remote, local, lonely);
  });
  after(() => { for (const a of made) removeAccount(a); });
  afterEach(removeAll);

  /** A container as DS01's docker wrapper makes it: owner only in a sanitized label, no uid in the name. */
  async function wrapperContainer(owner: string, tag: string): Promise<string> {
    const c = await docker.createContainer({
      Image: BUSYBOX, name: `wrap-${tag}-${Date.now()}`, Cmd: ['true'],
      Labels: { 'ds01.user': owner, 'ds01.managed': 'true', 'ds01.container_type': 'devcontainer', 'ds01.gpu.uuids': '' },
    });
    return (await c.inspect()).Name.slice(1);
  }

  const listed = async (user: string): Promise<string[]> => {
    const r = await cli('container', 'list', '--all', '--json', '--user', user);
    assert.equal(r.code, 0, r.stderr);
    return r.json.containers.map((c: { name: string }) => c.name);
  };

  it('bob.x neither lists, retires nor is charged for bob_x containers (uid suffix and sanitized label)', async () => {
    const own = await deploy(underscored.name, 'proj', '--gpus', '0');
    assert.equal(own.code, 0, own.stderr);
    const wrapped = await wrapperContainer(underscored.name, 'u');

    assert.deepEqual(await listed(dotted.name), []);
    assert.deepEqual((await listed(underscored.name)).sort(), [own.json.hostName, wrapped].sort());

    const r1 = await retire(dotted.name, 'proj');
    assert.notEqual(r1.code, 0, 'bob.x retired bob_x\'s container');
    const r2 = await retire(dotted.name, wrapped);
    assert.equal(r2.json?.problem?.kind, 'not-owner', r2.stderr);
    assert.equal((await docker.listContainers({ all: true })).length, 2, 'a container of bob_x went away');

    const limits = await cli('check-limits', '--json', '--user', dotted.name);
    assert.equal(limits.json.containers.used, 0, 'bob.x is charged bob_x\'s containers');
    assert.equal((await cli('check-limits', '--json', '--user', underscored.name)).json.containers.used, 2);
  });

  it('bob.x cannot set or clear keep-alive on bob_x\'s sanitized-label container', async () => {
    const wrapped = await wrapperContainer(underscored.name, 'k');
    for (const off of [[], ['--off']]) {
      const r = await cli('container', 'keep-alive', wrapped, '--user', dotted.name, '--json', ...off);
      assert.equal(r.json?.problem?.kind, 'not-owner', `${off.join(' ')}: ${r.stdout}${r.stderr}`);
    }
  });

  it('deploy --wait does not charge bob.x for bob_x\'s sanitized-label containers before queueing', async () => {
    // Two of bob_x's: the student limit, were they bob.x's.
    await wrapperContainer(underscored.name, 'w1');
    await wrapperContainer(underscored.name, 'w2');
    const r = await deploy(dotted.name, 'waitproj', '--gpus', '1', '--wait', '--wait-timeout', '30');
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    assert.equal(r.json.name, 'waitproj');
  });

  it('alice@other.lan does not see alice\'s sanitized-label container; alice does', async () => {
    const wrapped = await wrapperContainer(local.name, 'a');
    assert.deepEqual(await listed(remote.name), []);
    assert.deepEqual(await listed(local.name), [wrapped]);
  });

  it('a sanitized-only label still belongs to the user when no account has that exact name (parity)', async () => {
    const wrapped = await wrapperContainer(lonely.name.replace('.', '_'), 'y');
    assert.deepEqual(await listed(lonely.name), [wrapped]);
  });

  it('grant files: bob_x.json exempts bob_x, not bob.x; a sanitized grant of a name nobody has still counts', async () => {
    const grants = join(host.state, 'bare-metal-grants');
    mkdirSync(grants, { recursive: true });
    const grant = (user: string) => writeFileSync(join(grants, `${user}.json`), JSON.stringify({ user, granted_by: 'root', type: 'permanent' }));
    grant(underscored.name);
    grant(local.name);
    grant(lonely.name.replace('.', '_'));
    const exempt = async (user: string) => (await cli('check-limits', '--json', '--user', user)).json.exempt;
    assert.equal(await exempt(underscored.name), true);
    assert.equal(await exempt(dotted.name), false, 'bob.x is exempt through bob_x\'s grant');
    assert.equal(await exempt(remote.name), false, 'alice@other.lan is exempt through alice\'s grant');
    assert.equal(await exempt(lonely.name), true);
  });

  it('group members files: bob_x listed as a researcher makes bob_x one, not bob.x', async () => {
    appendFileSync(join(host.root, 'config', 'runtime', 'groups', 'researcher.members'), `${underscored.name}\n`);
    const group = async (user: string) => (await cli('check-limits', '--json', '--user', user)).json.group;
    assert.equal(await group(underscored.name), 'researcher');
    assert.equal(await group(dotted.name), 'student', 'bob.x got bob_x\'s group');
  });
});
