// The host service's side of the shared GPU reading (ds01-gpu-reader.service runs `ds01 gpu-reader`): reads
// nvidia-smi every few seconds and replaces /run/ds01/gpu-reading.json at once with what it read. Clients
// (gpu-reading-cache.ts) trust that file only when root wrote it, so the service runs as root and writes only
// into a folder that root owns and nobody else may write: anything else is refused, not worked around.
import { constants, closeSync, fchmodSync, fstatSync, mkdirSync, openSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { isProblemError, problem } from '../../core/problem';
import { replaceFile } from '../private-files';
import { READING_FORMAT, type SharedReading } from './reading-cache';
import { NvidiaSmiRunner } from './run';

/**
 * The reading's folder, opened once and kept open: every write goes through this descriptor, never through the
 * path again.
 */
export interface ReadingFolder {
  fd: number;
  dir: string;
  name: string;
}

const O_DIR = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
/** The folder open on `fd` as a path the kernel resolves from that very folder, as openat(2) would: node has no openat. */
const folderAt = (fd: number): string => `/proc/self/fd/${fd}`;
const at = (fd: number, name: string): string => `${folderAt(fd)}/${name}`;
const octal = (mode: number): string => (mode & 0o7777).toString(8);

/**
 * Opens the folder of `file` for the service (root only), refusing what clients would not trust. Node has no
 * openat(2), so the walk goes through /proc/self/fd/<fd>/<name>: the kernel resolves such a path from the very
 * folder open on <fd> (a "magic link"), not by walking the original path again, so every step is relative to
 * a folder already checked, and O_NOFOLLOW refuses a link at each step. Every folder on the way must be root's
 * and writable by nobody else (or sticky, as /tmp and /run are), so nobody else can swap a name under the walk;
 * the last is made 0755 when missing and must be root's alone. Checking the last component alone (as before)
 * left any earlier one to another user's symbolic link.
 */
export function openReadingFolder(file: string, owner = 0): ReadingFolder {
  if (!isAbsolute(file)) throw problem('usage', `--out ${file} is not an absolute path.`, 'Use e.g. --out /run/ds01/gpu-reading.json.');
  const dir = dirname(file);
  const parts = dir.split('/').filter((p) => p !== '');
  let fd = openSync('/', O_DIR);
  let walked = '';
  try {
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      walked += `/${part}`;
      let next: number;
      try {
        next = openSync(at(fd, part), O_DIR);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' || !last)
          throw refuse(walked, code === 'ELOOP' || code === 'ENOTDIR' ? 'is a symbolic link or not a folder' : `cannot be opened (${code})`);
        mkdirSync(at(fd, part), { mode: 0o755 });
        next = openSync(at(fd, part), O_DIR);
        fchmodSync(next, 0o755);
      }
      closeSync(fd);
      fd = next;
      const st = fstatSync(fd);
      const sticky = (st.mode & 0o1000) !== 0;
      if (st.uid !== owner && !(st.uid === 0)) throw refuse(walked, `belongs to uid ${st.uid}, not root`);
      if (last && (st.uid !== owner || (st.mode & 0o022) !== 0)) {
        throw problem(
          'usage',
          `${walked} is not root's alone (owner uid ${st.uid}, mode ${octal(st.mode)}): clients would not trust a reading in it.`,
          `Make it root-owned and not writable by group or others: chown root:root ${walked} && chmod 755 ${walked}`,
        );
      }
      if (!last && (st.mode & 0o022) !== 0 && !sticky) throw refuse(walked, `is writable by others (mode ${octal(st.mode)})`);
    }
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return { fd, dir, name: basename(file) };
}

function refuse(path: string, why: string) {
  return problem(
    'usage',
    `${path} ${why}: the GPU reading is written only where nobody but root can change the way to it.`,
    `Use a folder of root's, e.g. --out /run/ds01/gpu-reading.json (the systemd unit makes /run/ds01).`,
  );
}

/** Refuses (a ProblemError) unless this process is root; then opens the reading's folder (openReadingFolder). */
export function checkReadingFolder(file: string): ReadingFolder {
  if (process.geteuid?.() !== 0) {
    throw problem(
      'usage',
      'ds01 gpu-reader must run as root: clients use only a reading that root wrote.',
      'Run it as the ds01-gpu-reader systemd service (see README "A GPU reading for the whole host").',
    );
  }
  return openReadingFolder(file);
}

/**
 * One reading, replacing the file at once (0644): written to a fresh name made with O_EXCL|O_NOFOLLOW and renamed
 * over the reading, both through the folder's descriptor (/proc/self/fd), so neither write nor rename follows the
 * path. Answers what was written.
 */
export async function writeHostReading(folder: ReadingFolder, runner: NvidiaSmiRunner, now = Date.now): Promise<SharedReading> {
  const readAt = now();
  let reading: SharedReading;
  try {
    reading = { format: READING_FORMAT, command: 'host', readAt, pid: 0, inventory: await runner.inventory() };
  } catch (e) {
    if (!isProblemError(e)) throw e;
    reading = { format: READING_FORMAT, command: 'host', readAt, pid: 0, problem: e.problem };
  }
  try {
    replaceFile(folderAt(folder.fd), folder.name, JSON.stringify(reading), 0o644);
  } catch (e) {
    throw problem('usage', `Cannot write ${join(folder.dir, folder.name)}: ${(e as Error).message}.`, `Check that ${folder.dir} is a writable folder of root.`);
  }
  return reading;
}
