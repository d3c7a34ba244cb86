import { strict as assert } from 'node:assert';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX, cli, docker, ensureHost, removeAll } from '../deploy/host';
import { DAEMON, launch, project } from './project';

describe('engine/images: ds01 project launch', function () {
  this.timeout(90000);
  before(ensureHost);
  afterEach(removeAll);

  it("builds when missing, reuses the project's container instead of a second one, starts it when stopped", async () => {
    const dir = project('launch', `FROM ${BUSYBOX}\nCMD ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"]\n`, { 'train.py': 'print(1)\n' });
    const first = await launch(dir);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.json.built, true);
    assert.equal(first.json.container, 'deployed');
    const info = await docker.getContainer(first.json.id).inspect();
    assert.equal(info.Config.Labels['ds01.project'], 'launch');
    assert.equal(info.Config.Labels['ds01.workspace'], dir);
    assert.deepEqual(info.HostConfig.Binds, [`${dir}:/workspace`]);
    assert.equal(info.Config.Image, `ds01-${DAEMON.uid}/launch:latest`);

    const again = await launch(dir);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json.built, false, 'a current image is not rebuilt');
    assert.equal(again.json.container, 'reused');
    assert.equal(again.json.id, first.json.id);

    await docker.getContainer(first.json.id).stop({ t: 1 });
    const started = await launch(dir);
    assert.equal(started.json.container, 'started');
    assert.equal(started.json.id, first.json.id);
    assert.equal((await docker.getContainer(first.json.id).inspect()).State.Running, true);
    const all = await docker.listContainers({ all: true, filters: { label: ['ds01.project=launch'] } });
    assert.equal(all.length, 1, 'never duplicated');
  });

  it('a stale image (Dockerfile or requirements newer) is said and kept; --rebuild rebuilds it', async () => {
    const dir = project('stale', `FROM ${BUSYBOX}\n`, { 'requirements.txt': 'numpy\n' });
    const first = await launch(dir);
    assert.equal(first.code, 0, first.stderr);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'requirements.txt'), later, later);
    const stale = await cli('project', 'launch', dir, '--user', DAEMON.name, '--gpus', '0');
    assert.equal(stale.code, 0, stale.stderr);
    assert.match(stale.stderr, /is older than requirements\.txt; using it as it is \(--rebuild rebuilds it\)/);
    const rebuilt = await launch(dir, '--rebuild');
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.equal(rebuilt.json.built, true);
    assert.equal(rebuilt.json.container, 'reused');
    const current = await launch(dir);
    assert.equal(current.json.imageState, 'current', 'the rebuilt image is as new as its sources');
    assert.equal(current.json.built, false);
  });

  it('building unchanged sources again hits the cache in every step: the same image', async () => {
    const dir = project('cached', `FROM ${BUSYBOX}\nRUN echo one\n`);
    const a = await cli('image', 'build', dir, '--user', DAEMON.name, '--json');
    const b = await cli('image', 'build', dir, '--user', DAEMON.name, '--json');
    const id = (r: { stdout: string }) => JSON.parse(r.stdout.trim().split('\n').pop()!).id;
    assert.equal(a.code, 0, a.stderr);
    assert.equal(id(b), id(a));
  });

  it('image list names the containers using an image; image remove is refused while one does, then removes it', async () => {
    const dir = project('inuse', `FROM ${BUSYBOX}\n`);
    const l = await launch(dir);
    assert.equal(l.code, 0, l.stderr);
    const list = await cli('image', 'list', '--user', DAEMON.name, '--json');
    const row = list.json.images.find((i: { project: string }) => i.project === 'inuse');
    assert.deepEqual(row.containers, ['inuse']);
    const refused = await cli('image', 'remove', 'inuse', '--user', DAEMON.name);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /ds01-1\/inuse:latest is used by inuse: removing it is refused/);
    const others = await cli('image', 'remove', 'ds01-2/inuse:latest', '--user', DAEMON.name);
    assert.equal(others.code, 1);
    assert.match(others.stderr, /not one of your images/);
    await docker.getContainer(l.json.id).remove({ force: true });
    const removed = await cli('image', 'remove', 'inuse', '--user', DAEMON.name, '--json');
    assert.equal(removed.code, 0, removed.stderr);
    await assert.rejects(docker.getImage('ds01-1/inuse:latest').inspect());
  });
});
