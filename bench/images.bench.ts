// Images and project launch on the local test engine ($DOCKER_HOST, e.g. eval "$(scripts/engine.sh start)"), side by
// side in alternating rounds, medians of 7, whole processes:
//  - `ds01 image build` of a small project (40 files, COPY + RUN) against `docker build` of the same context (the
//    classic builder, as the engine API builds), both with --no-cache and both again with the cache warm;
//  - `ds01 project launch` of a built project (CPU only, the folder at /workspace) against `docker create` + `docker
//    start` of the same spec (image, mount, user, CPU and memory limits, labels), each removed again untimed.
// Goals (issue 20): build within 1.1x, launch within 2x. Needs the bundle: npm run build.
import Dockerode from 'dockerode';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

const REPO = resolve(__dirname, '..');
const run = promisify(execFile);
const RUN = `bench${process.pid}`;
const ROUNDS = 7;
const dir = mkdtempSync(`/tmp/ds01-${RUN}-`);
const socket = (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
const docker = new Dockerode({ socketPath: socket });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const uid = process.getuid!();

function writeHost(): NodeJS.ProcessEnv {
  const runtime = join(dir, 'root', 'config', 'runtime');
  mkdirSync(runtime, { recursive: true });
  writeFileSync(
    join(runtime, 'resource-limits.yaml'),
    'defaults:\n  max_gpu_equivalents: 4\n  max_gpu_slots_per_container: 1\n  allow_full_gpu: true\n  max_containers_per_user: 10\n  max_cpus: 1\n  memory: 256m\ndefault_group: student\ngroups:\n  student: {}\n',
  );
  return {
    ...process.env,
    DS01_ROOT: join(dir, 'root'),
    DS01_STATE_DIR: join(dir, 'state'),
    DS01_NVIDIA_SMI: '/bin/false',
    NO_COLOR: '1',
    DS01_CGROUP_PARENT: 'off',
  };
}

function smallProject(name: string, label = ''): string {
  const p = join(dir, name);
  mkdirSync(join(p, 'src'), { recursive: true });
  for (let i = 0; i < 40; i++) writeFileSync(join(p, 'src', `m${i}.py`), `# module ${i}\n${'x = 1\n'.repeat(50)}`);
  writeFileSync(join(p, 'requirements.txt'), 'numpy\n');
  writeFileSync(join(p, 'Dockerfile'), `FROM ds01-test/busybox:latest\n${label}COPY . /app\nRUN echo built > /opt-built\nWORKDIR /workspace\n`);
  return p;
}

async function time(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t = performance.now();
  try {
    await run(cmd, args, { env, maxBuffer: 1 << 24 });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} failed: ${(e as { stderr?: string }).stderr ?? e}`, { cause: e });
  }
  return performance.now() - t;
}

const ds01 = (args: string[], env: NodeJS.ProcessEnv) => time(process.execPath, [join(REPO, 'dist', 'cli.js'), ...args], env);

async function main(): Promise<void> {
  const env = writeHost();
  const dockerEnv = { ...process.env, DOCKER_BUILDKIT: '0' };
  const project = smallProject('bench-project');
  const image = `ds01-${uid}/bench-project:latest`;
  const plain = `ds01-bench/plain:${RUN}`;
  const rows: string[][] = [];
  const side = async (label: string, ours: () => Promise<number>, theirs: () => Promise<number>, between?: () => Promise<void>) => {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      a.push(await ours());
      await between?.();
      b.push(await theirs());
      await between?.();
    }
    rows.push([label, median(a).toFixed(0), median(b).toFixed(0), (median(a) / median(b)).toFixed(2)]);
  };
  try {
    await side(
      'image build, --no-cache',
      () => ds01(['image', 'build', project, '--no-cache', '--json'], env),
      () => time('docker', ['build', '-q', '--no-cache', '-t', plain, project], dockerEnv),
    );
    // A Dockerfile as DS01 writes them (LABEL lines of its own): the host's labels join them, no extra step.
    const labelled = smallProject('bench-labelled', 'LABEL maintainer="bench"\n');
    await side(
      'image build, --no-cache, Dockerfile with a LABEL',
      () => ds01(['image', 'build', labelled, '--no-cache', '--json'], env),
      () => time('docker', ['build', '-q', '--no-cache', '-t', plain, labelled], dockerEnv),
    );
    await side(
      'image build, cache warm (unchanged)',
      () => ds01(['image', 'build', project, '--json'], env),
      () => time('docker', ['build', '-q', '-t', plain, project], dockerEnv),
    );

    const hostName = `bench-project._.${uid}`;
    const removeAll = async () => {
      for (const n of [hostName, `${RUN}-plain`])
        await docker
          .getContainer(n)
          .remove({ force: true })
          .catch(() => undefined);
    };
    /** `docker create` + `docker start` of the same spec as ds01's, with these labels more; its time in ms. */
    const plainCreateStart = async (...labels: string[]) => {
      const t = performance.now();
      const user = `${uid}:${process.getgid!()}`;
      const spec = ['-it', '-v', `${project}:/workspace`, '-w', '/workspace', '--user', user, '--cpus', '1', '--memory', '256m'];
      await time('docker', ['create', '--name', `${RUN}-plain`, ...spec, '--label', 'ds01.managed=true', ...labels, image], process.env);
      await time('docker', ['start', `${RUN}-plain`], process.env);
      return performance.now() - t;
    };
    await side(
      'project launch (built) vs docker create + start',
      () => ds01(['project', 'launch', project, '--gpus', '0', '--json'], env),
      () => plainCreateStart('--label', 'ds01.project=bench-project'),
      removeAll,
    );
    await side(
      'container deploy (same spec, for reference) vs docker create + start',
      () => ds01(['container', 'deploy', 'bench-project', '--image', image, '--gpus', '0', '--workspace', project, '--json'], env),
      () => plainCreateStart(),
      removeAll,
    );
    await removeAll();
  } finally {
    for (const i of [plain, image, `ds01-${uid}/bench-labelled:latest`])
      await docker
        .getImage(i)
        .remove()
        .catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write('| what | ds01 ms | docker ms | ratio |\n|---|---:|---:|---:|\n');
  for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
