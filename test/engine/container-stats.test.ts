// Live use on a real engine: a container filling its memory to 91% of its limit is warned about, a busy one
// shows its CPU, a stream gives an answer a second until stopped, refusals in one line, and the CLI's columns.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { memoryWarning, statsFromEngine } from '../../src/core/container-stats/stats';
import { isProblemError } from '../../src/core/problem';
import { ownStats, statsTargets } from '../../src/host/container-stats/own-stats';
import { IMAGE, RUN_LABEL, removeRunContainers, runId, testEngine, testDocker } from './helpers';
import { testUser } from '../unit/helpers/records';
import { readJson } from './cli-contract';
import { statsJson, statsWatchLine } from '../../src/core/cli-contracts/inside';

const docker = testDocker();

const uid = process.getuid!();
const me = testUser({ name: 'root', uid });
const ROOT = join(__dirname, '../..');
const MiB = 1024 * 1024;

describe('container stats on a real engine', function () {
  this.timeout(40_000);
  const engine = testEngine();
  async function make(name: string, script: string, opts: { start?: boolean; owner?: string; ownerUid?: number } = {}) {
    const c = await docker.createContainer({
      name: `${runId}-${name}._.${opts.ownerUid ?? uid}`,
      Image: IMAGE,
      Cmd: ['/bin/busybox', 'sh', '-c', script],
      Labels: { 'ds01.user': opts.owner ?? 'root', 'ds01.managed': 'true', 'ds01.container_type': 'atomic', [RUN_LABEL]: runId },
      HostConfig: { NetworkMode: 'none', Memory: 64 * MiB, ShmSize: 128 * MiB },
    });
    if (opts.start !== false) await c.start();
    return c;
  }
  before(async () => {
    // /dev/shm is memory of the container's cgroup: 58 MiB of its 64 MiB limit.
    await make('mem', 'dd if=/dev/zero of=/dev/shm/fill bs=1M count=58 2>/dev/null; echo filled; sleep 100000');
    await make('busy', 'while true; do :; done');
    await make('idle', 'sleep 100000');
    await make('never', 'true', { start: false });
    await make('alices', 'sleep 100000', { owner: 'alice', ownerUid: 4242 });
    await new Promise((r) => setTimeout(r, 1500));
  });
  after(async () => {
    await removeRunContainers(docker);
  });

  it('memory used / limit as docker stats shows it, with the warning at 90%; a busy CPU; pids; no network: null with why', async () => {
    const targets = (await statsTargets(engine, me)).filter((c) => c.name.startsWith(runId));
    assert.deepEqual(targets.map((c) => c.displayName).sort(), [`${runId}-busy`, `${runId}-idle`, `${runId}-mem`], 'my running ones only');
    const rows = await ownStats(engine, targets, null, 'nvidia-smi: not on this test host');
    const mem = rows.find((r) => r.container.displayName.endsWith('-mem'))!.stats;
    assert.equal(mem.memoryLimitBytes, 64 * MiB);
    assert.ok(mem.memoryUsedBytes! >= 58 * MiB && mem.memoryUsedBytes! < 64 * MiB, `used ${mem.memoryUsedBytes}`);
    assert.ok(mem.memoryPercent! >= 90);
    assert.match(memoryWarning(mem) ?? '', /memory at 9\d% of its limit.*OOM/);
    assert.equal(mem.pids, 1, 'sh hands over to sleep: one process');
    assert.equal(mem.netRxBytes, null);
    assert.match(mem.unknown.netRxBytes ?? '', /no network interface/);
    const busy = rows.find((r) => r.container.displayName.endsWith('-busy'))!;
    assert.ok(busy.stats.cpuPercent! > 20, `busy CPU ${busy.stats.cpuPercent}`);
    assert.equal(memoryWarning(busy.stats), null);
    assert.deepEqual(busy.gpu, { memoryMiB: null, utilizationPercent: null, why: 'it holds no GPU' });
  });

  it('a stream: one engine call, an answer about each second, nothing after stop', async () => {
    const [idle] = await statsTargets(engine, me, `${runId}-idle`);
    const before = engine.calls.other;
    const seen: number[] = [];
    const stop = engine.statsStream(
      idle.id,
      (s) => seen.push(statsFromEngine(s).pids ?? -1),
      () => undefined,
    );
    const end = Date.now() + 15_000;
    while (seen.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    stop();
    assert.ok(seen.length >= 2, `answers: ${seen.length}`);
    assert.equal(engine.calls.other - before, 1, 'one call for the whole stream');
    const after = seen.length;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(seen.length, after, 'nothing after stop');
  });

  it('refuses a stopped container, one not mine, one that is gone', async () => {
    const kind = (k: string) => (e: unknown) => isProblemError(e) && e.problem.kind === k;
    await assert.rejects(statsTargets(engine, me, `${runId}-never`), kind('not-running'));
    await assert.rejects(statsTargets(engine, me, `${runId}-alices._.4242`), kind('not-owner'));
    await assert.rejects(statsTargets(engine, me, `${runId}-gone`), kind('not-found'));
  });

  describe('ds01 container stats as a real process', () => {
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'container', 'stats', ...args], {
        env: { ...process.env, NO_COLOR: '1', DS01_NVIDIA_SMI: '/nonexistent' },
        encoding: 'utf8',
        timeout: 30_000,
      });

    it("the host's columns; the memory warning under the table", () => {
      const r = cli([`${runId}-mem`]);
      assert.equal(r.status, 0, r.stderr);
      const [head, row] = r.stdout.split('\n');
      assert.match(head, /^NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+NET I\/O\s+BLOCK I\/O\s+PIDS\s+GPU MEM %$/);
      assert.match(row, /-mem\s+\d+\.\d%\s+5\d(\.\d)? MiB \/ 64 MiB \(9\d%\)\s+-\s+\S+ \S+ \/ \S+ \S+\s+1\s+-$/);
      assert.match(r.stdout, /memory at 9\d% of its limit; at 100% the kernel kills a process in it \(OOM\)/);
    });

    it('--json: every column, null with why where not read (no network, no nvidia-smi), never 0 for it', () => {
      const r = cli([`${runId}-mem`, '--json']);
      assert.equal(r.status, 0, r.stderr);
      const [c] = readJson(statsJson, r.stdout).containers;
      assert.deepEqual(Object.keys(c), [
        'name',
        'hostName',
        'state',
        'slots',
        'cpuPercent',
        'memoryUsedBytes',
        'memoryLimitBytes',
        'memoryPercent',
        'netRxBytes',
        'netTxBytes',
        'blockReadBytes',
        'blockWriteBytes',
        'pids',
        'gpuMemoryMiB',
        'gpuUtilizationPercent',
        'unknown',
      ]);
      assert.equal(c.netRxBytes, null);
      assert.equal(c.gpuMemoryMiB, null);
      assert.equal(c.unknown.gpuMemoryMiB, 'it holds no GPU');
      assert.match(c.unknown.netRxBytes ?? '', /no network interface/);
    });

    it('--watch --json: a line every 2 s from the streams until Ctrl-C', async () => {
      const { spawn } = await import('node:child_process');
      const p = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'container', 'stats', `${runId}-idle`, '--watch', '--json'], {
        env: { ...process.env, DS01_NVIDIA_SMI: '/nonexistent' },
      });
      let out = '';
      p.stdout.on('data', (b: Buffer) => {
        out += b.toString();
      });
      const end = Date.now() + 15_000;
      while (out.split('\n').filter(Boolean).length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      p.kill('SIGINT');
      const code = await new Promise((r) => p.on('exit', r));
      assert.equal(code, 0);
      const lines = out
        .split('\n')
        .filter(Boolean)
        .map((l) => readJson(statsWatchLine, l));
      assert.ok(lines.length >= 2);
      assert.equal(lines[0].containers[0].name, `${runId}-idle`);
    });

    it('bad input: a stopped container, two names', () => {
      const stopped = cli([`${runId}-never`]);
      assert.equal(stopped.status, 1);
      assert.match(stopped.stderr, /is created: a stopped container uses nothing/);
      assert.equal(cli(['a', 'b']).status, 2);
    });
  });
});
