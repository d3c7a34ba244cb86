// CLI start-up against Node itself (issue 14): `node -e 0`, `ds01 limits --json` and `ds01 check-limits --json`
// run alternately as whole processes on the demo host, with 50 containers of 13 users on the test engine (about
// DS01's size; $DOCKER_HOST, e.g. eval "$(scripts/engine.sh start)"), then 200 of 50 users, then 1000 of 250. Medians of
// ROUNDS runs each, and each median as a ratio to `node -e 0`'s median of the same phase. Targets: limits
// within 1.5x, check-limits within 2x at 200 containers; check-limits at 1000 within 1.2x of at 200.
// One in four containers is a legacy one without DS01's labels (an inspect each).
// DS01_BENCH_BASELINE=/path/to/other/dist/cli.js adds that build's rows, measured in the same rounds.
// Needs the bundle: npm run build. Run: npx tsx bench/startup.bench.ts
import Dockerode from 'dockerode';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const REPO = resolve(__dirname, '..');
const ROUNDS = Number(process.env.DS01_BENCH_ROUNDS ?? 21);
const RUN = `startup${process.pid}`;
const GPU = 'GPU-a7f2c9e1-3b4d-4e8f-9c2a-1d5e6f7a8b90';
const socket = (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
if (!socket) throw new Error('DOCKER_HOST is not set: eval "$(scripts/engine.sh start)" first');
const docker = new Dockerode({ socketPath: socket });
const cache = mkdtempSync(`/tmp/ds01-${RUN}-cache-`);
// Each build gets its own cache folder: both builds' code caches have the same names, and each would remove
// the other's as stale.
const envFor = (tag: string) => {
  const dir = join(cache, tag === '' ? 'this' : 'baseline');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { ...process.env, XDG_CACHE_HOME: dir, NO_COLOR: '1' };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Case {
  label: string;
  argv: string[];
  env?: NodeJS.ProcessEnv;
}

function cliCases(cli: string, tag: string, user: string): Case[] {
  const env = envFor(tag);
  return [
    { label: `${tag}ds01 limits --json`, argv: [cli, 'limits', '--demo', '--json', '--user', user], env },
    { label: `${tag}ds01 check-limits --json`, argv: [cli, 'check-limits', '--demo', '--json', '--user', user], env },
  ];
}

function timeOnce(c: Case): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, c.argv, { env: c.env ?? process.env, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${c.label} failed (${r.status}): ${r.stderr}`);
  return ms;
}

/** Every case once per round, in turn, so load from other work on the machine falls on all of them alike. */
function alternate(cases: Case[]): Map<string, number> {
  for (const c of cases) timeOnce(c); // first runs fill the caches; they are not what a user waits for twice
  const times = new Map(cases.map((c) => [c.label, [] as number[]]));
  for (let r = 0; r < ROUNDS; r++) for (const c of cases) times.get(c.label)!.push(timeOnce(c));
  return new Map([...times].map(([k, v]) => [k, median(v)]));
}

async function addContainers(from: number, to: number): Promise<void> {
  const specs = [];
  for (let n = from; n < to; n++) {
    const user = `${RUN}-u${Math.floor(n / 4)}`;
    const labels: Record<string, string> = n % 4 !== 3 ? { 'ds01.managed': 'true', 'ds01.user': user, 'ds01.gpu.uuids': GPU } : { 'aime.mlc.USER': user };
    specs.push({
      name: `${RUN}-c${n}._.${5000 + Math.floor(n / 4)}`,
      Image: 'ds01-test/busybox:latest',
      Cmd: ['true'],
      Labels: { ...labels, 'ds01-bench.run': RUN },
      HostConfig: { NetworkMode: 'none', DeviceRequests: [{ Driver: 'nvidia', DeviceIDs: [GPU], Capabilities: [['gpu']] }] },
    });
  }
  for (let i = 0; i < specs.length; i += 10) await Promise.all(specs.slice(i, i + 10).map((s) => docker.createContainer(s)));
}

async function main(): Promise<void> {
  const user = `${RUN}-u7`;
  const cases: Case[] = [{ label: 'node -e 0', argv: ['-e', '0'] }, ...cliCases(join(REPO, 'dist', 'cli.js'), '', user)];
  const baseline = process.env.DS01_BENCH_BASELINE;
  if (baseline) cases.push(...cliCases(resolve(baseline), 'baseline: ', user));
  const rows: string[][] = [];
  const phase = (count: number, medians: Map<string, number>) => {
    const node = medians.get('node -e 0')!;
    for (const [label, ms] of medians) rows.push([`${label}`, String(count), ms.toFixed(0), (ms / node).toFixed(2)]);
    return medians;
  };
  try {
    // DS01's own size first (issue 23: about 50 containers), then issue 14's 200 and 1000.
    await addContainers(0, 50);
    phase(50, alternate(cases));
    await addContainers(50, 200);
    const at200 = phase(200, alternate(cases));
    await addContainers(200, 1000);
    const at1000 = phase(1000, alternate(cases));
    const growth = (label: string) => {
      const r200 = at200.get(label)! / at200.get('node -e 0')!;
      const r1000 = at1000.get(label)! / at1000.get('node -e 0')!;
      return `${(at1000.get(label)! / at200.get(label)!).toFixed(2)} (${(r1000 / r200).toFixed(2)} against node -e 0)`;
    };
    console.log(`${ROUNDS} rounds per phase, alternating, after one uncounted run each; XDG_CACHE_HOME=${cache}.\n`);
    console.log('| process | containers on the engine | median ms | ratio to node -e 0 |');
    console.log('|---|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    // Issue 14 aimed at <= 1.2 with the kept list and inspects; issue 23 removed both (bench/README.md).
    console.log('\ncheck-limits at 1000 containers / at 200:', growth('ds01 check-limits --json'));
    if (baseline) console.log('baseline, same:', growth('baseline: ds01 check-limits --json'));
  } finally {
    const mine = await docker.listContainers({ all: true, filters: { label: [`ds01-bench.run=${RUN}`] } });
    for (let i = 0; i < mine.length; i += 20) await Promise.all(mine.slice(i, i + 20).map((c) => docker.getContainer(c.Id).remove({ force: true })));
    rmSync(cache, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
