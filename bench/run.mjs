// Runs every benchmark in this folder (*.bench.ts through tsx, *.sh with bash) and prints their tables.
// Usage: npm run bench [-- name-filter]
// Without DOCKER_HOST the engine benches get a private engine of their own (scripts/engine.sh in a temp folder),
// stopped again at the end; with DOCKER_HOST set they use that engine and leave it running.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const filter = process.argv[2] ?? '';
const ownEngine = process.env.DOCKER_HOST ? undefined : startOwnEngine();
const benches = readdirSync(here)
  .filter((f) => (f.endsWith('.bench.ts') || f.endsWith('.sh')) && f.includes(filter))
  .sort();

let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n## ${file}\n\n`);
  const cmd = file.endsWith('.sh') ? ['bash', [join(here, file)]] : [process.execPath, ['--import', 'tsx', join(here, file)]];
  const r = spawnSync(cmd[0], cmd[1], { stdio: 'inherit', cwd: repo });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`(${file} failed with exit ${r.status})\n`);
  }
}
if (ownEngine) stopOwnEngine(ownEngine);
process.exitCode = failed ? 1 : 0;

function startOwnEngine() {
  const dir = mkdtempSync(join(tmpdir(), 'ds01-bench-engine-'));
  const env = { ...process.env, DS01_ENGINE_DIR: dir };
  const r = spawnSync('bash', [join(repo, 'scripts', 'engine.sh'), 'start'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const host = /export DOCKER_HOST=(\S+)/.exec(r.stdout ?? '')?.[1];
  if (r.status !== 0 || !host) {
    process.stdout.write(`(no DOCKER_HOST and no private engine could start: the engine benches will fail; see scripts/setup-engine.sh)\n`);
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  process.env.DOCKER_HOST = host;
  process.stdout.write(`(a private engine for this run: ${host})\n`);
  return dir;
}

function stopOwnEngine(dir) {
  spawnSync('bash', [join(repo, 'scripts', 'engine.sh'), 'stop'], { env: { ...process.env, DS01_ENGINE_DIR: dir }, stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}
