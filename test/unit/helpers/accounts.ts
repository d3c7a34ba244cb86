// Real second accounts for tests that play a hostile user of the host: created with useradd, removed after.
// Root only; elsewhere the caller reports the test as not run.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface Account {
  name: string;
  uid: number;
  gid: number;
}

export const isRoot = (): boolean => process.getuid?.() === 0;

/** In a mocha hook or test: unless this process is root, says NOT RUN (never counted as passed) and skips. */
export function skipUnlessRoot(ctx: Mocha.Context, what: string): void {
  if (isRoot()) return;
  console.log(`    NOT RUN: needs root ${what}`);
  ctx.skip();
}

/** A fresh unique account name from `stem` (at most 32 characters), e.g. "h15bob3fa2". */
export function uniqueName(stem: string): string {
  return `${stem}${randomBytes(3).toString('hex')}`;
}

/** Creates the account (no home); `--badname` lets names like "bob.x" through as NSS would serve them. */
export function createAccount(name: string): Account {
  execFileSync('useradd', ['--no-create-home', '--shell', '/bin/sh', '--badname', name], { stdio: ['ignore', 'ignore', 'pipe'] });
  const id = (flag: string) => Number(execFileSync('id', [flag, '--', name], { encoding: 'utf8' }).trim());
  return { name, uid: id('-u'), gid: id('-g') };
}

export function removeAccount(account: Account | string): void {
  const name = typeof account === 'string' ? account : account.name;
  try {
    execFileSync('userdel', ['-f', name], { stdio: 'ignore' });
  } catch {
    // Already gone.
  }
}

const asUserArgs = (a: Account) => ['--reuid', String(a.uid), '--regid', String(a.gid), '--clear-groups', '--'];

/** Runs a command as the account (setpriv: no login, no PAM); throws on a non-zero exit. */
export function runAs(a: Account, command: string, args: string[]): string {
  return execFileSync('setpriv', [...asUserArgs(a), command, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts a long-running command as the account. */
export function spawnAs(a: Account, command: string, args: string[]): ChildProcess {
  return spawn('setpriv', [...asUserArgs(a), command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * As the account: Python opens `file` read-only and holds fcntl.flock(LOCK_EX) on it, as DS01's
 * gpu_allocator_v2.py does; resolves with the process once the lock is held ("held" on stdout).
 */
export function holdFlockAs(a: Account, file: string): Promise<ChildProcess> {
  const py = 'import fcntl,sys,time\nf=open(sys.argv[1],"r")\nfcntl.flock(f,fcntl.LOCK_EX)\nprint("held",flush=True)\ntime.sleep(120)';
  const child = spawnAs(a, '/usr/bin/python3', ['-c', py, file]);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`flock holder exited ${code}: ${err}`)));
  });
}
