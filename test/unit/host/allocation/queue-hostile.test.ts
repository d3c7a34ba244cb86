// The GPU queue folder against a hostile second user (issue 24 points 2, 3 and 7): a real account made with
// useradd writes entries behind its own processes, floods the folder with junk and churn, and hard-links the
// victim's entry; readers (root here, as a deploy --user or the host would be) must count one entry per process
// and a few per user, stay cheap whatever is in the folder, and keep the victim's request.
import { strict as assert } from 'node:assert';
import { type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_ENTRIES_PER_USER } from '../../../../src/core/allocation/gpu-queue';
import { OPENED_PER_OWNER, prepareQueueDir, QUEUE_WATCH_MIN_MS, readQueue, watchQueue } from '../../../../src/host/allocation/gpu-queue';
import { setProtectedHardlinks } from '../../helpers/hardlinks';
import { createAccount, removeAccount, runAs, skipUnlessRoot, spawnAs, uniqueName, type Account } from '../../helpers/accounts';

/** As `who`: a live `sleep` and `count` well-formed entries for it (Python, so 20,000 take a moment, not minutes). */
const WRITE_ENTRIES = `
import json, os, subprocess, sys
d, count, user, gpus = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
p = subprocess.Popen(['sleep', '300'], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
start = open('/proc/%d/stat' % p.pid).read().rsplit(')', 1)[1].split()[19]
for i in range(count):
    body = json.dumps({"v": 1, "user": user, "uid": os.getuid(), "pid": p.pid, "pidStart": start, "gpus": gpus,
                       "name": "x", "createdBy": "cli", "until": 4102444800000})
    with open(os.path.join(d, 'u%d-p%d-%08x.req' % (os.getuid(), p.pid, i + 16)), 'w') as f: f.write(body)
print(p.pid, flush=True)
`;

function entriesAs(who: Account, dir: string, count: number, gpus = 1): number {
  return Number(runAs(who, '/usr/bin/python3', ['-c', WRITE_ENTRIES, dir, String(count), who.name, String(gpus)]).trim());
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('host/allocation/gpu-queue against a hostile user (real accounts, real files and processes)', function () {
  this.timeout(120_000);
  let bob: Account;
  let alice: Account;
  let top: string;
  let dir: string;
  const sleepers: number[] = [];
  const children: ChildProcess[] = [];

  before(function () {
    skipUnlessRoot(this, 'to create second accounts (useradd)');
    bob = createAccount(uniqueName('h24qb'));
    alice = createAccount(uniqueName('h24qa'));
  });
  after(() => {
    if (bob) removeAccount(bob);
    if (alice) removeAccount(alice);
  });
  beforeEach(() => {
    top = mkdtempSync(join(tmpdir(), 'ds01-qhostile-'));
    chmodSync(top, 0o755);
    mkdirSync(join(top, 'state'), { mode: 0o755 });
    dir = prepareQueueDir(join(top, 'state'));
  });
  afterEach(() => {
    for (const pid of sleepers.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    for (const c of children.splice(0)) c.kill('SIGKILL');
    rmSync(top, { recursive: true, force: true });
  });

  it('many entries behind one process count once, and a user counts at most a few (point 2)', () => {
    const pid = entriesAs(bob, dir, 20_000);
    sleepers.push(pid);
    for (let i = 0; i < 4; i++) sleepers.push(entriesAs(bob, dir, 1));
    const victim = entriesAs(alice, dir, 1);
    sleepers.push(victim);
    assert.equal(readdirSync(dir).length, 20_005);
    const t = process.hrtime.bigint();
    const reading = readQueue(dir);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const counted = reading.queue.map((r) => `${r.uid}:${r.pid}`);
    assert.equal(counted.filter((c) => c.startsWith(`${bob.uid}:`)).length, MAX_ENTRIES_PER_USER, JSON.stringify(counted));
    assert.equal(counted.filter((c) => c === `${bob.uid}:${pid}`).length, 1, 'the 20,000 entries of one process count once');
    assert.ok(counted.includes(`${alice.uid}:${victim}`), "alice's entry counts");
    const why = reading.ignored.map((i) => i.why.replace(/\d+/g, 'N'));
    assert.equal(why.filter((w) => w === 'another entry of process N, which already has one').length, 19_999, 'one file opened per process');
    console.log(
      `      20,005 entries (20,000 behind one process): ${reading.queue.length} counted; one scan ${ms.toFixed(0)} ms (at most ${OPENED_PER_OWNER} files opened per owner)`,
    );
  });

  it('create/delete churn and 5,000 junk files cost a watcher a few reports a second, not one per event (point 3)', async () => {
    runAs(bob, '/usr/bin/python3', ['-c', 'import sys,os\nfor i in range(5000): open(os.path.join(sys.argv[1], "junk-%d" % i), "w").close()', dir]);
    let reports = 0;
    const stop = watchQueue(dir, () => {
      reports++;
    });
    const churn = spawnAs(bob, '/usr/bin/python3', [
      '-c',
      'import os,sys,time\nd=sys.argv[1]\nend=time.time()+3\nn=0\nwhile time.time()<end:\n p=os.path.join(d,"u1-p1-%08x.req"%(n%50)); open(p,"w").close(); os.unlink(p); n+=1\nprint(n)',
      dir,
    ]);
    children.push(churn);
    let events = '';
    churn.stdout?.on('data', (d: Buffer) => (events += d.toString()));
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    await new Promise((r) => churn.once('exit', r));
    const wall = Date.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await sleep(QUEUE_WATCH_MIN_MS * 2);
    stop();
    const cpuShare = (cpu.user + cpu.system) / 1000 / wall;
    const most = Math.ceil(wall / QUEUE_WATCH_MIN_MS) + 3;
    console.log(
      `      ${Number(events) * 2} create/delete events in ${wall} ms: ${reports} reports (at most ${most}), watcher CPU ${(cpuShare * 100).toFixed(0)}% of a core`,
    );
    assert.ok(Number(events) > 1000, `the churn ran (${events})`);
    assert.ok(reports >= 2 && reports <= most, `${reports} reports`);
    assert.ok(cpuShare < 0.25, `the watcher used ${(cpuShare * 100).toFixed(0)}% of a core`);
    // And a scan of the folder with the junk in it reads no junk: only entry names are looked at.
    const t = process.hrtime.bigint();
    readQueue(dir);
    console.log(`      one scan with 5,000 junk files: ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(1)} ms`);
  });

  it("a hard link of alice's entry (fs.protected_hardlinks=0) keeps her request counted, once (point 7)", function () {
    const restore = setProtectedHardlinks('0');
    if (!restore) {
      console.log('    NOT RUN: fs.protected_hardlinks cannot be changed here');
      this.skip();
    }
    try {
      const pid = entriesAs(alice, dir, 1);
      sleepers.push(pid);
      const [mine] = readdirSync(dir);
      const fileKey = readQueue(dir).queue[0].fileKey;
      // Named to sort before hers, with her uid and pid, so readers meet the link first.
      runAs(bob, 'ln', [join(dir, mine), join(dir, `u${alice.uid}-p${pid}-00000000.req`)]);
      const reading = readQueue(dir);
      assert.equal(reading.queue.length, 1, JSON.stringify(reading.ignored));
      assert.equal(reading.queue[0].fileKey, fileKey, "the request counted is alice's file, whichever name");
      assert.equal(reading.ignored.length, 1);
      assert.match(reading.ignored[0].why, /^another (entry of process \d+|name of a counted entry)/);
    } finally {
      restore();
    }
  });
});
