// The shared part of the state folder, as an administrator lays it out once (`sudo ds01 admin setup-host`):
//
//   $DS01_STATE_DIR/                      root, 0755 (DS01's 0775 root:docker, or sticky): nobody else renames what is in it
//   $DS01_STATE_DIR/locks/                root, 0755: nobody else may add a file to it
//   $DS01_STATE_DIR/locks/gpu-allocation.lock  root, 0644: flock needs only a read-only descriptor
//   $DS01_STATE_DIR/gpu-queue.d/          root, 1777: everyone adds their own entry; the sticky bit keeps others'
//
// A user's deploy never creates any of these: whoever made the lock file or the queue folder first would own
// it, and then decide for everyone (refuse their deploys, or swap the lock under them). So a user's run only
// checks them and, when one is missing or wrong, says so and asks for an administrator; root (or the owner of
// the state folder, who controls all of it anyway) makes what is missing, and never "repairs" what another
// user made: a squatted name is named, with the command to remove it. Every check goes through a descriptor
// opened without following links.
import { closeSync, constants as C, fchmodSync, fstatSync, lstatSync, mkdirSync, openSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { QUEUE_DIR_NAME } from '../../core/allocation/gpu-queue';
import { problem, type ProblemError } from '../../core/problem';
import { DEFAULT_STATE_DIR } from '../paths';
import { describePath, octal, ownerName } from '../shared-file';

export const LOCK_FILE_NAME = 'gpu-allocation.lock';

export interface LayoutItem {
  path: string;
  /** For people: "the GPU queue". */
  what: string;
  kind: 'folder' | 'file';
  /** The mode setup-host gives it. */
  mode: number;
}

export function hostLayout(stateDir: string): LayoutItem[] {
  return [
    { path: stateDir, what: STATE_WHAT, kind: 'folder', mode: 0o755 },
    { path: join(stateDir, 'locks'), what: 'the lock folder', kind: 'folder', mode: 0o755 },
    { path: join(stateDir, 'locks', LOCK_FILE_NAME), what: 'the host GPU lock', kind: 'file', mode: 0o644 },
    { path: join(stateDir, QUEUE_DIR_NAME), what: 'the GPU queue', kind: 'folder', mode: 0o1777 },
  ];
}

export type ItemState = { state: 'ok'; stat: Stats } | { state: 'missing' } | { state: 'unsafe'; why: string };

/**
 * Write bits that make an item unsafe. DS01's own install keeps the state folder 0775 root:docker, and the docker
 * group is root's equal on such a host anyway (it reaches the engine): so only "everyone" counts there.
 */
const writableBy = (item: LayoutItem): number => (item.kind === 'folder' && item.mode === 0o755 && item.what === STATE_WHAT ? 0o002 : 0o022);
const STATE_WHAT = 'the DS01 state folder';

/**
 * What one item is: fine, missing, or unsafe and why. `owners`: who may own it (root, and the owner of the
 * state folder). The queue must be writable by everyone and sticky; everything else writable by nobody else
 * (or sticky, for a state folder some hosts keep 1777).
 */
export function inspectItem(item: LayoutItem, owners: number[]): ItemState {
  let fd: number;
  const flags = C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK | (item.kind === 'folder' ? C.O_DIRECTORY : 0);
  try {
    fd = openSync(item.path, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'missing' };
    if (code === 'ELOOP' || code === 'ENOTDIR') return { state: 'unsafe', why: `is ${describePath(item.path)}, not a ${item.kind}` };
    return { state: 'unsafe', why: `cannot be opened (${code})` };
  }
  try {
    const st = fstatSync(fd);
    if (item.kind === 'file' && !st.isFile()) return { state: 'unsafe', why: `is ${describePath(item.path)}, not a regular file` };
    if (!owners.includes(st.uid)) return { state: 'unsafe', why: `is owned by ${ownerName(st.uid)}, not root` };
    if (item.kind === 'file' && st.nlink !== 1) return { state: 'unsafe', why: `has ${st.nlink} hard links` };
    const sticky = (st.mode & 0o1000) !== 0;
    if (item.mode & 0o1000) {
      if (!sticky || (st.mode & 0o003) !== 0o003)
        return { state: 'unsafe', why: `has mode ${octal(st.mode)}, not 1777 (everyone adds entries; the sticky bit keeps them apart)` };
    } else if ((st.mode & writableBy(item)) !== 0 && !(item.kind === 'folder' && sticky)) {
      return { state: 'unsafe', why: `has mode ${octal(st.mode)}: others may write to it` };
    }
    return { state: 'ok', stat: st };
  } finally {
    closeSync(fd);
  }
}

/** The command an administrator runs, spelled for this state folder. */
export function setupCommand(stateDir: string): string {
  return stateDir === DEFAULT_STATE_DIR ? 'sudo ds01 admin setup-host' : `sudo env DS01_STATE_DIR=${stateDir} ds01 admin setup-host`;
}

function missing(item: LayoutItem, stateDir: string): ProblemError {
  return problem(
    'unsafe-file',
    `${item.path} (${item.what}) is missing: this host is not set up for GPU deploys.`,
    `Ask an administrator to run: ${setupCommand(stateDir)}`,
  );
}

/** One line naming what is wrong, and the administrator's fix: remove it, then lay the folder out again. */
export function unsafeItem(item: LayoutItem, why: string, stateDir: string): ProblemError {
  const rm = item.path === stateDir ? `sudo chown root: ${item.path} && sudo chmod 0755 ${item.path}` : `sudo rm -r ${item.path}`;
  return problem(
    'unsafe-file',
    `${item.path} (${item.what}) ${why}: refused, as it could decide for every user.`,
    `Ask an administrator to run: ${rm} && ${setupCommand(stateDir)}`,
  );
}

/** Who may own the layout: root, and whoever owns the state folder (they control everything in it). */
export function layoutOwners(stateDir: string): number[] {
  try {
    const fd = openSync(stateDir, C.O_RDONLY | C.O_DIRECTORY | C.O_NOFOLLOW);
    try {
      return [0, fstatSync(fd).uid];
    } finally {
      closeSync(fd);
    }
  } catch {
    return [0];
  }
}

const euid = (): number => process.geteuid?.() ?? -1;

/** A state folder of one's own (a demo, a test) may be made where the caller alone controls the name already. */
function ownParent(stateDir: string): boolean {
  try {
    const st = lstatSync(dirname(stateDir));
    return st.isDirectory() && st.uid === euid() && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Makes a missing item with its mode (set through the descriptor: the umask would narrow it). */
export function makeItem(item: LayoutItem): void {
  if (item.kind === 'folder') {
    mkdirSync(item.path, { mode: 0o700 });
    const fd = openSync(item.path, C.O_RDONLY | C.O_DIRECTORY | C.O_NOFOLLOW);
    try {
      fchmodSync(fd, item.mode);
    } finally {
      closeSync(fd);
    }
  } else {
    const fd = openSync(item.path, C.O_RDONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o600);
    try {
      fchmodSync(fd, item.mode);
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * Checks the shared layout before a deploy uses it; throws one clear problem for the first item missing or wrong.
 * Root (and the state folder's owner) make what is missing, as setup-host would; other users never create anything.
 */
export function ensureHostLayout(stateDir: string): void {
  const items = hostLayout(stateDir);
  const mayMake = (item: LayoutItem, owners: number[]) => euid() === 0 || (item.path === stateDir ? ownParent(stateDir) : owners.slice(1).includes(euid()));
  for (const item of items) {
    const owners = layoutOwners(stateDir);
    let now = inspectItem(item, owners);
    if (now.state === 'missing' && mayMake(item, owners)) {
      try {
        if (item.path === stateDir) mkdirSync(stateDir, { recursive: euid() === 0, mode: 0o755 });
        else makeItem(item);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw problem(
            'unsafe-file',
            `Cannot create ${item.path} (${item.what}): ${(e as Error).message}.`,
            `Ask an administrator to run: ${setupCommand(stateDir)}`,
          );
        }
      }
      now = inspectItem(item, layoutOwners(stateDir));
    }
    if (now.state === 'missing') throw missing(item, stateDir);
    if (now.state === 'unsafe') throw unsafeItem(item, now.why, stateDir);
  }
}

/** What setup-host found or did for one item. */
export interface SetupStep {
  path: string;
  what: string;
  outcome: 'made' | 'ok' | 'refused' | 'skipped';
  /** For refused: why, and the administrator's command. For skipped and made: a note. */
  note?: string;
  fix?: string;
}

/**
 * For `ds01 admin setup-host` (root): makes what is missing of the layout, checks what is there, and refuses,
 * by name and with the command to remove it, whatever is unsafe (a link, a file where a folder belongs, another
 * user's folder or file, a folder others may write to). An item inside a refused folder is not looked at.
 */
export function setupHostLayout(stateDir: string): SetupStep[] {
  const steps: SetupStep[] = [];
  for (const item of hostLayout(stateDir)) {
    if (steps.some((s) => s.outcome === 'refused' && item.path.startsWith(`${s.path}/`))) {
      steps.push({ path: item.path, what: item.what, outcome: 'skipped', note: 'its folder was refused' });
      continue;
    }
    let now = inspectItem(item, [0]);
    let made = false;
    if (now.state === 'missing') {
      if (item.path === stateDir) mkdirSync(stateDir, { recursive: true, mode: 0o755 });
      else makeItem(item);
      made = true;
      now = inspectItem(item, [0]);
    }
    if (now.state === 'ok') steps.push({ path: item.path, what: item.what, outcome: made ? 'made' : 'ok', note: `mode ${octal(now.stat.mode)}, root` });
    else {
      const refusal = unsafeItem(item, now.state === 'missing' ? 'could not be made' : now.why, stateDir).problem;
      steps.push({
        path: item.path,
        what: item.what,
        outcome: 'refused',
        note: refusal.message,
        fix: refusal.fix?.replace(/^Ask an administrator to run: /, ''),
      });
    }
  }
  return steps;
}
