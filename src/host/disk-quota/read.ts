// My disk use, as the host's quota-check reads it: `quota -u` first, else the size of my home (`du -sb`).
// Both run as child processes with a time limit (a large home takes du minutes), never on the caller's thread.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseQuota, useFromHomeSize, useFromQuota, type DiskUse } from '../../core/disk-quota/use';

export const DEFAULT_TIMEOUT_MS = 20_000;

function run(command: string, args: string[], timeoutMs: number): Promise<{ stdout: string; error: import('node:child_process').ExecFileException | null }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout) =>
      resolve({ stdout: String(stdout), error }),
    );
  });
}

/** The home quota-check measures: /home/USER when it exists, else $HOME. */
export function homeOf(user: string, env: NodeJS.ProcessEnv = process.env): string {
  const home = `/home/${user}`;
  return !user.includes('/') && existsSync(home) ? home : (env.HOME ?? home);
}

export async function readDiskUse(user: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<DiskUse & { quota: string }> {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const q = await run(env.DS01_QUOTA?.trim() || 'quota', ['-u', '-w', user], timeoutMs);
  let quota: string;
  if (q.error?.code === 'ENOENT') quota = 'the quota tools are not installed';
  else if (q.error?.killed) quota = `quota -u took longer than ${timeoutMs / 1000} s`;
  else {
    // quota exits 1 when a user is over a limit: its table still counts.
    const answer = parseQuota(q.stdout);
    if (answer.kind === 'quotas') {
      const use = useFromQuota(answer.filesystems);
      if (use) return { ...use, quota: 'quota -u' };
      quota = 'quota -u sets no limit for you';
    } else quota = answer.kind === 'none' ? 'no quota is set for you' : `quota -u: ${answer.why}`;
  }
  const home = homeOf(user, env);
  const du = await run('du', ['-sb', home], timeoutMs);
  const bytes = Number(du.stdout.split('\t')[0]);
  if (du.error?.killed) return { ...useFromHomeSize(home, null, `du -sb ${home} took longer than ${timeoutMs / 1000} s`), quota };
  // du exits 1 when some files cannot be read; its total of the rest still stands.
  if (!Number.isFinite(bytes) || du.stdout.trim() === '')
    return { ...useFromHomeSize(home, null, `du -sb ${home} failed: ${du.error?.message ?? 'no total'}`), quota };
  return { ...useFromHomeSize(home, bytes, null), quota };
}
