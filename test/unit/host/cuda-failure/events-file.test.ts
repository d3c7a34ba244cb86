import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CudaEvent } from '../../../../src/core/cuda-failure/event';
import { CudaEventsTail, cudaEventsFilePath } from '../../../../src/host/cuda-failure/events-file';
import { createAccount, removeAccount, runAs, skipUnlessRoot, uniqueName } from '../../helpers/accounts';

const ROOT = join(__dirname, '../../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function line(pid: number): string {
  return `${JSON.stringify({ v: 1, ts: Date.now(), pid, ppid: 1, uid: 1000, exe: '/usr/bin/python3', argv: ['python3', 'train.py'], cwd: '/home/u/p', cuda_result: 100, via: 'getprocaddress', exit_status: 1 })}\n`;
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(20);
  }
}

describe('host/cuda-failure/events-file', () => {
  let dir: string;
  let file: string;
  let events: CudaEvent[];
  let bad: string[];
  let tail: CudaEventsTail;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ds01-events-'));
    file = cudaEventsFilePath({ XDG_RUNTIME_DIR: dir });
    events = [];
    bad = [];
    tail = new CudaEventsTail(file, { onEvent: (e) => events.push(e), onBadLine: (r) => bad.push(r) });
  });
  afterEach(() => tail.dispose());

  it('resolves the file under XDG_RUNTIME_DIR, else ~/.cache', () => {
    assert.equal(cudaEventsFilePath({ XDG_RUNTIME_DIR: '/run/user/1000' }), '/run/user/1000/ds01/cuda-events.jsonl');
    assert.equal(cudaEventsFilePath({ HOME: '/home/u' }), '/home/u/.cache/ds01/cuda-events.jsonl');
  });

  it('ignores what was there before start and delivers appended lines, even split across writes', async () => {
    tail.start();
    writeFileSync(file, line(1));
    await until(() => events.length === 1);
    const l = line(2);
    appendFileSync(file, l.slice(0, 30));
    await sleep(100);
    assert.equal(events.length, 1, 'half a line is not an event');
    appendFileSync(file, l.slice(30));
    await until(() => events.length === 2);
    assert.deepEqual(
      events.map((e) => e.pid),
      [1, 2],
    );

    const other = new CudaEventsTail(file, { onEvent: (e) => events.push(e) });
    other.start();
    other.readNew();
    other.dispose();
    assert.equal(events.length, 2, 'a new tail starts at the end');
  });

  it('skips and reports bad lines, keeps going', async () => {
    tail.start();
    writeFileSync(file, `not json\n${JSON.stringify({ v: 1, pid: 3 })}\n${line(4)}`);
    await until(() => events.length === 1);
    assert.equal(events[0].pid, 4);
    assert.equal(bad.length, 2);
    assert.match(bad[1], /ts/);
  });

  it('follows a truncated or replaced file from its start', async () => {
    tail.start();
    writeFileSync(file, line(5) + line(6));
    await until(() => events.length === 2);
    writeFileSync(file, line(7));
    await until(() => events.length === 3);
    writeFileSync(`${file}.new`, line(8));
    renameSync(`${file}.new`, file);
    await until(() => events.length === 4);
    assert.deepEqual(
      events.map((e) => e.pid),
      [5, 6, 7, 8],
    );
  });

  it('follows a file of any name, not only cuda-events.jsonl', async () => {
    const named = join(dir, 'elsewhere', 'events.jsonl');
    const other = new CudaEventsTail(named, { onEvent: (e) => events.push(e) });
    other.start();
    try {
      writeFileSync(named, line(10));
      await until(() => events.length === 1);
      assert.equal(events[0].pid, 10);
    } finally {
      other.dispose();
    }
  });

  it('keeps a character whole when it straddles two reads (more than 64 KiB appended at once)', () => {
    tail.start();
    // A cwd of 3-byte characters, padded so that the first 64 KiB read ends inside one of them.
    const event = (pad: string) =>
      `${JSON.stringify({ v: 1, ts: 1, pid: 9, ppid: 1, uid: 1000, exe: `/usr/bin/python3${pad}`, argv: ['python3'], cwd: `/home/u/${'€'.repeat(30_000)}`, cuda_result: 100, via: 'direct', exit_status: 1 })}\n`;
    const text = ['', ' ', '  '].map(event).find((t) =>
      Buffer.from(t)
        .subarray(0, 64 * 1024)
        .toString('utf8')
        .endsWith('\uFFFD'),
    )!;
    writeFileSync(file, text);
    tail.readNew();
    assert.equal(events.length, 1);
    assert.equal(events[0].cwd.includes('\uFFFD'), false, 'no character was cut in two');
    assert.ok(events[0].cwd === `/home/u/${'€'.repeat(30_000)}`, 'the cwd arrives as written');
  });

  it('reads the lines the real notice library writes', async function () {
    const lib = join(ROOT, 'native/build/libds01_gpu_notice.so');
    const prog = join(ROOT, 'native/build/torch_like');
    const stubs = join(ROOT, 'native/build/stub');
    if (!existsSync(lib) || !existsSync(prog)) {
      spawnSync('make', ['-C', join(ROOT, 'native')], { stdio: 'ignore' });
    }
    assert.ok(existsSync(lib) && existsSync(prog), `native build missing: ${lib}, ${prog}`);
    tail.start();
    const r = spawnSync(prog, [], {
      env: { PATH: process.env.PATH, LD_PRELOAD: lib, LD_LIBRARY_PATH: stubs, CUDA_VISIBLE_DEVICES: '', XDG_RUNTIME_DIR: dir, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    assert.notEqual(r.status, 0);
    await until(() => events.length === 1);
    assert.equal(events[0].pid, r.pid);
    assert.equal(events[0].cuda_result, 100);
    assert.equal(events[0].exit_status, r.status);
    assert.deepEqual(bad, []);
  });
  it('a hostile second user (real account) cannot feed events through a loose folder: no link followed, no foreign file read', async function () {
    skipUnlessRoot(this, 'to create a second account (useradd)');
    const bob = createAccount(uniqueName('h15ev'));
    try {
      const folder = join(dir, 'ds01');
      mkdirSync(folder);
      chmodSync(dir, 0o755);
      chmodSync(folder, 0o777);
      const fake = join(dir, 'fake.jsonl');
      writeFileSync(fake, '');
      chmodSync(fake, 0o666);
      runAs(bob, 'ln', ['-s', fake, file]);
      tail.start();
      appendFileSync(fake, line(7));
      tail.readNew();
      await sleep(150);
      assert.deepEqual(events, [], 'followed a link planted by another user');
      rmSync(file);
      runAs(bob, 'sh', ['-c', `printf '%s' '${line(8).trim()}\n' > ${file}`]);
      tail.readNew();
      await sleep(150);
      assert.deepEqual(events, [], 'read a file another user made');
    } finally {
      removeAccount(bob);
    }
  });
});
