// One nvidia-smi reading for many readers: the user's shared reading (runtime folder, flock) and the host
// service's file (root's only). nvidia-smi runs are counted by a recording stub that appends to a log.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readingSharing, sharedInventory, type SharedReading } from '../../../../src/host/nvidia-smi/reading-cache';
import { NvidiaSmiRunner } from '../../../../src/host/nvidia-smi/run';
import { FIXTURE_DIR } from '../../core/nvidia-smi/fixtures';

const REPO = join(__dirname, '..', '..', '..', '..');
const isRoot = process.geteuid?.() === 0;

describe('host/nvidia-smi/reading-cache', function () {
  this.timeout(60000);
  let top: string;
  let log: string;
  let smi: string;
  // A reading of the MIG-off fixture is two nvidia-smi runs (the GPU and compute-app CSV queries): count GPU queries.
  const readings = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('--query-gpu=')).length
      : 0;

  beforeEach(() => {
    top = mkdtempSync(join(tmpdir(), 'ds01-reading-'));
    chmodSync(top, 0o755);
    log = join(top, 'calls.log');
    smi = join(top, 'nvidia-smi');
    // A recording nvidia-smi that takes a while, so concurrent readers really overlap.
    writeFileSync(smi, `#!/bin/sh\necho "$*" >> "${log}"\nsleep 0.4\nexec "${join(FIXTURE_DIR, 'bin', 'a100x4-mig-off')}" "$@"\n`, { mode: 0o755 });
  });
  afterEach(() => rmSync(top, { recursive: true, force: true }));

  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    XDG_RUNTIME_DIR: join(top, 'run'),
    DS01_HOST_READING: join(top, 'host', 'gpu-reading.json'),
    DS01_NVIDIA_SMI: smi,
    DS01_GPU_REFRESH_SECONDS: '60',
    DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    NO_COLOR: '1',
    ...extra,
  });
  const runner = (e: NodeJS.ProcessEnv = env()) => new NvidiaSmiRunner({ command: smi, share: readingSharing(smi, e) });

  function ds01Gpus(e: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(REPO, 'dist', 'cli.js'), 'gpus', '--json'], { env: e });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code, out }));
    });
  }

  it('10 concurrent `ds01 gpus --json` of one user take one nvidia-smi reading and print the same GPUs', async () => {
    mkdirSync(join(top, 'run'), { mode: 0o700 });
    const results = await Promise.all(Array.from({ length: 10 }, () => ds01Gpus(env())));
    for (const r of results) assert.equal(r.code, 0);
    assert.equal(readings(), 1);
    const uuids = results.map((r) => JSON.stringify(JSON.parse(r.out).gpus.map((g: { uuid: string }) => g.uuid)));
    assert.equal(new Set(uuids).size, 1);
    assert.equal(JSON.parse(results[0].out).gpus.length, 4);
  });

  it("uses another process's reading for 4/5 of the interval, never its own; another nvidia-smi is not shared", async () => {
    let clock = 1_000_000;
    const sharing = readingSharing(smi, env({ DS01_GPU_REFRESH_SECONDS: '5' }));
    const read = () => new NvidiaSmiRunner({ command: smi }).inventory();
    // Readers 1 and 2 stand for two processes (two windows).
    await sharedInventory(read, sharing, () => clock, 1);
    clock += 3999;
    await sharedInventory(read, sharing, () => clock, 2);
    assert.equal(readings(), 1, 'fresh for 4/5 of the interval');
    await sharedInventory(read, sharing, () => clock, 1);
    assert.equal(readings(), 2, 'never its own reading: a window polling every interval reads on time');
    clock += 1;
    await sharedInventory(read, sharing, () => clock, 2);
    assert.equal(readings(), 2, 'the other window uses it');
    clock += 4000;
    await sharedInventory(read, sharing, () => clock, 2);
    assert.equal(readings(), 3, 'stale after 4/5 of the interval');
    await sharedInventory(read, { ...sharing, command: `${smi}-other` }, () => clock, 1);
    assert.equal(readings(), 4);
  });

  it('shares a failure too, as the problem nvidia-smi had', async () => {
    writeFileSync(smi, `#!/bin/sh\necho "$*" >> "${log}"\necho 'NVIDIA-SMI has failed' ; exit 9\n`, { mode: 0o755 });
    const sharing = readingSharing(smi, env());
    const read = () => new NvidiaSmiRunner({ command: smi }).inventory();
    await assert.rejects(sharedInventory(read, sharing, Date.now, 1), /exit code 9/);
    await assert.rejects(sharedInventory(read, sharing, Date.now, 2), /exit code 9/);
    assert.equal(readings(), 1);
  });

  it('without XDG_RUNTIME_DIR every reader runs its own', async () => {
    const e: NodeJS.ProcessEnv = env();
    delete e.XDG_RUNTIME_DIR;
    await runner(e).inventory();
    await runner(e).inventory();
    assert.equal(readings(), 2);
  });

  describe('the host service file', () => {
    const hostDir = () => join(top, 'host');
    function writeHostReading(readAt: number, mode = 0o644) {
      mkdirSync(hostDir(), { recursive: true, mode: 0o755 });
      chmodSync(hostDir(), 0o755);
      const inventory = JSON.parse(JSON.stringify({ driverVersion: 'host', cudaVersion: null, gpus: [], slots: [], processes: [] }));
      const reading: SharedReading = { format: 1, command: 'nvidia-smi', readAt, pid: 0, inventory };
      writeFileSync(join(hostDir(), 'gpu-reading.json'), JSON.stringify(reading), { mode });
      chmodSync(join(hostDir(), 'gpu-reading.json'), mode);
    }

    it('a fresh root-owned reading is used: 0 nvidia-smi runs', async function () {
      if (!isRoot) return this.skip();
      writeHostReading(Date.now());
      assert.equal((await runner().inventory()).driverVersion, 'host');
      assert.equal(readings(), 0);
    });

    it('is ignored when another user owns it, when others may write it, when it is a link, or stale', async function () {
      if (!isRoot) return this.skip();
      const e = env({ XDG_RUNTIME_DIR: '' });
      writeHostReading(Date.now());
      chownSync(join(hostDir(), 'gpu-reading.json'), 65534, 65534);
      assert.notEqual((await runner(e).inventory()).driverVersion, 'host');
      writeHostReading(Date.now(), 0o666);
      assert.notEqual((await runner(e).inventory()).driverVersion, 'host');
      writeHostReading(Date.now());
      chownSync(hostDir(), 65534, 65534);
      assert.notEqual((await runner(e).inventory()).driverVersion, 'host', 'a folder another user owns');
      chownSync(hostDir(), 0, 0);
      writeHostReading(Date.now() - 61_000);
      assert.notEqual((await runner(e).inventory()).driverVersion, 'host', 'stale');
      rmSync(hostDir(), { recursive: true });
      mkdirSync(join(top, 'elsewhere'));
      writeHostReading(Date.now());
      symlinkSync(join(hostDir(), 'gpu-reading.json'), join(top, 'elsewhere', 'gpu-reading.json'));
      assert.notEqual(
        (await runner(env({ XDG_RUNTIME_DIR: '', DS01_HOST_READING: join(top, 'elsewhere', 'gpu-reading.json') })).inventory()).driverVersion,
        'host',
        'a link',
      );
      assert.equal(readings(), 5);
    });
  });
});
