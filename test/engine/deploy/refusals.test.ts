import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { BUSYBOX, cli, deploy, docker, ensureHost, gpuUuids, host, removeAll, retire, startCli, type CliResult } from './host';

function refused(r: CliResult, kind: string, message: RegExp): void {
  assert.notEqual(r.code, 0, `expected a refusal, got exit 0: ${r.stdout}`);
  assert.equal(r.json?.problem?.kind, kind, r.stderr);
  assert.match(r.json.problem.message, message);
  assert.match(r.stderr, /^ds01: /m, 'one line for people on stderr');
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

async function containerCount(): Promise<number> {
  return (await docker.listContainers({ all: true })).length;
}

describe('engine/deploy: every refusal, through the CLI', function () {
  this.timeout(60000);
  before(ensureHost);
  afterEach(removeAll);

  it('container limit (stopped ones count), naming the containers', async () => {
    assert.equal((await deploy('bin', 'one', '--gpus', '0')).code, 0);
    const two = await deploy('bin', 'two', '--gpus', '0');
    await docker.getContainer(two.json.id).stop({ t: 1 });
    refused(await deploy('bin', 'three', '--gpus', '0'), 'limit-containers', /2 of 2 containers \((one|two), (one|two)\); stopped containers count too/);
  });

  it('per-container GPU limit, total quota, full GPU not allowed, and no capacity now: each says which', async () => {
    refused(await deploy('bin', 'big', '--gpus', '2'), 'limit-per-container', /one container may hold 1 GPU, you asked for 2/);
    assert.equal((await deploy('bin', 'first', '--gpus', '1')).code, 0);
    refused(await deploy('bin', 'second', '--gpus', '1'), 'limit-total', /you use 1 of 1 GPU-equivalents/);
    refused(await deploy('lp', 'full', '--gpus', '1'), 'limit-full-gpu', /Full GPUs are not allowed/);
    // The other three GPUs go to other users; then sys, within its own quota, finds none free.
    for (const u of ['daemon', 'games']) assert.equal((await deploy(u, 'hog', '--gpus', u === 'daemon' ? '2' : '1')).code, 0);
    const none = await deploy('sys', 'late', '--gpus', '1');
    refused(none, 'no-capacity', /No capacity right now: 0 of 4 GPU slots are free.*not your limit/);
    assert.match(none.json.problem.fix, /Try again later/);
  });

  it('a name that exists already', async () => {
    assert.equal((await deploy('bin', 'twice', '--gpus', '0')).code, 0);
    refused(await deploy('bin', 'Twice', '--gpus', '0'), 'already-exists', /already have a container named twice/);
  });

  it('hostile names are refused before the engine sees them, with the rule they broke', async () => {
    const before = await containerCount();
    const cases: Array<[string, RegExp]> = [
      ['a;rm -rf /', /character ";"/],
      [`$(touch ${host.dir}/pwned)`, /must start with a letter or digit/],
      ['x$(id)', /character "\$"/],
      ['../../etc', /must start with a letter or digit/],
      ['a/../b', /character "\/"/],
      ['proj\u00e9', /character "é"/],
      ['x'.repeat(300), /longer than 64 characters/],
      ['a._.0', /to mark the owner/],
    ];
    for (const [name, rule] of cases) refused(await deploy('bin', name, '--gpus', '0'), 'invalid-name', rule);
    // Spaces are allowed: they become '-', as on the host.
    const spaced = await deploy('bin', 'My  Project', '--gpus', '0');
    assert.equal(spaced.json.name, 'my-project');
    assert.equal(await containerCount(), before + 1);
    assert.ok(!existsSync(`${host.dir}/pwned`), 'no shell ever ran the name');
  });

  it("an image name with a newline, a missing image (listing the usable ones), and the user's own image", async () => {
    refused(await deploy('bin', 'img', '--image', 'busybox\n:latest', '--gpus', '0'), 'invalid-image', /not a valid Docker image reference/);
    refused(
      await deploy('bin', 'img', '--image', 'nothere/at-all:1', '--gpus', '0'),
      'image-missing',
      /Image nothere\/at-all:1 is not on this host\. Images you can use: .*ds01-test\/busybox:latest/,
    );
    const noOwn = await cli('container', 'deploy', 'proj', '--user', 'bin', '--gpus', '0', '--workspace', host.workspace, '--json');
    refused(noOwn, 'image-missing', /No --image given and your own image ds01-2\/proj:latest does not exist/);
    await docker.getImage(BUSYBOX).tag({ repo: 'ds01-2/proj', tag: 'latest' });
    await docker.getImage(BUSYBOX).tag({ repo: 'ds01-3/secret', tag: 'latest' });
    try {
      const other = await cli('container', 'deploy', 'nope', '--user', 'bin', '--gpus', '0', '--workspace', host.workspace, '--json');
      assert.match(other.json.problem.message, /Images you can use: ds01-2\/proj:latest, /, 'own images first');
      assert.doesNotMatch(other.json.problem.message, /ds01-3\/secret/, "other users' private images are not offered");
      const own = await cli('container', 'deploy', 'proj', '--user', 'bin', '--gpus', '0', '--workspace', host.workspace, '--json');
      assert.equal(own.code, 0, own.stderr);
      assert.equal(own.json.image, 'ds01-2/proj:latest');
    } finally {
      await removeAll();
      await docker.getImage('ds01-2/proj:latest').remove();
      await docker.getImage('ds01-3/secret:latest').remove();
    }
  });

  it('bad --gpus and --workspace values', async () => {
    refused(await deploy('bin', 'g', '--gpus', '-1'), 'usage', /--gpus must be a whole number/);
    refused(await deploy('bin', 'g', '--gpus', '1.5'), 'usage', /--gpus must be a whole number/);
    refused(
      await cli('container', 'deploy', 'w', '--user', 'bin', '--gpus', '0', '--image', BUSYBOX, '--workspace', '/nonexistent/dir', '--json'),
      'usage',
      /does not exist/,
    );
    refused(
      await cli('container', 'deploy', 'w', '--user', 'bin', '--gpus', '0', '--image', BUSYBOX, '--workspace', '/tmp:/etc', '--json'),
      'usage',
      /":" or ","/,
    );
  });

  it("retire: someone else's container, a protected one, and one that does not exist (exit 3)", async () => {
    const theirs = await deploy('daemon', 'theirs', '--gpus', '0');
    refused(await retire('bin', 'theirs._.1'), 'not-owner', /belongs to daemon, not to bin/);
    await docker.createContainer({ name: 'infra._.2', Image: BUSYBOX, Labels: { 'ds01.user': 'bin', 'ds01.protected': 'true', 'ds01.gpu.uuids': '' } });
    refused(await retire('bin', 'infra'), 'protected', /is protected/);
    refused(await retire('daemon', 'infra._.2'), 'protected', /is protected/);
    refused(await retire('bin', 'a;rm -rf /'), 'invalid-name', /character ";"/);
    refused(await retire('bin', '../theirs'), 'invalid-name', /must start with a letter or digit/);
    const missing = await retire('bin', 'never-was');
    refused(missing, 'not-found', /No container named never-was exists/);
    assert.equal(missing.code, 3);
    assert.ok(await docker.getContainer(theirs.json.id).inspect(), 'the refused retire left it alone');
  });

  it('only root may act for another user', async () => {
    const asNobody = await startCli(['container', 'deploy', 'x', '--user', 'bin', '--json'], { uid: 65534, gid: 65534 }).done;
    refused(asNobody, 'usage', /Only root may deploy for another user/);
    const retireNobody = await startCli(['container', 'retire', 'x', '--user', 'bin', '--json'], { uid: 65534, gid: 65534 }).done;
    refused(retireNobody, 'usage', /Only root may retire for another user/);
  });

  it('GPU containers get distinct slots in inventory order', async () => {
    const a = await deploy('bin', 'a', '--gpus', '1');
    const b = await deploy('sys', 'b', '--gpus', '1');
    assert.deepEqual([a.json.gpuUuids, b.json.gpuUuids], [[gpuUuids[0]], [gpuUuids[1]]]);
  });
});
