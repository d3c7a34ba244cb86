// Writes .devcontainer/devcontainer.json into a project, never over an existing one unless asked (`force`);
// a replaced file is kept as devcontainer.json.bak, as the host's init offers.
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { problem } from '../../core/problem';
import { existingPath } from './files';

export interface Written {
  path: string;
  /** The old file's copy, when one was replaced. */
  backup: string | null;
}

export function devcontainerPath(folder: string): string {
  return join(resolve(folder), '.devcontainer', 'devcontainer.json');
}

/** The folder itself must exist and be a folder; a problem naming it otherwise. */
export function projectFolder(folder: string): string {
  const { path, isDir } = existingPath(folder, 'Name your project folder (default: the current one).');
  if (!isDir) throw problem('usage', `${folder} is not a folder.`, 'Name your project folder, the one to open in VS Code.');
  return path;
}

export function writeDevcontainer(folder: string, text: string, options: { force: boolean }): Written {
  const path = devcontainerPath(projectFolder(folder));
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    if (!options.force) {
      writeFileSync(path, text, { flag: 'wx' });
      return { path, backup: null };
    }
    let backup: string | null = `${path}.bak`;
    try {
      copyFileSync(path, backup);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      backup = null;
    }
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, path);
    return { path, backup };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw problem(
        'already-exists',
        `${path} exists: not overwritten.`,
        'Check it with `ds01 devcontainer check`, or replace it with --force (the old one is kept as devcontainer.json.bak).',
      );
    }
    throw problem('usage', `Cannot write ${path} (${code ?? String(e)}).`, 'Pick a project folder you can write to.');
  }
}
