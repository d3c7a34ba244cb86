// Each speed device with and without (issue 23 item 7), on a host of DS01's size: 50 containers of 20 users (one in
// five an older AIME container without DS01's labels, half of them running), 4 GPUs (a recorded nvidia-smi), the
// real host's 16 KB resource-limits.yaml. Every variant is a production build of this tree (esbuild.mjs
// --production) with one device turned off by a small edit of a copy of our own sources; every round runs every
// command of every variant once, in turn, so load from other work falls on all alike. Prints medians, the spread
// (25th-75th percentile) and what the device saves. The engine: $DOCKER_HOST (npm run bench starts one).
// Run: npm run bench -- devices (DS01_BENCH_ROUNDS, default 15).
import Dockerode from 'dockerode';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deployLabels } from '../src/core/containers/spec';
import { limitSet } from '../test/unit/helpers/records';

const REPO = resolve(__dirname, '..');
const ROUNDS = Number(process.env.DS01_BENCH_ROUNDS ?? 15);
const RUN = `devices${process.pid}`;
const top = mkdtempSync(`/tmp/ds01-${RUN}-`);
const socket = (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
if (!socket) throw new Error('DOCKER_HOST is not set: eval "$(scripts/engine.sh start)" first, or run through npm run bench');
const docker = new Dockerode({ socketPath: socket });

interface Edit {
  file: string;
  from: string;
  to: string;
}
/** A device turned off: edits of a copy of our sources, or the environment. */
interface Variant {
  name: string;
  edits?: Edit[];
  env?: NodeJS.ProcessEnv;
}

const VARIANTS: Variant[] = [
  { name: 'as built' },
  { name: 'no V8 code cache', env: { DS01_CODE_CACHE: 'off' } },
  { name: 'no limits cache', edits: [{ file: 'src/host/limits/config-files.ts', from: 'codeId: limitsCodeId()', to: 'codeId: null' }] },
  {
    name: 'no esbuild plugin leaveOutUnusedTransports',
    edits: [
      {
        file: 'esbuild.mjs',
        from: 'const leaveOutUnusedTransports = {',
        to: "const leaveOutUnusedTransports = { name: 'off', setup() {} };\nconst unused = {",
      },
    ],
  },
];

const COMMANDS = [
  ['limits', '--json'],
  ['check-limits', '--json'],
  ['container', 'list', '--json'],
  ['gpus', '--json'],
];

/** A production build of this tree with the variant's edits, in its own folder; its dist/cli.js. */
function build(v: Variant, n: number): string {
  const root = join(top, `v${n}`);
  mkdirSync(root);
  for (const p of ['src', 'scripts/bundle', 'esbuild.mjs', 'package.json']) cpSync(join(REPO, p), join(root, p), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  for (const e of v.edits ?? []) {
    const text = readFileSync(join(root, e.file), 'utf8');
    if (!text.includes(e.from)) throw new Error(`${v.name}: "${e.from}" not in ${e.file}`);
    writeFileSync(join(root, e.file), text.split(e.from).join(e.to));
  }
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' });
  sizes.set(v.name, statSync(join(root, 'dist', 'extension.js')).size);
  return join(root, 'dist', 'cli.js');
}

function writeHost(): NodeJS.ProcessEnv {
  const root = join(top, 'host');
  cpSync(join(REPO, 'test', 'fixtures', 'hosts', 'ds01-2026-07'), root, { recursive: true });
  return {
    DS01_ROOT: root,
    DS01_STATE_DIR: join(top, 'state'),
    DS01_NVIDIA_SMI: join(REPO, 'test', 'fixtures', 'nvidia-smi', 'bin', 'a100x4-mig-off'),
    NO_COLOR: '1',
  };
}

async function addContainers(): Promise<void> {
  const users = Array.from({ length: 20 }, (_, u) => (u === 0 ? 'daemon' : `${RUN}-u${u}`));
  const specs = Array.from({ length: 50 }, (_, n) => {
    const user = users[n % 20];
    const hostName = `${RUN}-c${n}._.${5000 + (n % 20)}`;
    const gpu = `GPU-${RUN}-${n % 4}`;
    const labels =
      n % 5 === 4
        ? { 'aime.mlc.USER': user }
        : deployLabels({
            name: `c${n}`,
            hostName,
            image: 'ds01-test/busybox:latest',
            user: { name: user, uid: 5000 + (n % 20), gid: 5000 },
            createdBy: 'cli',
            workspace: '/tmp',
            slots: [{ id: String(n % 4), uuid: gpu, gpuIndex: n % 4, kind: 'gpu', model: 'A100', equivalents: 1, memoryTotalMiB: null, memoryUsedMiB: null }],
            limits: limitSet(),
            cgroupParent: null,
            now: new Date(),
          });
    return {
      name: hostName,
      Image: 'ds01-test/busybox:latest',
      Cmd: ['sleep', '100000'],
      Labels: { ...labels, 'ds01-bench.run': RUN },
      HostConfig: { NetworkMode: 'none' },
    };
  });
  for (let i = 0; i < specs.length; i += 10) {
    const made = await Promise.all(specs.slice(i, i + 10).map((s) => docker.createContainer(s)));
    await Promise.all(made.filter((_, k) => (i + k) % 2 === 0).map((c) => c.start()));
  }
}

const sizes = new Map<string, number>();
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function main(): Promise<void> {
  const host = writeHost();
  const cases = VARIANTS.flatMap((v, n) => {
    const cli = build(v, n);
    const cache = join(top, `cache${n}`);
    mkdirSync(cache, { mode: 0o700 });
    const env = { ...process.env, ...host, ...v.env, XDG_CACHE_HOME: cache };
    return COMMANDS.map((args) => ({
      variant: v.name,
      command: args.join(' '),
      argv: [cli, ...args, '--user', 'daemon'],
      env,
      times: [] as number[],
      cpu: [] as number[],
    }));
  });
  try {
    await addContainers();
    // bash's `time` gives the process's own CPU time (user + system, from getrusage): under load, wall time is
    // mostly waiting for a core; the engine's side of a run shows only in wall time.
    const timeOnce = (c: (typeof cases)[number]) => {
      const t = performance.now();
      const r = spawnSync('bash', ['-c', '{ time "$@" >/dev/null 2>&3; } 3>&2 2>&1', 'ds01', process.execPath, ...c.argv], {
        env: { ...c.env, TIMEFORMAT: '%3U %3S' },
        encoding: 'utf8',
      });
      const ms = performance.now() - t;
      const cpu = /^(\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stdout);
      if (r.status !== 0 || !cpu) throw new Error(`${c.variant}: ds01 ${c.command} failed (${r.status}): ${r.stderr}`);
      return { ms, cpu: (Number(cpu[1]) + Number(cpu[2])) * 1000 };
    };
    // Two uncounted runs each: the caches are written by the first run and again by the second (code-cache.ts).
    for (const c of cases) {
      timeOnce(c);
      timeOnce(c);
    }
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? cases : [...cases].reverse();
      for (const c of order) {
        const t = timeOnce(c);
        c.times.push(t.ms);
        c.cpu.push(t.cpu);
      }
    }
    report(cases);
  } finally {
    // Node's global agent keeps sockets alive, and dockerd closes them while the rounds run: a second try.
    const removeMine = async () => {
      const mine = await docker.listContainers({ all: true, filters: { label: [`ds01-bench.run=${RUN}`] } });
      await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    };
    await removeMine().catch(removeMine);
    rmSync(top, { recursive: true, force: true });
  }
}

function report(cases: Array<{ variant: string; command: string; times: number[]; cpu: number[] }>): void {
  console.log(`${ROUNDS} rounds, every case once a round (order reversed every other round), after two uncounted runs; production builds.\n`);
  console.log('| command | variant | wall median ms | wall p25-p75 | device saves (wall) | CPU median ms | CPU p25-p75 | device saves (CPU) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  const saves = (without: number, withIt: number) => `${(((without - withIt) / without) * 100).toFixed(0)}% (${(without - withIt).toFixed(0)} ms)`;
  for (const args of COMMANDS) {
    const command = args.join(' ');
    const base = cases.find((c) => c.command === command && c.variant === 'as built')!;
    for (const c of cases.filter((x) => x.command === command)) {
      const [m, cpu] = [pct(c.times, 0.5), pct(c.cpu, 0.5)];
      const range = (xs: number[]) => `${pct(xs, 0.25).toFixed(0)}-${pct(xs, 0.75).toFixed(0)}`;
      console.log(
        `| ${command} | ${c.variant} | ${m.toFixed(0)} | ${range(c.times)} | ${c === base ? '' : saves(m, pct(base.times, 0.5))} ` +
          `| ${cpu.toFixed(0)} | ${range(c.cpu)} | ${c === base ? '' : saves(cpu, pct(base.cpu, 0.5))} |`,
      );
    }
  }
  console.log('\n| variant | dist/extension.js KiB |\n|---|---:|');
  for (const [name, bytes] of sizes) console.log(`| ${name} | ${(bytes / 1024).toFixed(0)} |`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
