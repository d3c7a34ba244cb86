// The host service's side of the shared GPU reading (ds01-gpu-reader.service runs `ds01 gpu-reader`): reads
// nvidia-smi every few seconds and replaces /run/ds01/gpu-reading.json at once with what it read. Clients
// (gpu-reading-cache.ts) trust that file only when root wrote it, so the service runs as root and writes only
// into a folder that root owns and nobody else may write: anything else is refused, not worked around.
import { constants, closeSync, fstatSync, mkdirSync, openSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { isProblemError, problem } from '../../core/problem';
import { READING_FORMAT, type SharedReading } from './reading-cache';
import { NvidiaSmiRunner } from './run';
import { writePrivateFile } from '../private-files';

/** Refuses (a ProblemError) unless this process is root and `file`'s folder is root's alone; creates it 0755. */
export function checkReadingFolder(file: string): void {
  const dir = dirname(file);
  if (process.geteuid?.() !== 0) {
    throw problem('usage', 'ds01 gpu-reader must run as root: clients use only a reading that root wrote.',
      'Run it as the ds01-gpu-reader systemd service (see README "A GPU reading for the whole host").');
  }
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  let fd: number;
  try {
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (e) {
    throw problem('usage', `${dir} cannot be opened as a folder (${(e as NodeJS.ErrnoException).code}).`, `Remove ${dir}; the service creates it.`);
  }
  try {
    const st = fstatSync(fd);
    if (st.uid !== 0 || (st.mode & 0o022) !== 0) {
      throw problem('usage', `${dir} is not root's alone (owner uid ${st.uid}, mode ${(st.mode & 0o7777).toString(8)}): clients would not trust a reading in it.`,
        `Make it root-owned and not writable by group or others: chown root:root ${dir} && chmod 755 ${dir}`);
    }
  } finally {
    closeSync(fd);
  }
}

/** One reading, written in place at once (0644); answers what was written. */
export async function writeHostReading(file: string, runner: NvidiaSmiRunner, now = Date.now): Promise<SharedReading> {
  const readAt = now();
  let reading: SharedReading;
  try {
    reading = { format: READING_FORMAT, command: 'host', readAt, pid: 0, inventory: await runner.inventory() };
  } catch (e) {
    if (!isProblemError(e)) throw e;
    reading = { format: READING_FORMAT, command: 'host', readAt, pid: 0, problem: e.problem };
  }
  if (!writePrivateFile(dirname(file), basename(file), JSON.stringify(reading), 0o644)) {
    throw problem('usage', `Cannot write ${file}.`, `Check that ${dirname(file)} is a writable folder of root.`);
  }
  return reading;
}
