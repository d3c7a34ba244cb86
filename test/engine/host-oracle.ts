// The host's own shell functions as test oracles. They are read from DS01's git dir at test time
// (never copied into this repository) and run with bash against the private test engine: their
// `docker inspect` calls reach it through DOCKER_HOST.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DS01_INFRA_GIT, hostFile } from '../unit/helpers/host-infra';

/** Why the oracle cannot run here, or null when it can. */
export function oracleMissing(): string | null {
  if (!existsSync(DS01_INFRA_GIT)) return `no DS01 git dir at ${DS01_INFRA_GIT} (set DS01_INFRA_GIT)`;
  const r = spawnSync('docker', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return 'no docker CLI on PATH (the host functions call `docker inspect`)';
  return null;
}

/** Skips the test (counted as pending, not passed) and says so on the test output. */
export function notRun(ctx: Mocha.Context, why: string): never {
  console.log(`      NOT RUN: ${why}`);
  ctx.skip();
}

/** One top-level function `name() { ... }` of a file at DS01's HEAD, as text. */
export function hostFunction(path: string, name: string): string {
  const text = hostFile(path);
  const start = text.search(new RegExp(`^${name}\\(\\) \\{$`, 'm'));
  if (start < 0) throw new Error(`${path} at HEAD has no function ${name}(): the oracle is out of date`);
  const end = text.indexOf('\n}\n', start);
  return text.slice(start, end + 2);
}

/** Runs `call` in bash after defining the host's functions; stdout trimmed. */
export function runHostFunctions(functions: string[], call: string, dockerHost: string): string {
  const dir = mkdtempSync('/tmp/ds01-oracle-');
  try {
    const script = join(dir, 'oracle.sh');
    writeFileSync(script, `${functions.join('\n')}\n${call}\n`);
    return execFileSync('bash', [script], { env: { ...process.env, DOCKER_HOST: dockerHost }, encoding: 'utf8' }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
