// `npx tsx bench/limits.bench.ts`: limits parse and resolve times, and the whole `ds01 limits --json`
// process. Targets (issue 2): parse + resolve < 5 ms; CLI process < 150 ms.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseLimitsConfig, resolveLimits, type LimitSources } from '../src/core/limits';

const REPO = join(__dirname, '..');
const HOSTS = join(REPO, 'test', 'fixtures', 'hosts');
const FILES = {
  '2026-02': join(HOSTS, 'ds01-2026-02', 'config', 'resource-limits.yaml'),
  '2026-07': join(HOSTS, 'ds01-2026-07', 'config', 'runtime', 'resource-limits.yaml'),
};

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

function time(runs: number, fn: () => void): { median: number; p95: number } {
  for (let i = 0; i < 20; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return stats(out);
}

const ms = (n: number) => `${n.toFixed(3)} ms`;
const rows: string[][] = [];

for (const [gen, file] of Object.entries(FILES)) {
  const text = readFileSync(file, 'utf8');
  const parse = time(200, () => parseLimitsConfig(text, file));
  rows.push([`parse resource-limits.${gen}.yaml`, ms(parse.median), ms(parse.p95), '200', '< 5 ms with resolve']);
  const sources: LimitSources = {
    config: parseLimitsConfig(text, file),
    memberFiles: new Map([['researcher', Array.from({ length: 200 }, (_, i) => `user${i}`)]]),
    fileOverrides: new Map(),
  };
  const users = ['user150', 'h.baker@hertie-school.lan', 'datasciencelab', 'stranger'];
  let i = 0;
  const resolve = time(1000, () => resolveLimits(sources, { user: users[i++ % users.length], grantFileExists: false }));
  rows.push([`resolve one user (${gen}, 200 members)`, ms(resolve.median), ms(resolve.p95), '1000', '< 5 ms with parse']);
}

execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO });
const cli: number[] = [];
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(REPO, 'dist', 'cli.js'), 'limits', '--json', '--config', FILES['2026-07'], '--user', 'bob']);
  cli.push(performance.now() - t);
  if (r.status !== 0) throw new Error(`ds01 limits failed: ${r.stderr}`);
}
const c = stats(cli);
rows.push(['`node dist/cli.js limits --json` process', ms(c.median), ms(c.p95), '20', '< 150 ms']);

const header = ['measure', 'median', 'p95', 'runs', 'target'];
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
