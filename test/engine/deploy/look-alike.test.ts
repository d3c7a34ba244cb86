// Look-alike names (issue 15 point 3): `bob.x` and `bob_x`, `alice@other.lan` and `alice` sanitize alike. With real
// accounts of both names (useradd), neither may list, retire, be charged for or be exempted through the other's
// containers and grant file. A sanitized-only label still counts when no account has that exact name (parity).
import { strict as assert } from 'node:assert';
import { appendFileSync, chmodSync, chownSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAccount, removeAccount, runAs, skipUnlessRoot, uniqueName, type Account } from '../../unit/helpers/accounts';
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
  after(() => {
    for (const a of made) removeAccount(a);
  });
  afterEach(removeAll);

  /** A container as DS01's docker wrapper makes it: owner only in a sanitized label, no uid in the name. */
  async function wrapperContainer(owner: string, tag: string): Promise<string> {
    const c = await docker.createContainer({
      Image: BUSYBOX,
      name: `wrap-${tag}-${Date.now()}`,
      Cmd: ['true'],
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
    assert.notEqual(r1.code, 0, "bob.x retired bob_x's container");
    const r2 = await retire(dotted.name, wrapped);
    assert.equal(r2.json?.problem?.kind, 'not-owner', r2.stderr);
    assert.equal((await docker.listContainers({ all: true })).length, 2, 'a container of bob_x went away');

    const limits = await cli('check-limits', '--json', '--user', dotted.name);
    assert.equal(limits.json.containers.used, 0, "bob.x is charged bob_x's containers");
    assert.equal((await cli('check-limits', '--json', '--user', underscored.name)).json.containers.used, 2);
  });

  it("bob.x cannot set or clear keep-alive on bob_x's sanitized-label container", async () => {
    const wrapped = await wrapperContainer(underscored.name, 'k');
    for (const off of [[], ['--off']]) {
      const r = await cli('container', 'keep-alive', wrapped, '--user', dotted.name, '--json', ...off);
      assert.equal(r.json?.problem?.kind, 'not-owner', `${off.join(' ')}: ${r.stdout}${r.stderr}`);
    }
  });

  it("deploy --wait does not charge bob.x for bob_x's sanitized-label containers before queueing", async () => {
    // Two of bob_x's: the student limit, were they bob.x's.
    await wrapperContainer(underscored.name, 'w1');
    await wrapperContainer(underscored.name, 'w2');
    const r = await deploy(dotted.name, 'waitproj', '--gpus', '1', '--wait', '--wait-timeout', '30');
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    assert.equal(r.json.name, 'waitproj');
  });

  it("alice@other.lan does not see alice's sanitized-label container; alice does", async () => {
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
    assert.equal(await exempt(dotted.name), false, "bob.x is exempt through bob_x's grant");
    assert.equal(await exempt(remote.name), false, "alice@other.lan is exempt through alice's grant");
    assert.equal(await exempt(lonely.name), true);
  });

  it('group members files: bob_x listed as a researcher makes bob_x one, not bob.x', async () => {
    appendFileSync(join(host.root, 'config', 'runtime', 'groups', 'researcher.members'), `${underscored.name}\n`);
    const group = async (user: string) => (await cli('check-limits', '--json', '--user', user)).json.group;
    assert.equal(await group(underscored.name), 'researcher');
    assert.equal(await group(dotted.name), 'student', "bob.x got bob_x's group");
  });
});

// Issue 24 item 6 and issue 21 item 2: a second account with the engine's socket (as a docker-group member has it)
// makes containers that look like the victim's. A name picks the container proven by uid; evidence anyone can
// write (a label, a /home/<victim>/... path) may make a container count for the victim, never act for them.
describe('engine/deploy: look-alike containers of another account (real accounts)', function () {
  this.timeout(90000);
  let victim: Account;
  let attacker: Account;
  let socketMode: { uid: number; gid: number; mode: number } | null = null;
  const homes: string[] = [];
  const overrides = join(host.root, 'config', 'runtime', 'user-overrides.yaml');

  before(async function () {
    skipUnlessRoot(this, 'to create accounts (useradd)');
    await ensureHost();
    victim = createAccount(uniqueName('h24v'));
    // An idle timeout for the victim only: keep-alive applies where the host's idle stop does.
    writeFileSync(overrides, `${victim.name}:\n  idle_timeout_h: 2\n`);
    attacker = createAccount(uniqueName('h24a'));
    // The attacker may use the engine, as every docker-group member of a DS01 host may.
    const st = statSync(host.socket);
    socketMode = { uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 };
    chownSync(host.socket, st.uid, attacker.gid);
    chmodSync(host.socket, 0o660);
  });
  after(() => {
    if (socketMode) {
      chownSync(host.socket, socketMode.uid, socketMode.gid);
      chmodSync(host.socket, socketMode.mode);
    }
    for (const h of homes) rmSync(h, { recursive: true, force: true });
    rmSync(overrides, { force: true });
    for (const a of [victim, attacker]) if (a) removeAccount(a);
  });
  afterEach(removeAll);

  /** `docker run -d` as the attacker, through the engine's socket: returns the container's name. */
  function attackerRuns(args: string[]): string {
    runAs(attacker, 'docker', ['-H', `unix://${host.socket}`, 'run', '-d', ...args, BUSYBOX, 'sleep', '300']);
    return args[args.indexOf('--name') + 1];
  }
  const byName = async (name: string) => (await docker.listContainers({ all: true })).find((c) => c.Names[0] === `/${name}`);

  it("keep-alive and retire of `proj` act on the victim's proj._.<uid>, not on the attacker's `proj` labelled for them", async () => {
    // A GPU container: keep-alive applies only where the host's idle stop does.
    const own = await deploy(victim.name, 'proj', '--gpus', '1');
    assert.equal(own.code, 0, own.stderr);
    attackerRuns(['--name', 'proj', '--label', `ds01.user=${victim.name}`, '--label', 'ds01.managed=true', '--tmpfs', '/workspace']);

    // The test image has no `touch`: whether the write works is lifecycle.test.ts's; here, which container it went to.
    const keep = await cli('container', 'keep-alive', 'proj', '--user', victim.name, '--json');
    const said = keep.json.hostName ?? keep.json.problem?.message;
    assert.ok(String(said).includes(own.json.hostName), `keep-alive proj went elsewhere: ${keep.stdout}`);

    const listed = await cli('container', 'list', '--all', '--json', '--user', victim.name);
    const fake = listed.json.containers.find((c: { name: string }) => c.name === 'proj');
    assert.equal(fake?.ownerEvidence, 'ds01.user', 'the labelled look-alike is shown as owned by label only');
    assert.equal(listed.json.containers.find((c: { name: string }) => c.name === own.json.hostName)?.ownerEvidence, 'uid');
    const human = await cli('container', 'list', '--all', '--user', victim.name);
    assert.match(human.stdout, /proj: owner from its ds01\.user label only/);

    const r = await retire(victim.name, 'proj');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await byName(own.json.hostName), undefined, "the victim's own container is still there");
    assert.ok(await byName('proj'), "retire removed the attacker's look-alike instead");
  });

  it("a name that matches only a container labelled for the victim but run as the attacker's uid is refused with what was found", async () => {
    attackerRuns(['--name', 'proj2', '--user', String(attacker.uid), '--label', `ds01.user=${victim.name}`]);
    const r = await retire(victim.name, 'proj2');
    assert.equal(r.json?.problem?.kind, 'not-owner', `${r.stdout}${r.stderr}`);
    assert.match(r.json.problem.message, new RegExp(`uid ${attacker.uid} \\(its label says ${victim.name}\\)`));
    assert.ok(await byName('proj2'));
  });

  it('devcontainer.local_folder, a bind mount the victim owns and compose working_dir count for the victim (check-limits), move no rights', async () => {
    const home = `/home/${victim.name}`;
    mkdirSync(join(home, 'data'), { recursive: true });
    homes.push(home);
    chownSync(home, victim.uid, victim.gid);
    chownSync(join(home, 'data'), victim.uid, victim.gid);
    const dev = attackerRuns(['--name', `dev-${Date.now()}`, '--label', `devcontainer.local_folder=${home}/proj`]);
    const bind = attackerRuns(['--name', `bind-${Date.now()}`, '-v', `${home}/data:/data`]);
    const compose = attackerRuns(['--name', `comp-${Date.now()}`, '--label', `com.docker.compose.project.working_dir=${home}/stack`]);
    // A bind mount from the victim's home that the victim does not own is not theirs (the tracker's path check).
    mkdirSync(join(home, 'rootowned'), { recursive: true });
    attackerRuns(['--name', `notbind-${Date.now()}`, '-v', `${home}/rootowned:/x`]);

    const limits = await cli('check-limits', '--json', '--user', victim.name);
    assert.equal(limits.code, 0, limits.stderr);
    assert.equal(limits.json.containers.used, 3, JSON.stringify(limits.json.containers));
    assert.equal((await cli('check-limits', '--json', '--user', attacker.name)).json.containers.used, 0);

    const listed = await cli('container', 'list', '--all', '--json', '--user', victim.name);
    const claims = Object.fromEntries(listed.json.containers.map((c: { name: string; claim: { evidence: string } | null }) => [c.name, c.claim?.evidence]));
    assert.deepEqual(claims, { [dev]: 'devcontainer.local_folder', [bind]: 'bind mount', [compose]: 'com.docker.compose.project.working_dir' });
    const human = await cli('container', 'list', '--all', '--user', victim.name);
    assert.ok(human.stdout.includes(`${dev}: owner from devcontainer.local_folder=${home}/proj`), human.stdout);

    for (const name of [dev, bind, compose]) {
      const r = await retire(victim.name, name);
      assert.equal(r.json?.problem?.kind, 'not-owner', `${name}: ${r.stdout}${r.stderr}`);
      assert.match(r.json.problem.message, /counts for you only from its/);
      const k = await cli('container', 'keep-alive', name, '--user', victim.name, '--json');
      assert.equal(k.json?.problem?.kind, 'not-owner', `${name}: ${k.stdout}`);
    }
    assert.ok(await byName(dev));
  });
});
