// Loading the extension bundle (what every window pays before activate() runs): `require('dist/extension.js')`
// in a fresh node process with a stand-in `vscode` module, alternating with `node -e 0`, medians. Activation
// itself is measured in the real extension host (test/vscode, `ds01-figure activation_ms`).
// DS01_BENCH_BASELINE=other/dist/extension.js adds another build, measured in the same rounds.
// Needs the bundle: npm run build. Run: npx tsx bench/extension-load.bench.ts
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROUNDS = Number(process.env.DS01_BENCH_ROUNDS ?? 21);
// Loading needs only vscode's classes and enums to exist (the bundle extends TreeItem at load); every name the
// API declares becomes an empty class whose static members are functions answering {}.
const NAMES = [...readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8').matchAll(/export (?:class|enum|namespace) (\w+)/g)].map((m) => m[1]);
const loader = (bundle: string) => `
const Module = require('module');
const load = Module._load;
const stub = Object.fromEntries(${JSON.stringify(NAMES)}.map((n) => [n, new Proxy(class {}, { get: (t, k) => (k in t ? t[k] : () => ({})) })]));
Module._load = function (request, ...rest) {
  if (request === 'vscode') return stub;
  return load.call(this, request, ...rest);
};
const t = process.hrtime.bigint();
require(${JSON.stringify(bundle)});
process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;

const cases: Array<{ label: string; args: string[]; bundle?: string }> = [{ label: 'node -e 0', args: ['-e', '0'] }];
const add = (label: string, bundle: string) => cases.push({ label, args: ['-e', loader(bundle)], bundle });
add('extension bundle', join(__dirname, '..', 'dist', 'extension.js'));
if (process.env.DS01_BENCH_BASELINE) add('baseline: extension bundle', resolve(process.env.DS01_BENCH_BASELINE));

const wall = new Map(cases.map((c) => [c.label, [] as number[]]));
const inside = new Map(cases.map((c) => [c.label, [] as number[]]));
for (let r = 0; r < ROUNDS; r++) {
  for (const c of cases) {
    const t = process.hrtime.bigint();
    const p = spawnSync(process.execPath, c.args, { encoding: 'utf8' });
    wall.get(c.label)!.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (p.status !== 0) throw new Error(`${c.label}: ${p.stderr}`);
    if (c.bundle) inside.get(c.label)!.push(Number(p.stdout));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${ROUNDS} rounds, alternating.\n`);
console.log('| process | bundle size | require() median ms | whole process median ms |');
console.log('|---|---:|---:|---:|');
for (const c of cases) {
  const size = c.bundle ? `${(statSync(c.bundle).size / 1024).toFixed(0)} KiB` : '';
  const req = c.bundle ? median(inside.get(c.label)!).toFixed(1) : '';
  console.log(`| ${c.label} | ${size} | ${req} | ${median(wall.get(c.label)!).toFixed(0)} |`);
}
