// Runs every benchmark in this folder (*.bench.ts through tsx, *.sh with bash) and prints their tables.
// Usage: npm run bench [-- name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const benches = readdirSync(here)
  .filter((f) => (f.endsWith('.bench.ts') || f.endsWith('.sh')) && f.includes(filter))
  .sort();

let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n## ${file}\n\n`);
  const cmd = file.endsWith('.sh') ? ['bash', [join(here, file)]] : [process.execPath, ['--import', 'tsx', join(here, file)]];
  const r = spawnSync(cmd[0], cmd[1], { stdio: 'inherit', cwd: join(here, '..') });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`(${file} failed with exit ${r.status})\n`);
  }
}
process.exitCode = failed ? 1 : 0;
