// A whole DS01 host for the container tests: a private dockerd of our own (scripts/engine.sh with
// DS01_ENGINE_DIR, so fault tests may kill it and parallel suites never see our containers or quotas),
// a small limits config, a recorded nvidia-smi with UUIDs unique to this run, a state dir for the lock,
// and the real CLI run as separate processes. Test users are system accounts (daemon, bin, ...): the
// CLI resolves uids through NSS, and only root may act for them with --user.
import Dockerode from 'dockerode';
import { strict as assert } from 'node:assert';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { contractJson } from '../cli-contract';

export const REPO = resolve(__dirname, '../../..');
export const runId = `c${process.pid.toString(36)}${randomBytes(2).toString('hex')}`;
export const BUSYBOX = 'ds01-test/busybox:latest';
/** Stops on SIGTERM at once (busybox sh as PID 1 ignores it and would take the whole 10 s grace). */
export const QUICK = 'ds01-test/quick-stop:latest';

const dir = mkdtempSync(`/tmp/ds01-ct-${runId}-`);
export const host = {
  dir,
  engineDir: join(dir, 'engine'),
  root: join(dir, 'root'),
  state: join(dir, 'state'),
  workspace: join(dir, 'ws'),
  smi: join(dir, 'smi', 'nvidia-smi'),
  socket: join(dir, 'engine', 'docker.sock'),
};

/** GPU UUIDs of the recorded 4x A100 host, made unique to this run. */
export const gpuUuids: string[] = [];

const LIMITS = `
defaults:
  max_gpu_equivalents: 1.0
  max_gpu_slots_per_container: 1
  allow_full_gpu: true
  max_cpus: 1
  memory: 256m
  memory_swap: 512m
  shm_size: 64m
  pids_limit: 128
  max_containers_per_user: 2
default_group: student
groups:
  student: {}
  researcher:
    max_gpu_equivalents: 2.0
    max_gpu_slots_per_container: 2
    max_containers_per_user: 3
  nofull:
    allow_full_gpu: false
`;

function writeHost(): void {
  const runtime = join(host.root, 'config', 'runtime');
  mkdirSync(join(runtime, 'groups'), { recursive: true });
  writeFileSync(join(runtime, 'resource-limits.yaml'), LIMITS);
  writeFileSync(join(runtime, 'groups', 'researcher.members'), 'daemon\n');
  writeFileSync(join(runtime, 'groups', 'nofull.members'), 'lp\n');
  mkdirSync(host.workspace, { recursive: true });
  // Test users (bin, daemon, ...) deploy with it: a workspace they may write, on a path they may reach.
  chmodSync(dir, 0o755);
  chmodSync(host.workspace, 0o1777);
  const fixtures = join(REPO, 'test', 'fixtures', 'nvidia-smi');
  const smiDir = join(dir, 'smi');
  mkdirSync(smiDir, { recursive: true });
  for (const f of ['a100x4-mig-off.xml', 'a100x4-mig-off.L.txt']) {
    writeFileSync(join(smiDir, f), readFileSync(join(fixtures, f), 'utf8').replace(/GPU-/g, `GPU-${runId}-`));
  }
  const list = readFileSync(join(smiDir, 'a100x4-mig-off.L.txt'), 'utf8');
  gpuUuids.push(...[...list.matchAll(/UUID: (GPU-[^)]+)\)/g)].map((m) => m[1]));
  writeFileSync(
    host.smi,
    `#!/bin/sh\nd=$(dirname "$0")\ncase "$*" in\n  "-q -x") exec cat "$d/a100x4-mig-off.xml" ;;\n  "-L") exec cat "$d/a100x4-mig-off.L.txt" ;;\n  *) exit 2 ;;\nesac\n`,
  );
  chmodSync(host.smi, 0o755);
}

export function engineSh(cmd: 'start' | 'stop' | 'kill'): string {
  return execFileSync('bash', [join(REPO, 'scripts', 'engine.sh'), cmd], {
    env: { ...process.env, DS01_ENGINE_DIR: host.engineDir },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export const docker = new Dockerode({ socketPath: host.socket });
let ready: Promise<void> | null = null;

/** Starts the private engine once per run, with the quick-stop image. */
export function ensureHost(): Promise<void> {
  ready ??= (async () => {
    writeHost();
    engineSh('start');
    await makeQuickImage();
  })();
  return ready;
}

export async function makeQuickImage(): Promise<void> {
  const c = await docker.createContainer({ Image: BUSYBOX, Cmd: ['true'] });
  await c.commit({ repo: 'ds01-test/quick-stop', tag: 'latest', changes: ['CMD ["sh", "-c", "trap \'exit 0\' TERM; sleep 100000 & wait"]'] });
  await c.remove();
}

after(function () {
  this.timeout(60000);
  if (!ready) return;
  try {
    engineSh('stop');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DOCKER_HOST: `unix://${host.socket}`,
    DS01_ROOT: host.root,
    DS01_STATE_DIR: host.state,
    DS01_NVIDIA_SMI: host.smi,
    NO_COLOR: '1',
    ...extra,
  };
}

export interface CliRun {
  child: ChildProcess;
  /** Resolves when a stderr line matches (progress steps), rejects if the process ends first. */
  waitFor(line: RegExp): Promise<void>;
  done: Promise<CliResult>;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The real CLI as its own process (tsx runs the sources, so no build step is needed). */
export function startCli(args: string[], options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), ...args], {
    cwd: REPO,
    env: cliEnv(options.env),
    uid: options.uid,
    gid: options.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ re: RegExp; resolve: () => void }> = [];
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const w of waiters.filter((x) => x.re.test(stderr))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const done = new Promise<CliResult>((res, rej) =>
    child.on('close', (code) => {
      let json: unknown = null;
      try {
        json = JSON.parse(stdout);
      } catch {
        /* not JSON (text, or JSON lines) */
      }
      // Whatever --json answer a test reads has passed its contract.
      if (json === null) res({ code, stdout, stderr, json });
      else contractJson(args, json).then((checked) => res({ code, stdout, stderr, json: checked }), rej);
    }),
  );
  return {
    child,
    done,
    waitFor: (re) =>
      new Promise<void>((res, rej) => {
        if (re.test(stderr)) return res();
        waiters.push({ re, resolve: res });
        void done.then((r) => rej(new Error(`CLI ended (exit ${r.code}) before ${re}: ${r.stderr}`)));
      }),
  };
}

export function cli(...args: string[]): Promise<CliResult> {
  return startCli(args).done;
}

/** `container deploy` for a test user with this run's defaults (quick image, the temp workspace, --json). */
export function deploy(user: string, name: string, ...more: string[]): Promise<CliResult> {
  const flags = more.includes('--image') ? more : ['--image', QUICK, ...more];
  return cli('container', 'deploy', name, '--user', user, '--workspace', host.workspace, '--json', ...flags);
}

/** Users whose one-GPU containers (hold-<user>) take all 4 GPUs: bin, sys, games and man. */
const HOLDERS = ['bin', 'sys', 'games', 'man'];

/** Fills the host's 4 GPUs, one container per holder; answers each holder's container id. */
export async function fillGpus(): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const user of HOLDERS) {
    const r = await startCli(['container', 'deploy', `hold-${user}`, '--user', user, '--gpus', '1', '--image', QUICK, '--workspace', host.workspace, '--json'])
      .done;
    assert.equal(r.code, 0, r.stderr);
    ids.set(user, r.json.id);
  }
  return ids;
}

export function retire(user: string, name: string, ...more: string[]): Promise<CliResult> {
  return cli('container', 'retire', name, '--user', user, '--json', ...more);
}

/** Names this run's tests give their containers: unique per test, so reruns never clash. */
let counter = 0;
export function uniqueName(tag: string): string {
  counter += 1;
  return `${tag}-${counter}`;
}

export async function removeAll(): Promise<void> {
  const all = await docker.listContainers({ all: true });
  await Promise.all(all.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}
