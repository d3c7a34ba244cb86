// What a running container listens on, read inside it through the engine (busybox httpd and nc), and the CLI.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isProblemError } from '../../src/core/problem';
import { ownPorts } from '../../src/host/ports/own-ports';
import { openRelay } from '../../src/host/ports/relay';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { IMAGE, RUN_LABEL, removeRunContainers, runId, testEngine, testDocker } from './helpers';
import { testUser } from '../unit/helpers/records';

const docker = testDocker();

const uid = process.getuid!();
const me = testUser({ name: 'root', uid });
const ROOT = join(__dirname, '../..');

describe('container ports on a real engine', function () {
  this.timeout(30_000);
  const engine = testEngine();
  const make = async (name: string, script: string, start = true, NetworkMode = 'none') => {
    const c = await docker.createContainer({
      name: `${runId}-${name}._.${uid}`, Image: IMAGE, Cmd: ['/bin/busybox', 'sh', '-c', script],
      Labels: { 'ds01.user': 'root', 'ds01.managed': 'true', [RUN_LABEL]: runId }, HostConfig: { NetworkMode },
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
  after(async () => { await removeRunContainers(docker); });

  it('lists httpd on loopback and on every address; no network: nothing reaches them, said why', async () => {
    const r = await ownPorts(engine, me, `${runId}-web`);
    assert.deepEqual(r.ports.map((p) => [p.port, p.loopbackOnly]), [[8080, true], [8888, false]]);
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
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'container', 'ports', `${runId}-web`], { env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^8080 \(127\.0\.0\.1\): not reachable: it listens on 127\.0\.0\.1 inside the container only/m);
    assert.match(r.stdout, /^8888 \(::\): not reachable: the container has no network \(mode none\)/m);
    const j = JSON.parse(spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'container', 'ports', `${runId}-web`, '--json'], { encoding: 'utf8' }).stdout);
    assert.equal(j.ports.length, 2);
    assert.equal(j.ports[1].command, null);
  });

  const fetchText = (port: number) => new Promise<string>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => { let body = ''; res.on('data', (b) => { body += b; }); res.on('end', () => resolve(body)); }).on('error', reject);
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
    const free = await new Promise<number>((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });
    const c = await make('hostnet', `mkdir -p /www; echo via-host-network > /www/index.html; /bin/busybox httpd -p 127.0.0.1:${free} -h /www; exec sleep 100000`, true, 'host');
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
