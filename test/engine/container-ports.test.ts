// What a running container listens on, read inside it through the engine (busybox httpd and nc), and the CLI.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isProblemError } from '../../src/core/problem';
import { ownPorts } from '../../src/host/ports/own-ports';
import { openRelay } from '../../src/host/ports/relay';
import { startJupyter, stopJupyter } from '../../src/host/ports/jupyter';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { IMAGE, RUN_LABEL, removeRunContainers, runId, testEngine, testDocker } from './helpers';
import { testUser } from '../unit/helpers/records';
import { readJson } from './cli-contract';
import { portsJson } from '../../src/core/cli-contracts/inside';

const docker = testDocker();

const uid = process.getuid!();
const me = testUser({ name: 'root', uid });
const ROOT = join(__dirname, '../..');

describe('container ports on a real engine', function () {
  this.timeout(30_000);
  const engine = testEngine();
  const make = async (name: string, script: string, start = true, NetworkMode = 'none') => {
    const c = await docker.createContainer({
      name: `${runId}-${name}._.${uid}`,
      Image: IMAGE,
      Cmd: ['/bin/busybox', 'sh', '-c', script],
      Labels: { 'ds01.user': 'root', 'ds01.managed': 'true', [RUN_LABEL]: runId },
      HostConfig: { NetworkMode },
    });
    if (start) await c.start();
    return c;
  };
  before(async () => {
    await make('web', '/bin/busybox httpd -p 127.0.0.1:8080; /bin/busybox httpd -p 8888; exec sleep 100000');
    await make('quiet', 'exec sleep 100000');
    await make('stopped', 'true', false);
    await new Promise((r) => setTimeout(r, 500));
  });
  after(async () => {
    await removeRunContainers(docker);
  });

  it('lists httpd on loopback and on every address; no network: nothing reaches them, said why', async () => {
    const r = await ownPorts(engine, me, `${runId}-web`);
    assert.deepEqual(
      r.ports.map((p) => [p.port, p.loopbackOnly]),
      [
        [8080, true],
        [8888, false],
      ],
    );
    assert.equal(r.network.mode, 'none');
    assert.equal(r.network.ip, null);
    assert.deepEqual((await ownPorts(engine, me, `${runId}-quiet`)).ports, []);
  });

  it('refuses a container that is not running, and a paused one', async () => {
    await assert.rejects(ownPorts(engine, me, `${runId}-stopped`), (e) => isProblemError(e) && e.problem.kind === 'not-running');
    const quiet = docker.getContainer((await ownPorts(engine, me, `${runId}-quiet`)).container.id);
    await quiet.pause();
    try {
      await assert.rejects(ownPorts(engine, me, `${runId}-quiet`), (e) => isProblemError(e) && /Unpause it/.test(e.problem.fix ?? ''));
    } finally {
      await quiet.unpause();
    }
  });

  it('ds01 container ports as a real process', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'container', 'ports', `${runId}-web`], {
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^8080 \(127\.0\.0\.1\): not reachable: it listens on 127\.0\.0\.1 inside the container only/m);
    assert.match(r.stdout, /^8888 \(::\): not reachable: the container has no network \(mode none\)/m);
    const j = readJson(
      portsJson,
      spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'container', 'ports', `${runId}-web`, '--json'], { encoding: 'utf8' }).stdout,
    );
    assert.equal(j.ports.length, 2);
    assert.equal(j.ports[1].command, null);
  });

  const fetchText = (port: number) =>
    new Promise<string>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/' }, (res) => {
        let body = '';
        res.on('data', (b) => {
          body += b;
        });
        res.on('end', () => resolve(body));
      }).on('error', reject);
    });

  it('a relay on 127.0.0.1 reaches a container without a network through the engine (busybox nc), and closes', async () => {
    const c = await make('site', 'mkdir -p /www; echo hello-from-httpd > /www/index.html; /bin/busybox httpd -p 8888 -h /www; exec sleep 100000');
    await new Promise((r) => setTimeout(r, 300));
    const relay = await openRelay(engine, { id: c.id, displayName: 'site' }, 8888, { mode: 'none', ip: null });
    try {
      assert.equal(await fetchText(relay.port), 'hello-from-httpd\n');
      assert.equal(await fetchText(relay.port), 'hello-from-httpd\n', 'a second connection, a second exec');
      assert.match(relay.target, /through the engine/);
    } finally {
      await relay.close();
    }
    await assert.rejects(fetchText(relay.port), /ECONNREFUSED/);
  });

  it('host network: the relay connects to localhost straight', async () => {
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const c = await make(
      'hostnet',
      `mkdir -p /www; echo via-host-network > /www/index.html; /bin/busybox httpd -p 127.0.0.1:${free} -h /www; exec sleep 100000`,
      true,
      'host',
    );
    await new Promise((r) => setTimeout(r, 300));
    const relay = await openRelay(engine, { id: c.id, displayName: 'hostnet' }, free, { mode: 'host', ip: null });
    try {
      assert.equal(await fetchText(relay.port), 'via-host-network\n');
      assert.equal(relay.target, `127.0.0.1:${free}`);
    } finally {
      await relay.close();
    }
  });
});

// A stand-in for Jupyter on the container's PATH (test/fixtures/jupyter-stand-in.sh says why and what it does).
const WITH_JUPYTER = 'printf "%s\\n" "$JUPYTER_STAND_IN" > /bin/jupyter; chmod +x /bin/jupyter; exec sleep 100000';

describe('Jupyter Lab in a container (stand-in program)', function () {
  this.timeout(60_000);
  const engine = testEngine();
  const docker = testDocker();
  const make = async (name: string, script: string) => {
    const c = await docker.createContainer({
      name: `${runId}-${name}._.${uid}`,
      Image: IMAGE,
      Cmd: ['/bin/busybox', 'sh', '-c', script],
      Env: [`JUPYTER_STAND_IN=${readFileSync(join(ROOT, 'test/fixtures/jupyter-stand-in.sh'), 'utf8')}`],
      Labels: { 'ds01.user': 'root', 'ds01.managed': 'true', [RUN_LABEL]: runId },
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
    await new Promise((r) => setTimeout(r, 300));
    return c;
  };
  after(async () => {
    await removeRunContainers(docker);
  });

  it('an image without jupyter: one line saying how to add it', async () => {
    await make('nojl', 'exec sleep 100000');
    await assert.rejects(
      startJupyter(engine, me, `${runId}-nojl`),
      (e) =>
        isProblemError(e) && e.problem.kind === 'not-found' && /has no Jupyter/.test(e.problem.message) && /pip install jupyterlab/.test(e.problem.fix ?? ''),
    );
  });

  it('starts it with our token (in its environment, not its command line), waits until it listens, answers through a relay, and stops', async () => {
    const c = await make('jl', WITH_JUPYTER);
    const j = await startJupyter(engine, me, `${runId}-jl`);
    assert.equal(j.port, 8888);
    assert.match(j.token, /^[0-9a-f]{48}$/);
    assert.equal(j.path, `lab?token=${j.token}`);
    assert.ok(
      (await ownPorts(engine, me, `${runId}-jl`)).ports.some((p) => p.port === 8888),
      'it listened before startJupyter returned',
    );
    const relay = await openRelay(engine, { id: c.id, displayName: 'jl' }, j.port, j.network);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        get({ host: '127.0.0.1', port: relay.port, path: `/${j.path}` }, (res) => {
          let b = '';
          res.on('data', (d) => {
            b += d;
          });
          res.on('end', () => resolve(b));
        }).on('error', reject);
      });
      assert.equal(body, `lab token ${j.token}\n`);
    } finally {
      await relay.close();
    }
    const again = await startJupyter(engine, me, `${runId}-jl`);
    assert.equal(again.port, 8889, 'the next free port');
    assert.notEqual(again.token, j.token);
    await assert.rejects(
      startJupyter(engine, me, `${runId}-jl`, { port: 8889 }),
      (e) => isProblemError(e) && e.problem.message === 'Port 8889 is already taken in this container.',
    );
    const chosen = await startJupyter(engine, me, `${runId}-jl`, { port: 9999 });
    assert.equal(chosen.port, 9999);
    for (const port of [8888, 8889, 9999]) assert.equal((await stopJupyter(engine, me, `${runId}-jl`, port)).id, c.id);
    assert.deepEqual((await ownPorts(engine, me, `${runId}-jl`)).ports, []);
    await assert.rejects(stopJupyter(engine, me, `${runId}-jl`, 8888), (e) => isProblemError(e) && /Nothing listens on port 8888/.test(e.problem.message));
  });

  it('a paused container: one line saying to unpause it; not mine: refused', async () => {
    const c = await make('jlpaused', WITH_JUPYTER);
    await c.pause();
    try {
      await assert.rejects(
        startJupyter(engine, me, `${runId}-jlpaused`),
        (e) =>
          isProblemError(e) &&
          e.problem.kind === 'not-running' &&
          e.problem.message === `${runId}-jlpaused is paused: only a running container can run Jupyter Lab.` &&
          /ds01 container unpause/.test(e.problem.fix ?? ''),
      );
    } finally {
      await c.unpause();
    }
    const other = testUser({ name: 'someone-else', uid: uid + 4242 });
    await assert.rejects(startJupyter(engine, other, `${runId}-jlpaused`), (e) => isProblemError(e));
  });

  it('ds01 container jupyter / --stop as real processes', async () => {
    await make('jlcli', WITH_JUPYTER);
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'container', 'jupyter', ...args], {
        env: { ...process.env, NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const first = cli([`${runId}-jlcli`, '--json']);
    assert.equal(first.status, 0, first.stderr + first.stdout);
    const j = JSON.parse(first.stdout);
    assert.equal(j.port, 8888);
    assert.match(j.token, /^[0-9a-f]{48}$/);
    assert.equal(j.url, null, 'no network here: no ssh -L to print');
    assert.equal(j.forward, null);
    assert.match(j.why, /no network/);
    const text = cli([`${runId}-jlcli`]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /Jupyter Lab runs in .*-jlcli on port 8889\.[\s\S]*Stop it with: ds01 container jupyter .*-jlcli --stop --port 8889/);
    assert.equal(cli([`${runId}-jlcli`, '--stop']).status, 0, '8888 unless given');
    const stopped = cli([`${runId}-jlcli`, '--stop', '--port', '8889']);
    assert.equal(stopped.status, 0, stopped.stderr);
    assert.match(stopped.stdout, /Stopped Jupyter on port 8889 in .*-jlcli\./);
    const none = cli([`${runId}-jlcli`, '--stop', '--port', '8889']);
    assert.equal(none.status === 0, false);
    assert.match(none.stderr, /Nothing listens on port 8889/);
    const bad = cli([`${runId}-jlcli`, '--stop', '--port', 'x']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /"x" is not a port number/);
  });
});
