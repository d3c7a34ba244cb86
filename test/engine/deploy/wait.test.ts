import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { prepareQueueDir, queueDirPath, readQueue } from '../../../src/host/allocation/gpu-queue';
import { deployJson } from '../../../src/core/cli-contracts/containers';
import { latestWaitProgress, waitProgressLine } from '../../../src/core/cli-contracts/wait-progress';
import { cliEnv, docker, ensureHost, fillGpus, host, QUICK, REPO, removeAll, startCli, type CliRun } from './host';
import { setProtectedHardlinks } from '../../unit/helpers/hardlinks';
import { waitFor } from '../../vscode/wait-for';

// Quotas (host.ts): daemon may hold 2 GPUs (2 per container); the others 1; lp may not have full GPUs.
// The 4 GPUs are first taken by holders (fillGpus), then freed one by one while waiters of other users queue.
const queueDir = () => queueDirPath(host.state);

function waiter(user: string, name: string, gpus = 1, ...more: string[]): CliRun {
  return startCli(
    ['container', 'deploy', name, '--user', user, '--gpus', String(gpus), '--image', QUICK, '--workspace', host.workspace, '--json', '--wait', ...more],
    { env: { DS01_WAIT_RECHECK_MS: '3000', DS01_WAIT_GRACE_MS: '60000' } },
  );
}

async function ownersOfGpuContainers(): Promise<string[]> {
  const all = await docker.listContainers({ all: true });
  return all
    .filter((c) => !c.Names[0].startsWith('/hold-'))
    .map((c) => c.Labels['ds01.user'])
    .sort();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the ms from `since` to the run's exit. */
async function exitAfter(run: CliRun, since: number): Promise<number> {
  const r = await run.done;
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return Date.now() - since;
}

describe('engine/deploy: --wait, the host-wide GPU queue', function () {
  this.timeout(120000);
  before(ensureHost);
  afterEach(removeAll);

  it('--progress-fd: its place in the queue, each step and the wait as records of the wait-progress contract (what a VS Code window follows)', async () => {
    const held = await fillGpus();
    const file = join(host.dir, 'w-progress.progress');
    const fd = openSync(file, 'w', 0o600);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO, 'src', 'cli', 'main.ts'),
        'container',
        'deploy',
        'w-progress',
        '--user',
        'mail',
        '--gpus',
        '1',
        '--image',
        QUICK,
        '--workspace',
        host.workspace,
        '--json',
        '--wait',
        '--progress-fd',
        '3',
      ],
      {
        cwd: REPO,
        env: cliEnv({ DS01_WAIT_RECHECK_MS: '3000', DS01_WAIT_GRACE_MS: '60000' }),
        stdio: ['ignore', 'pipe', 'pipe', fd],
      },
    );
    closeSync(fd);
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    const exited = new Promise<number | null>((res) => child.on('close', res));
    await waitFor('a queued record', () => latestWaitProgress(readFileSync(file, 'utf8'))?.type === 'queued', 30_000, 200);
    const queued = latestWaitProgress(readFileSync(file, 'utf8'));
    assert.ok(queued?.type === 'queued', 'a queued record while no GPU is free');
    assert.match(queued.text, /number 1 in the queue/);
    assert.equal(queued.totalSlots, 4);
    await docker.getContainer(held.get('bin')!).remove({ force: true });
    assert.equal(await exited, 0);
    const records = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => waitProgressLine.parse(JSON.parse(l)));
    const steps = records.filter((r) => r.type === 'step');
    const seen = steps.map((r) => r.index);
    assert.deepEqual(
      [...new Set(seen)],
      Array.from({ length: steps[0].total }, (_, i) => i + 1),
      `every deploy step, in order: ${seen.join(',')}`,
    );
    assert.equal(records[records.length - 1].type, 'waited');
    assert.equal(deployJson.parse(JSON.parse(stdout)).slots.length, 1);
  });

  it('serves waiters of different users first come, first served as GPUs free one by one', async () => {
    const held = await fillGpus();
    const big = waiter('daemon', 'w-big', 2);
    await big.waitFor(/number 1 in the queue/);
    const mail = waiter('mail', 'w-mail');
    await mail.waitFor(/number 2 in the queue, 1 request before you \(2 GPUs\); 0 of 4/);
    const news = waiter('news', 'w-news');
    await news.waitFor(/number 3 in the queue, 2 requests before you/);
    assert.equal(readQueue(queueDir()).queue.length, 3);

    // One free GPU: daemon needs 2 and is first; mail and news (1 each) must not take it.
    await docker.getContainer(held.get('bin')!).remove({ force: true });
    await mail.waitFor(/1 of 4 GPU slots free/);
    await sleep(1500);
    assert.deepEqual(await ownersOfGpuContainers(), []);

    let t = Date.now();
    await docker.getContainer(held.get('sys')!).remove({ force: true });
    const bigLatency = await exitAfter(big, t);
    assert.deepEqual(await ownersOfGpuContainers(), ['daemon']);
    assert.equal((await big.done).json.slots.length, 2);

    t = Date.now();
    await docker.getContainer(held.get('games')!).remove({ force: true });
    const mailLatency = await exitAfter(mail, t);
    assert.deepEqual(await ownersOfGpuContainers(), ['daemon', 'mail']);
    assert.equal(news.child.exitCode, null, 'news still waits');

    t = Date.now();
    await docker.getContainer(held.get('man')!).remove({ force: true });
    const newsLatency = await exitAfter(news, t);
    assert.deepEqual(await ownersOfGpuContainers(), ['daemon', 'mail', 'news']);
    assert.deepEqual(readdirSync(queueDir()), [], 'every waiter left the queue');
    console.log(`      wake-up to deployed (remove -> CLI exit): ${bigLatency}, ${mailLatency}, ${newsLatency} ms`);
  });

  it('a plain deploy does not pass waiters: it is refused with the hint to --wait', async () => {
    const held = await fillGpus();
    const w2 = waiter('news', 'w-second');
    await w2.waitFor(/number 1 in the queue/);
    // A GPU is free only when w2 has it: make one free and race a plain deploy against the queued w2.
    w2.child.kill('SIGSTOP');
    await docker.getContainer(held.get('bin')!).remove({ force: true });
    const plain = await startCli(['container', 'deploy', 'plain', '--user', 'uucp', '--gpus', '1', '--image', QUICK, '--workspace', host.workspace, '--json'])
      .done;
    w2.child.kill('SIGCONT');
    assert.equal(plain.code, 1, plain.stdout);
    assert.equal(plain.json.problem.kind, 'no-capacity');
    assert.match(plain.json.problem.message, /1 request already waits/);
    assert.match(plain.json.problem.fix, /--wait/);
    await exitAfter(w2, Date.now());
  });

  it('refuses at once what waiting cannot help, and times out with a clear message', async () => {
    await fillGpus();
    const full = await waiter('lp', 'w-nofull').done;
    assert.equal(full.code, 1);
    assert.equal(full.json.problem.kind, 'limit-full-gpu');
    const tooMany = await waiter('mail', 'w-two', 2).done;
    assert.equal(tooMany.json.problem.kind, 'limit-per-container');
    const noImage = await startCli(['container', 'deploy', 'w-img', '--user', 'mail', '--workspace', host.workspace, '--json', '--wait']).done;
    assert.equal(noImage.json.problem.kind, 'image-missing');
    const t = Date.now();
    const late = await waiter('mail', 'w-late', 1, '--wait-timeout', '2').done;
    assert.ok(Date.now() - t < 10000);
    assert.equal(late.code, 1);
    assert.equal(late.json.problem.kind, 'wait-timeout');
    assert.match(late.json.problem.message, /Waited 2 s for 1 GPU .*you left the queue/);
    assert.deepEqual(readdirSync(queueDir()), []);
  });

  it('a waiter killed with SIGKILL leaves no stuck entry: the next one is served, the stale file removed', async () => {
    const held = await fillGpus();
    const doomed = waiter('mail', 'w-doomed');
    await doomed.waitFor(/number 1 in the queue/);
    const next = waiter('news', 'w-next');
    await next.waitFor(/number 2 in the queue/);
    doomed.child.kill('SIGKILL');
    await doomed.done;
    assert.equal(readdirSync(queueDir()).length, 2, 'the killed waiter could not remove its file');
    const t = Date.now();
    await docker.getContainer(held.get('bin')!).remove({ force: true });
    await exitAfter(next, t);
    assert.deepEqual(await ownersOfGpuContainers(), ['news']);
    // root's waiter removed the dead entry (root may; other users only ignore it).
    assert.deepEqual(readdirSync(queueDir()), []);
  });

  it('Ctrl-C leaves the queue; 20 waiters at once keep it valid and ordered', async () => {
    await fillGpus();
    const users = ['daemon', 'mail', 'news', 'uucp', 'proxy', 'www-data', 'backup', 'list', 'irc', 'nobody'];
    const runs = users.flatMap((u) => [1, 2].map((i) => waiter(u, `crowd-${i}`)));
    await Promise.all(runs.map((r) => r.waitFor(/in the queue/)));
    const reading = readQueue(queueDir());
    assert.equal(reading.queue.length, 20, JSON.stringify(reading.ignored));
    assert.equal(new Set(reading.queue.map((r) => r.id)).size, 20);
    const stamps = reading.queue.map((r) => r.queuedAtNs);
    assert.deepEqual(
      stamps,
      [...stamps].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const files = readdirSync(queueDir()).map((f) => lstatSync(join(queueDir(), f)));
    const bytes = files.reduce((t, s) => t + s.size, 0);
    console.log(`      queue with 20 waiters: ${files.length} files, ${bytes} bytes of content, directory ${statSync(queueDir()).size} bytes`);
    for (const r of runs) r.child.kill('SIGINT');
    const ends = await Promise.all(runs.map((r) => r.done));
    for (const e of ends) {
      assert.equal(e.code, 130, e.stderr);
      assert.match(e.json?.problem?.message ?? '', /Stopped waiting.*left the queue/, e.stderr);
    }
    assert.deepEqual(readdirSync(queueDir()), []);
  });

  describe('a hostile second user (a real account)', () => {
    const hostile = `ds01h${process.pid % 100000}`;
    // The distributions' default, which a run killed inside the hard-link test below may have left at 0.
    let restoreHardlinks: (() => void) | null = null;
    before(() => {
      restoreHardlinks = setProtectedHardlinks('1');
      execFileSync('useradd', ['-M', '-s', '/bin/sh', hostile]);
      chmodSync(host.dir, 0o755);
      mkdirSync(host.state, { recursive: true });
      chmodSync(host.state, 0o755);
      prepareQueueDir(host.state); // as root, as setup-host or root's first deploy makes it
    });
    after(() => {
      execFileSync('userdel', [hostile]);
      restoreHardlinks?.();
    });

    const as = (script: string) => execFileSync('runuser', ['-u', hostile, '--', 'sh', '-c', script], { encoding: 'utf8', cwd: '/' });

    it('cannot drop, rewrite, reorder or forge entries; planted links, FIFOs and foreign files are ignored', async () => {
      await fillGpus();
      const a = waiter('mail', 'v-a');
      await a.waitFor(/number 1 in the queue/);
      const b = waiter('news', 'v-b');
      await b.waitFor(/number 2 in the queue/);
      const dir = queueDir();
      const before = readQueue(dir).queue.map((r) => r.id);
      const [first] = before;
      const uid = execFileSync('id', ['-u', hostile], { encoding: 'utf8' }).trim();
      const out = as(`cd ${dir}
        rm -f ${first} 2>/dev/null && echo removed
        mv ${first} x 2>/dev/null && echo renamed
        (echo '{}' > ${first}) 2>/dev/null && echo rewrote
        touch -d 2000-01-01 ${first} 2>/dev/null && echo touched
        ln ${first} u${uid}-p1-00000001.req 2>/dev/null && echo hardlinked
        ln -s ${first} u${uid}-p1-00000002.req && mkfifo u${uid}-p1-00000003.req
        echo '{"v":1,"user":"mail","uid":8,"pid":1,"pidStart":"1","gpus":1,"name":"x","createdBy":"cli","until":9999999999999}' > u8-p1-00000004.req
        sleep 300 >/dev/null 2>&1 & p=$!; st=$(cut -d')' -f2 /proc/$p/stat | awk '{print $20}')
        echo "{\\"v\\":1,\\"user\\":\\"${hostile}\\",\\"uid\\":${uid},\\"pid\\":1,\\"pidStart\\":\\"$st\\",\\"gpus\\":1,\\"name\\":\\"x\\",\\"createdBy\\":\\"cli\\",\\"until\\":9999999999999}" > u${uid}-p1-00000005.req
        echo "{\\"v\\":1,\\"user\\":\\"${hostile}\\",\\"uid\\":${uid},\\"pid\\":$p,\\"pidStart\\":\\"$st\\",\\"gpus\\":1,\\"name\\":\\"mine\\",\\"createdBy\\":\\"cli\\",\\"until\\":9999999999999}" > u${uid}-p$p-00000006.req
        touch -d 2000-01-01 u${uid}-p$p-00000006.req
        echo "sleeper=$p"`);
      assert.doesNotMatch(out, /removed|renamed|rewrote|touched|hardlinked/, out);
      const reading = readQueue(dir);
      const ids = reading.queue.map((r) => r.id);
      assert.deepEqual(ids.slice(0, 2), before, 'the victims keep their places, first and second');
      assert.equal(ids.length, 3, `only the hostile user's own live entry counts, last: ${JSON.stringify(reading.ignored)}`);
      assert.match(ids[2], new RegExp(`^u${uid}-p\\d+-00000006\\.req$`));
      const why = Object.fromEntries(reading.ignored.map((i) => [i.name.slice(-12), i.why]));
      assert.match(why['00000002.req'], /cannot open \(ELOOP\)/);
      assert.match(why['00000003.req'], /not a regular file/);
      assert.match(why['00000004.req'], /owned by uid \d+, named for uid 8/);
      // Its pid (1) runs with another start time: stale, so a reader running as root (the waiters here) may remove it first.
      if (why['00000005.req'] !== undefined) assert.match(why['00000005.req'], /pid differs|another user|newer process/);

      // Reading as the hostile user does not hang on the FIFO and sees the same order.
      const seen = execFileSync(
        'runuser',
        [
          '-u',
          hostile,
          '--',
          process.execPath,
          '--import',
          'tsx',
          '-e',
          `const q=require(${JSON.stringify(join(__dirname, '../../../src/host/allocation/gpu-queue.ts'))});console.log(JSON.stringify(q.readQueue(${JSON.stringify(dir)}).queue.map(r=>r.id)))`,
        ],
        { encoding: 'utf8', cwd: join(__dirname, '../../..'), timeout: 20000 },
      );
      assert.deepEqual(JSON.parse(seen), ids);

      const sleeper = /sleeper=(\d+)/.exec(out)![1];
      as(`kill ${sleeper}; rm -f ${dir}/u${uid}-* ${dir}/u8-p1-00000004.req`);
      for (const r of [a, b]) r.child.kill('SIGINT');
      await Promise.all([a.done, b.done]);
      assert.deepEqual(readdirSync(dir), []);
    });

    /** As the hostile user: a `sleep` and `count` entries for it asking for `gpus`, `until` 2100; echoes the sleep's pid. */
    function fakeEntries(count: number, gpus: number): number {
      const uid = execFileSync('id', ['-u', hostile], { encoding: 'utf8' }).trim();
      const out = as(`cd ${queueDir()}
        sleep 300 >/dev/null 2>&1 </dev/null & p=$!; st=$(cut -d')' -f2 /proc/$p/stat | awk '{print $20}')
        for i in $(seq 1 ${count}); do
          echo "{\\"v\\":1,\\"user\\":\\"${hostile}\\",\\"uid\\":${uid},\\"pid\\":$p,\\"pidStart\\":\\"$st\\",\\"gpus\\":${gpus},\\"name\\":\\"fake$i\\",\\"createdBy\\":\\"cli\\",\\"until\\":4102444800000}" > u${uid}-p$p-$(printf %08x $i).req
        done
        echo $p`);
      return Number(out.trim().split('\n').pop());
    }
    const killed: number[] = [];
    afterEach(() => {
      // Every process the hostile account still runs was started by these tests: end them by pid.
      let left = '';
      try {
        left = execFileSync('pgrep', ['-u', hostile], { encoding: 'utf8' });
      } catch {
        /* none */
      }
      for (const p of [...killed.splice(0), ...left.split('\n').filter(Boolean).map(Number)]) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      as(`rm -f ${queueDir()}/u$(id -u)-p*`);
    });

    it('a hand-written entry for more GPUs than its owner may ever hold (until 2100) blocks nobody (issue 24 point 1)', async () => {
      killed.push(fakeEntries(1, 4)); // the hostile account's group: 1 GPU per container, quota 1
      assert.equal(readQueue(queueDir()).queue.length, 1, 'the entry is live (its process runs)');
      const plain = await startCli([
        'container',
        'deploy',
        'p-plain',
        '--user',
        'mail',
        '--gpus',
        '1',
        '--image',
        QUICK,
        '--workspace',
        host.workspace,
        '--json',
      ]).done;
      assert.equal(plain.code, 0, plain.stdout + plain.stderr);
      const t = Date.now();
      const waited = await waiter('news', 'p-wait').done;
      assert.equal(waited.code, 0, waited.stdout + waited.stderr);
      assert.ok(Date.now() - t < 20_000, "root's --wait for news went at once");
    });

    it('entries behind one process and several processes of one user cost a later waiter one stall grace, not one each (issue 24 point 2)', async () => {
      const held = await fillGpus();
      killed.push(fakeEntries(3, 1), fakeEntries(1, 1), fakeEntries(1, 1), fakeEntries(1, 1));
      const grace = 3000;
      const w = startCli(
        ['container', 'deploy', 'p-after-fakes', '--user', 'mail', '--gpus', '1', '--image', QUICK, '--workspace', host.workspace, '--json', '--wait'],
        { env: { DS01_WAIT_RECHECK_MS: '1000', DS01_WAIT_GRACE_MS: String(grace) } },
      );
      await w.waitFor(/in the queue/);
      const t = Date.now();
      await docker.getContainer(held.get('bin')!).remove({ force: true });
      const r = await w.done;
      const took = Date.now() - t;
      assert.equal(r.code, 0, r.stdout + r.stderr);
      console.log(`      6 fake entries of one user (4 processes), grace ${grace} ms: served ${took} ms after a GPU came free`);
      assert.ok(took < 2 * grace + 2500, `served after ${took} ms: more than one grace for the fakes`);
    });

    it("a hard link of a waiter's entry (fs.protected_hardlinks=0) moves it but does not end the wait (issue 24 point 7)", async function () {
      const restore = setProtectedHardlinks('0');
      if (!restore) {
        console.log('    NOT RUN: fs.protected_hardlinks cannot be changed here');
        this.skip();
      }
      try {
        const held = await fillGpus();
        const a = waiter('mail', 'p-linked');
        await a.waitFor(/number 1 in the queue/);
        const [entry] = readdirSync(queueDir());
        const pid = /-p(\d+)-/.exec(entry)![1];
        as(`ln ${queueDir()}/${entry} ${queueDir()}/u0-p${pid}-00000000.req`);
        await sleep(4000); // past a recheck: the waiter has seen its entry with two names
        assert.equal(a.child.exitCode, null, `the waiter ended: ${(await Promise.race([a.done, sleep(10).then(() => null)]))?.stderr}`);
        await docker.getContainer(held.get('bin')!).remove({ force: true });
        const r = await a.done;
        assert.equal(r.code, 0, r.stdout + r.stderr);
      } finally {
        restore();
      }
    });
  });
});
