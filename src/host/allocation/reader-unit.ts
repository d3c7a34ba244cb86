// The gpu-reader service's systemd unit, for `ds01 admin setup-host`: installed from the package's own
// scripts/systemd/ds01-gpu-reader.service (ExecStart pointed at this ds01) where systemd keeps units, or checked
// when one is there. Never started from here: the administrator enables it (README "A GPU reading for the whole host").
import { closeSync, constants as C, existsSync, fchmodSync, fstatSync, openSync, readFileSync, realpathSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SetupStep } from './host-layout';
import { describePath } from '../shared-file';

export const READER_UNIT = 'ds01-gpu-reader.service';

/** The unit as shipped in the package (scripts/systemd), found above this bundle; null when not shipped. */
export function shippedReaderUnit(from = __dirname): string | null {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'scripts', 'systemd', READER_UNIT);
    if (existsSync(join(dir, 'package.json')) && existsSync(file)) return readFileSync(file, 'utf8');
  }
  return null;
}

/** Installs the unit into `unitDir` when missing; checks an installed one (root's, not writable by others, no link). */
export function setupReaderUnit(unitDir: string, ds01Path: string | null): SetupStep {
  const path = join(unitDir, READER_UNIT);
  const what = 'the gpu-reader systemd unit';
  if (!existsSync(unitDir)) return { path, what, outcome: 'skipped', note: `no ${unitDir} (no systemd here)` };
  let fd: number;
  try {
    fd = openSync(path, C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT')
      return { path, what, outcome: 'refused', note: `${path} is ${describePath(path)}: refused.`, fix: `sudo rm ${path} && sudo ds01 admin setup-host` };
    const shipped = shippedReaderUnit();
    if (!shipped) return { path, what, outcome: 'skipped', note: `this package has no scripts/systemd/${READER_UNIT}` };
    const text = ds01Path ? shipped.replace(/^ExecStart=\S+/m, `ExecStart=${ds01Path}`) : shipped;
    const out = openSync(path, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o600);
    try {
      fchmodSync(out, 0o644);
      writeSync(out, text);
    } finally {
      closeSync(out);
    }
    return { path, what, outcome: 'made', note: `enable it: systemctl daemon-reload && systemctl enable --now ${READER_UNIT.replace('.service', '')}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.uid !== 0 || (st.mode & 0o022) !== 0) {
      return {
        path,
        what,
        outcome: 'refused',
        note: `${path} is not a regular file of root's that only root may change: refused.`,
        fix: `sudo rm ${path} && sudo ds01 admin setup-host`,
      };
    }
    return { path, what, outcome: 'ok', note: 'installed' };
  } finally {
    closeSync(fd);
  }
}

/** This ds01's real path when it runs from its bundle (dist/cli.js), for the unit's ExecStart; null otherwise. */
export function runningDs01(): string | null {
  const script = process.argv[1];
  try {
    return script && /cli(-[\w-]+)?\.js$/.test(script) ? realpathSync(join(dirname(script), 'cli.js')) : null;
  } catch {
    return null;
  }
}
