// Throughput of the CUDA-failure recognizer: `npx tsx bench/recognizer.bench.ts`. Prints a markdown table.
// Target: at least 100 MB/s on benign logs.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CudaFailureRecognizer } from '../src/core/cuda-failure';

const FIXTURES = join(__dirname, '../test/fixtures/cuda-failures');
const TOTAL = 200 * 1024 * 1024;

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? (keep(d.name) ? readdirSync(join(dir, d.name)).map((f) => readFileSync(join(dir, d.name, f), 'utf8')) : []) : [],
  );
}

/** One block of about 1 MiB built from the given texts, fed again and again. */
function block(texts: string[]): string {
  let s = '';
  for (let i = 0; s.length < 1024 * 1024; i++) s += texts[i % texts.length];
  return s;
}

// MB per CPU second as well as per wall second: on a shared machine the wall clock measures the neighbours.
function measure(text: string, chunkSize: number): { mbps: number; cpuMbps: number; found: number } {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += chunkSize) chunks.push(text.slice(i, i + chunkSize));
  const r = new CudaFailureRecognizer();
  let found = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let fed = 0; fed < TOTAL; fed += text.length) for (const c of chunks) found += r.push(c).length;
  found += r.end().length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { mbps: TOTAL / 1024 / 1024 / seconds, cpuMbps: TOTAL / 1024 / 1024 / cpuSeconds, found };
}

const benign = block(filesUnder(FIXTURES, (d) => d === 'benign'));
const failures = filesUnder(FIXTURES, (d) => d !== 'benign');
// Failure-heavy: every other text is a failure; 25 quiet lines between them so each one is its own burst.
const mixed = block(filesUnder(FIXTURES, (d) => d === 'benign').flatMap((b, i) => [b, failures[i % failures.length], 'ok\n'.repeat(25)]));

console.log(`| input | chunk | MB/s | MB/CPU-s | records |\n|---|---|---|---|---|`);
for (const [name, text] of [
  ['benign logs', benign],
  ['failure-heavy mix', mixed],
] as const) {
  for (const size of [64 * 1024, 1024]) {
    measure(text, size); // warm-up
    const { mbps, cpuMbps, found } = measure(text, size);
    console.log(`| ${name} | ${size === 1024 ? '1 KiB' : '64 KiB'} | ${mbps.toFixed(0)} | ${cpuMbps.toFixed(0)} | ${found} |`);
  }
}
