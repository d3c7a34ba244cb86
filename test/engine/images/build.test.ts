import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { notRun } from '../host-oracle';
import { hostFile } from '../../unit/helpers/host-infra';
import { BUSYBOX, cli, docker, engineSh, ensureHost, host, removeAll, startCli } from '../deploy/host';
import { build, DAEMON, project, startBuild } from './project';

const FROM = `FROM ${BUSYBOX}\n`;

async function tagId(image: string): Promise<string | null> {
  try {
    return (await docker.getImage(image).inspect()).Id;
  } catch {
    return null;
  }
}

/**
 * The LABEL lines the host's image-create writes into a Dockerfile (create_dockerfile's heredoc), read from DS01's
 * git dir now and expanded by bash with this user's values: the oracle for the labels our builds carry.
 */
function hostLabels(vars: { USERNAME: string; USER_ID: string; project_name: string; framework: string }): Record<string, string> {
  const text = hostFile('scripts/user/atomic/image-create');
  const start = text.indexOf('# DS01 metadata labels', text.indexOf('create_dockerfile() {'));
  assert.ok(start > 0, 'image-create has no "# DS01 metadata labels" block in create_dockerfile: the oracle is out of date');
  const block = text
    .slice(start, text.indexOf('\n\n', start))
    .split('\n')
    .filter((l) => l.startsWith('LABEL '));
  const expanded = execFileSync('bash', ['-c', `cat <<EOF\n${block.join('\n')}\nEOF`], { env: { ...process.env, ...vars }, encoding: 'utf8' });
  return Object.fromEntries(
    expanded
      .trim()
      .split('\n')
      .map((l) => {
        const m = /^LABEL ([^=]+)="(.*)"$/.exec(l);
        assert.ok(m, `unexpected label line ${l}`);
        return [m[1], m[2]];
      }),
  );
}

describe('engine/images: ds01 image build', function () {
  this.timeout(90000);
  before(ensureHost);
  afterEach(removeAll);

  it("builds ds01-<uid>/<project>:latest from the folder, steps as JSON lines, with the labels the host's image-create writes", async function () {
    const dir = project('Labels Demo', `${FROM}COPY . /app\nRUN test -e /app/data.txt && test ! -e /app/big && test ! -e /app/.ds01-build.Dockerfile\n`, {
      'data.txt': 'project data\n',
      'big/skip.bin': 'x',
      '.dockerignore': 'big\n',
    });
    const r = await build(dir);
    assert.equal(r.code, 0, r.stderr);
    const image = `ds01-${DAEMON.uid}/labels-demo:latest`;
    assert.equal(r.json.image, image);
    assert.deepEqual(
      r.lines
        .filter((l: { step?: number }) => l.step)
        .map((l: { instruction: string }) => l.instruction)
        .slice(0, 3),
      [`FROM ${BUSYBOX}`, 'COPY . /app', 'RUN test -e /app/data.txt && test ! -e /app/big && test ! -e /app/.ds01-build.Dockerfile'],
    );
    const info = await docker.getImage(image).inspect();
    const labels = info.Config.Labels;
    let oracle: Record<string, string>;
    try {
      oracle = hostLabels({ USERNAME: DAEMON.name, USER_ID: String(DAEMON.uid), project_name: 'labels-demo', framework: 'custom' });
    } catch (e) {
      if (String(e).includes('git')) notRun(this, `no DS01 git dir (${String(e).slice(0, 80)})`);
      throw e;
    }
    assert.deepEqual(
      Object.keys(labels)
        .filter((k) => k in oracle)
        .sort(),
      Object.keys(oracle).sort(),
      'the same label keys as the host',
    );
    for (const [k, v] of Object.entries(oracle)) {
      if (k === 'ds01.created') {
        // `date -Iseconds`: the same shape, and our value is the build's time.
        assert.match(labels[k], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
        assert.match(v, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
        assert.ok(Math.abs(Date.parse(labels[k]) - Date.now()) < 120_000, labels[k]);
      } else assert.equal(labels[k], v, k);
    }
    const ls = await cli('image', 'list', '--user', DAEMON.name, '--json');
    assert.equal(ls.code, 0, ls.stderr);
    assert.deepEqual(
      ls.json.images.map((i: { name: string; framework: string }) => [i.name, i.framework]),
      [[image, 'custom']],
    );
  });

  it("a Dockerfile with a LABEL of its own: the host's labels join it, no extra build step", async () => {
    const dir = project('ownlabel', `${FROM}LABEL team="vision"\nRUN echo hi\n`);
    const r = await build(dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.lines.filter((l: { step?: number }) => l.step).map((l: { total: number }) => l.total),
      [3, 3, 3],
    );
    const labels = (await docker.getImage(r.json.image).inspect()).Config.Labels;
    assert.equal(labels.team, 'vision');
    assert.equal(labels['ds01.project'], 'ownlabel');
    assert.equal(labels['maintainer.id'], String(DAEMON.uid));
  });

  it('a failing build names the step and the Dockerfile line with the last output lines, and tags nothing', async () => {
    const dir = project('fails', `${FROM}# a comment\nRUN echo one \\\n  two\n\nRUN echo about to fail && \\\n    false\nRUN echo never\n`);
    const r = await build(dir);
    assert.equal(r.code, 1);
    assert.equal(r.json.ok, false);
    assert.equal(r.json.problem.kind, 'build-failed');
    assert.equal(r.json.failure.step, 3);
    assert.equal(r.json.failure.line, 6, 'the RUN that failed starts on line 6');
    assert.ok(r.json.failure.tail.includes('about to fail'), JSON.stringify(r.json.failure.tail));
    assert.match(r.stderr, new RegExp(`step 3/5 \\(RUN echo about to fail .*\\) at ${dir}/Dockerfile:6`));
    assert.equal(await tagId(`ds01-${DAEMON.uid}/fails:latest`), null);
  });

  it("Ctrl-C mid-build stops it (the step's container too) and leaves no new tag; an older image of that name stays as it was", async () => {
    const dir = project('cancel', `${FROM}RUN echo v1\n`);
    const first = await build(dir);
    assert.equal(first.code, 0, first.stderr);
    const image = first.json.image;
    const before = await tagId(image);
    writeFileSync(join(dir, 'Dockerfile'), `${FROM}RUN echo started && sleep 60\n`);
    const run = startBuild(dir);
    await run.waitFor(/started/);
    const t0 = Date.now();
    run.child.kill('SIGINT');
    const r = await run.done;
    // Not a speed check (bench/ does those): far below the step's 60 s, so the build was stopped, not finished.
    console.log(`      stopped ${Date.now() - t0} ms after Ctrl-C`);
    assert.ok(Date.now() - t0 < 20_000, `stopped after ${Date.now() - t0} ms`);
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /cancelled: no new image was tagged/);
    assert.equal(await tagId(image), before, 'the older image keeps the name');
    // The engine removes the build's container on its own (it may still be "removing" at this moment).
    let left = 1;
    for (let i = 0; i < 50 && left > 0; i++) {
      left = (await docker.listContainers({ all: true })).filter((c) => c.Command.includes('sleep 60')).length;
      if (left > 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(left, 0, 'no build container left');
  });

  it('refuses bad input with one line and tags nothing: invalid name, Dockerfile outside or linked out, oversized context, unreadable folder, engine gone', async () => {
    const dir = project('bad', FROM, { 'blob.bin': Buffer.alloc(3 * 2 ** 20) });
    const invalid = await build(dir, '--name', 'My Project!');
    assert.equal(invalid.code, 1);
    assert.equal(invalid.json.problem.kind, 'invalid-name');
    assert.match(invalid.stderr, /^ds01: Image name "My Project!" is refused/m);

    const outsideDir = join(host.dir, 'outside');
    mkdirSync(outsideDir, { recursive: true });
    writeFileSync(join(outsideDir, 'Dockerfile'), FROM);
    const outside = await build(dir, '--dockerfile', join(outsideDir, 'Dockerfile'));
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /is outside the project folder/);
    const linked = project('linked', FROM);
    execFileSync('rm', [join(linked, 'Dockerfile')]);
    symlinkSync(join(outsideDir, 'Dockerfile'), join(linked, 'Dockerfile'));
    const link = await build(linked);
    assert.equal(link.code, 2);
    assert.match(link.stderr, /\(a link to .*outside\/Dockerfile\) is outside the project folder/);

    const big = await cli('image', 'build', dir, '--user', DAEMON.name, '--json').then((r) => r);
    assert.equal(big.code, 0, 'under the default cap it builds');
    const capped = await startCli(['image', 'build', dir, '--user', DAEMON.name], { env: { DS01_MAX_CONTEXT_MIB: '1' } }).done;
    assert.equal(capped.code, 2);
    assert.match(capped.stderr, /larger than 1\.0 MiB .*largest: blob\.bin \(3\.0 MiB\)/);

    const closed = project('closed', FROM);
    chmodSync(closed, 0o700);
    execFileSync('chown', ['0:0', closed]);
    const unreadable = await startCli(['image', 'build', closed, '--json'], { uid: DAEMON.uid, gid: DAEMON.gid, env: { HOME: host.dir } }).done;
    assert.equal(unreadable.code, 2, unreadable.stderr);
    assert.match(unreadable.stderr, /cannot be read by you/);

    const gone = await startCli(['image', 'build', dir, '--user', DAEMON.name], { env: { DOCKER_HOST: `unix://${host.dir}/no-engine.sock` } }).done;
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /Cannot reach the Docker engine/);
    for (const name of ['my-project', 'linked', 'closed']) assert.equal(await tagId(`ds01-${DAEMON.uid}/${name}:latest`), null);
  });

  it('a base image not on the host with no registry: names the image and what to do; nothing tagged', async () => {
    const dir = project('nobase', 'FROM nosuch/base-image:1\nRUN true\n');
    const r = await build(dir);
    assert.equal(r.code, 1);
    assert.equal(r.json.failure.step, 1);
    assert.equal(r.json.failure.line, 1);
    assert.match(r.json.problem.fix, /The base image nosuch\/base-image:1 is not on this host and could not be pulled/);
    assert.equal(await tagId(`ds01-${DAEMON.uid}/nobase:latest`), null);
  });

  it('the engine killed mid-build: one line saying the engine is gone, exit 1; after a restart nothing is tagged', async () => {
    const dir = project('enginegone', `${FROM}RUN echo started && sleep 60\n`);
    const run = startBuild(dir);
    await run.waitFor(/started/);
    engineSh('kill');
    const r = await run.done;
    engineSh('start');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^ds01: (Cannot reach the Docker engine|The Docker engine at .* stopped answering during the build)/m);
    assert.equal(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('ds01:')).length,
      1,
      'one problem line',
    );
    assert.equal(await tagId(`ds01-${DAEMON.uid}/enginegone:latest`), null);
  });
});
