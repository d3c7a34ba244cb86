// Containers at host scale on the local test engine ($DOCKER_HOST, e.g. eval "$(scripts/engine.sh start)"):
// deploy and retire wall time (median of 5, in-process and as whole `ds01` processes), then check-limits
// and container list with 200 containers of 50 users: engine API calls, counted by a socket proxy that
// reads each HTTP request line between the CLI process and dockerd, and whole-process time.
// Needs the bundle: npm run build. Run: npx tsx bench/containers.bench.ts
import Dockerode from 'dockerode';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deployLabels } from '../src/core/containers/spec';
import { limitSet } from '../test/unit/helpers/records';
import { deployContainer, loadContainerContext, retireContainer } from '../src/host/containers';

const REPO = resolve(__dirname, '..');
const run = promisify(execFile);
const RUN = `bench${process.pid}`;
const QUICK = `ds01-bench/quick-stop:${RUN}`;
const dir = mkdtempSync(`/tmp/ds01-${RUN}-`);
const socket = (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
const docker = new Dockerode({ socketPath: socket });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function writeHost(): { env: NodeJS.ProcessEnv; uuids: string[] } {
  const runtime = join(dir, 'root', 'config', 'runtime');
  mkdirSync(runtime, { recursive: true });
  writeFileSync(
    join(runtime, 'resource-limits.yaml'),
    'defaults:\n  max_gpu_equivalents: 4\n  max_gpu_slots_per_container: 1\n  allow_full_gpu: true\n  max_containers_per_user: 10\n  max_cpus: 1\n  memory: 256m\ndefault_group: student\ngroups:\n  student: {}\n',
  );
  const fixtures = join(REPO, 'test', 'fixtures', 'nvidia-smi');
  for (const f of ['a100x4-mig-off.xml', 'a100x4-mig-off.L.txt']) {
    writeFileSync(join(dir, f), readFileSync(join(fixtures, f), 'utf8').replace(/GPU-/g, `GPU-${RUN}-`));
  }
  const smi = join(dir, 'nvidia-smi');
  writeFileSync(smi, `#!/bin/sh\ncase "$*" in "-q -x") exec cat "${dir}/a100x4-mig-off.xml";; "-L") exec cat "${dir}/a100x4-mig-off.L.txt";; esac\nexit 2\n`);
  chmodSync(smi, 0o755);
  mkdirSync(join(dir, 'ws'));
  const uuids = [...readFileSync(join(dir, 'a100x4-mig-off.L.txt'), 'utf8').matchAll(/UUID: (GPU-[^)]+)\)/g)].map((m) => m[1]);
  return { env: { ...process.env, DS01_ROOT: join(dir, 'root'), DS01_STATE_DIR: join(dir, 'state'), DS01_NVIDIA_SMI: smi, NO_COLOR: '1' }, uuids };
}

/** A unix-socket proxy to dockerd that counts HTTP requests by their request line. */
function countingProxy(path: string): { server: Server; calls: string[] } {
  const calls: string[] = [];
  const server = createServer((client) => {
    const upstream = createConnection(socket);
    client.on('data', (d: Buffer) => {
      for (const m of d.toString('latin1').matchAll(/^(GET|POST|DELETE|PUT|HEAD) (\S+) HTTP\/1\.[01]\r$/gm))
        calls.push(
          `${m[1]} ${m[2]
            .split('?')[0]
            .replace(/[0-9a-f]{64}/, '{id}')
            .replace(/^\/images\/.+\/json$/, '/images/{name}/json')}`,
        );
    });
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  server.listen(path);
  return { server, calls };
}

/** Async: the counting proxy lives in this process and must keep serving while the CLI runs. */
async function timeCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t = performance.now();
  try {
    await run(process.execPath, [join(REPO, 'dist', 'cli.js'), ...args], { env, maxBuffer: 1 << 24 });
  } catch (e) {
    throw new Error(`ds01 ${args.join(' ')} failed: ${(e as { stderr?: string }).stderr ?? e} ${((e as { stdout?: string }).stdout ?? '').slice(-600)}`, {
      cause: e,
    });
  }
  return performance.now() - t;
}

async function main(): Promise<void> {
  const { env, uuids } = writeHost();
  const base = await docker.createContainer({ Image: 'ds01-test/busybox:latest', Cmd: ['true'] });
  await base.commit({ repo: QUICK.split(':')[0], tag: RUN, changes: ['CMD ["sh", "-c", "trap \'exit 0\' TERM; sleep 100000 & wait"]'] });
  await base.remove();
  const rows: string[][] = [];
  try {
    const ctx = await loadContainerContext({ env, createdBy: 'cli', needInventory: true, action: 'deploy for' });
    const who = ctx.user;
    const deploys: number[] = [];
    const retires: number[] = [];
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      await deployContainer(ctx, { name: `${RUN}-inproc`, image: QUICK, gpus: 1, workspace: join(dir, 'ws') });
      deploys.push(performance.now() - t);
      t = performance.now();
      await retireContainer(ctx.engine, who, `${RUN}-inproc`);
      retires.push(performance.now() - t);
    }
    rows.push(['deploy, in-process (1 GPU, started)', median(deploys).toFixed(0), '']);
    rows.push(['retire, in-process (stop, remove, confirm)', median(retires).toFixed(0), '']);
    const proxy = countingProxy(join(dir, 'proxy.sock'));
    const proxied = { ...env, DOCKER_HOST: `unix://${join(dir, 'proxy.sock')}` };
    const cliDeploys: number[] = [];
    const cliRetires: number[] = [];
    for (let i = 0; i < 5; i++) {
      proxy.calls.push('--deploy');
      cliDeploys.push(await timeCli(['container', 'deploy', `${RUN}-cli`, '--image', QUICK, '--gpus', '1', '--workspace', join(dir, 'ws'), '--json'], proxied));
      proxy.calls.push('--retire');
      cliRetires.push(await timeCli(['container', 'retire', `${RUN}-cli`, '--json'], proxied));
    }
    // Markers split the proxy's log into the calls of each phase.
    const phase = (marker: string) => {
      let current = '';
      return proxy.calls.filter((c) => (c.startsWith('--') ? ((current = c), false) : current === marker));
    };
    const summarise = (calls: string[]) =>
      `${calls.length / 5} (${[...new Set(calls)].map((c) => `${c} x${calls.filter((x) => x === c).length / 5}`).join(', ')})`;
    rows.push(['ds01 container deploy (whole process)', median(cliDeploys).toFixed(0), summarise(phase('--deploy'))]);
    rows.push(['ds01 container retire (whole process)', median(cliRetires).toFixed(0), summarise(phase('--retire'))]);

    // 200 containers of 50 users, labelled as deploys label them; user 0 is `daemon`, a real account.
    const users = Array.from({ length: 50 }, (_, u) => (u === 0 ? 'daemon' : `${RUN}-u${u}`));
    const specs = Array.from({ length: 200 }, (_, n) => {
      const user = users[Math.floor(n / 4)];
      const slot = {
        id: String(n % 4),
        uuid: uuids[n % 4],
        gpuIndex: n % 4,
        kind: 'gpu' as const,
        model: 'A100',
        equivalents: 1,
        memoryTotalMiB: null,
        memoryUsedMiB: null,
      };
      const labels = deployLabels({
        name: `c${n}`,
        hostName: `${RUN}-c${n}._.${5000 + n}`,
        image: QUICK,
        user: { name: user, uid: 5000 + n, gid: 5000 },
        createdBy: 'cli',
        workspace: '/tmp',
        slots: [slot],
        limits: limitSet(),
        cgroupParent: null,
        now: new Date(),
      });
      return { name: `${RUN}-c${n}._.${5000 + n}`, Image: QUICK, Labels: { ...labels, 'ds01-bench.run': RUN } };
    });
    for (let i = 0; i < specs.length; i += 10) await Promise.all(specs.slice(i, i + 10).map((s) => docker.createContainer(s)));
    const listed = (await docker.listContainers({ all: true })).length;
    for (const [label, args] of [
      ['ds01 limits --json (no engine, baseline)', ['limits', '--json', '--user', 'daemon']],
      ['ds01 check-limits --json', ['check-limits', '--json', '--user', 'daemon']],
      ['ds01 container list --all --json', ['container', 'list', '--all', '--json', '--user', 'daemon']],
    ] as const) {
      const times: number[] = [];
      proxy.calls.length = 0;
      for (let i = 0; i < 5; i++) times.push(await timeCli([...args], proxied));
      const per = proxy.calls.length / 5;
      const kinds = [...new Set(proxy.calls)].map((c) => `${c} x${proxy.calls.filter((x) => x === c).length / 5}`).join(', ');
      rows.push([`${label}, ${listed} containers on the engine`, median(times).toFixed(0), `${per} (${kinds || 'none'})`]);
    }
    proxy.server.close();
  } finally {
    const mine = (await docker.listContainers({ all: true })).filter((c) => c.Names.some((n) => n.includes(RUN)));
    for (let i = 0; i < mine.length; i += 20) await Promise.all(mine.slice(i, i + 20).map((c) => docker.getContainer(c.Id).remove({ force: true })));
    await docker
      .getImage(QUICK)
      .remove()
      .catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('| operation | median ms (of 5) | engine API calls per run |');
  console.log('|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
