// Parse time of recorded nvidia-smi answers: `npx tsx bench/nvidia-smi.bench.ts` prints a markdown table.
// The CSV reading (--query-gpu + --query-compute-apps) against -q -x for the same hosts. Only our parse cost:
// nvidia-smi's own time, which dominates on a real host, cannot be measured without a GPU.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvInventory, parseInventory } from '../src/core/nvidia-smi';

const RUNS = 1000;
const WARMUP = 100;
const dir = join(__dirname, '../test/fixtures/nvidia-smi');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');

const idle = read('a100x4-mig-off.xml');
const busy = read('a100x4-processes.xml');
const [idleGpus, idleApps] = [read('a100x4-mig-off.gpus.csv'), read('a100x4-mig-off.apps.csv')];
const [busyGpus, busyApps] = [read('a100x4-processes.gpus.csv'), read('a100x4-processes.apps.csv')];
const [mig, migList] = [read('a100x2-mig.xml'), read('a100x2-mig.L.txt')];
const size = (...texts: string[]) => texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const cases: Array<[string, number, () => unknown]> = [
  ['4x A100, MIG off (-q -x)', size(idle), () => parseInventory(idle)],
  ['4x A100, MIG off (CSV queries)', size(idleGpus, idleApps), () => parseCsvInventory(idleGpus, idleApps)],
  ['4x A100 with processes (-q -x)', size(busy), () => parseInventory(busy)],
  ['4x A100 with processes (CSV queries)', size(busyGpus, busyApps), () => parseCsvInventory(busyGpus, busyApps)],
  ['2x A100, MIG 3+2+1 slices (-q -x and -L)', size(mig, migList), () => parseInventory(mig, migList)],
];

function measure(run: () => unknown): { median: number; p95: number } {
  for (let i = 0; i < WARMUP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)], p95: times[Math.floor(RUNS * 0.95)] };
}

console.log(`nvidia-smi parse, ${RUNS} runs each after ${WARMUP} warm-up (text already read), target well under 5 ms\n`);
console.log('| input | bytes | median ms | p95 ms |');
console.log('|---|---:|---:|---:|');
for (const [name, bytes, run] of cases) {
  const { median, p95 } = measure(run);
  console.log(`| ${name} | ${bytes} | ${median.toFixed(3)} | ${p95.toFixed(3)} |`);
}
