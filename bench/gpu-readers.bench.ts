// nvidia-smi runs per minute with many readers (issue 14): N readers, each polling on its own timer with its own
// phase, as N VS Code windows or `ds01` loops would; runs counted by a recording nvidia-smi that appends to a log.
// Every reader is its own NvidiaSmiRunner with its own pid for the shared reading, so readers share only what
// different processes share: the per-user reading file and its flock, or the host service's file. To keep the bench short the clock is scaled: readers
// poll every SCALED_INTERVAL_MS for WINDOW_INTERVALS intervals; the table shows runs per interval and the same
// per minute at the default 5 s interval. Run: npx tsx bench/gpu-readers.bench.ts (as root for the service rows).
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readingSharing, sharedInventory } from '../src/host/nvidia-smi/reading-cache';
import { openReadingFolder, writeHostReading } from '../src/host/nvidia-smi/reader-service';
import { NvidiaSmiRunner } from '../src/host/nvidia-smi/run';

const SCALED_INTERVAL_MS = 2500;
const WINDOW_INTERVALS = 6;
const FIXTURE = join(__dirname, '..', 'test', 'fixtures', 'nvidia-smi', 'bin', 'a100x4-mig-off');
const top = mkdtempSync('/tmp/ds01-readers-');
chmodSync(top, 0o755);
const log = join(top, 'calls.log');
const smi = join(top, 'nvidia-smi');
writeFileSync(smi, `#!/bin/sh\necho "$*" >> "${log}"\nexec "${FIXTURE}" "$@"\n`, { mode: 0o755 });
const logged = () =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
/** Every nvidia-smi process; a reading of this MIG-off host is two (the GPU and compute-app CSV queries). */
const runs = () => logged().length;
const readings = () => logged().filter((l) => l.startsWith('--query-gpu=')).length;

interface Scenario {
  label: string;
  readers: number;
  users: number;
  share: boolean;
  service: boolean;
}

let measured = 0;
async function measure(s: Scenario): Promise<{ runs: number; readings: number }> {
  rmSync(log, { force: true });
  const id = measured++;
  const hostFile = join(top, `host-${id}`, 'gpu-reading.json');
  const stop = Date.now() + SCALED_INTERVAL_MS * WINDOW_INTERVALS;
  const timers: Promise<void>[] = [];
  if (s.service) {
    mkdirSync(join(hostFile, '..'), { recursive: true, mode: 0o755 });
    const runner = new NvidiaSmiRunner({ command: smi });
    const folder = openReadingFolder(hostFile, process.getuid?.() ?? 0);
    // The unit's --interval 3 against the readers' 5 s, on the same scaled clock.
    timers.push(
      (async () => {
        while (Date.now() < stop) {
          await writeHostReading(folder, runner);
          await sleep(SCALED_INTERVAL_MS * 0.6);
        }
      })(),
    );
    await sleep(50);
  }
  for (let r = 0; r < s.readers; r++) {
    const user = r % s.users;
    const runtime = join(top, `run-${id}-u${user}`);
    mkdirSync(runtime, { recursive: true, mode: 0o700 });
    const env = { XDG_RUNTIME_DIR: runtime, DS01_HOST_READING: s.service ? hostFile : 'off', DS01_GPU_REFRESH_SECONDS: String(SCALED_INTERVAL_MS / 1000) };
    const runner = new NvidiaSmiRunner({ command: smi });
    const sharing = readingSharing(smi, env);
    // Each reader stands for its own process (a window, a `ds01` run): it has its own pid for the shared reading.
    const read = () => (s.share ? sharedInventory(() => runner.inventory(), sharing, Date.now, 100000 + r) : runner.inventory());
    const phase = Math.random() * SCALED_INTERVAL_MS;
    timers.push(
      (async () => {
        await sleep(phase);
        while (Date.now() < stop) {
          const started = Date.now();
          await read();
          await sleep(Math.max(0, started + SCALED_INTERVAL_MS - Date.now()));
        }
      })(),
    );
  }
  await Promise.all(timers);
  return { runs: runs() / WINDOW_INTERVALS, readings: readings() / WINDOW_INTERVALS };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const root = process.geteuid?.() === 0;
  const scenarios: Scenario[] = [
    ...[1, 10, 50].map((n) => ({ label: `${n} reader(s) of one user, each its own nvidia-smi (before)`, readers: n, users: 1, share: false, service: false })),
    ...[1, 10, 50].map((n) => ({ label: `${n} reader(s) of one user, shared reading`, readers: n, users: 1, share: true, service: false })),
    { label: '50 readers of 10 users, shared per user, no service', readers: 50, users: 10, share: true, service: false },
    // DS01's size: 20 users, one window each, then two (a second window, or `ds01` runs in a terminal).
    ...[20, 40].flatMap((n) => [
      { label: `${n} readers of 20 users, each its own nvidia-smi (before)`, readers: n, users: 20, share: false, service: false },
      { label: `${n} readers of 20 users, shared per user, no service`, readers: n, users: 20, share: true, service: false },
      ...(root ? [{ label: `${n} readers of 20 users, host service (ds01 gpu-reader)`, readers: n, users: 20, share: true, service: true }] : []),
    ]),
    ...(root
      ? [
          { label: '50 readers of 10 users, host service (ds01 gpu-reader)', readers: 50, users: 10, share: true, service: true },
          { label: '1 extension window, host service', readers: 1, users: 1, share: true, service: true },
        ]
      : []),
  ];
  console.log(`Readers poll every ${SCALED_INTERVAL_MS} ms for ${WINDOW_INTERVALS} intervals (scaled clock); per minute is at the default 5 s interval.\n`);
  console.log('| readers | readings per interval | nvidia-smi runs per interval | readings per minute at 5 s | runs per minute at 5 s |');
  console.log('|---|---:|---:|---:|---:|');
  for (const s of scenarios) {
    const m = await measure(s);
    console.log(`| ${s.label} | ${m.readings.toFixed(2)} | ${m.runs.toFixed(2)} | ${(m.readings * 12).toFixed(0)} | ${(m.runs * 12).toFixed(0)} |`);
  }
  if (!root) console.log('\n(host service rows need root: the service writes a root-owned file)');
  rmSync(top, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
