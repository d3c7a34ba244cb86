// Where a project's devcontainer.json files are (as Dev Containers looks: .devcontainer/devcontainer.json,
// .devcontainer.json, .devcontainer/<name>/devcontainer.json), and the folder each one opens.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { problem } from '../../core/problem';

/** FILE as given, or every devcontainer.json of the folder; none is a not-found problem naming where it looked. */
export function devcontainerFiles(target: string): string[] {
  const { path, isDir } = existingPath(target, 'Name a devcontainer.json or a project folder.');
  if (!isDir) return [path];
  const sub = join(path, '.devcontainer');
  const nested =
    existsSync(sub) && statSync(sub).isDirectory()
      ? readdirSync(sub, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => join(sub, d.name, 'devcontainer.json'))
          .sort()
      : [];
  const found = [join(sub, 'devcontainer.json'), join(path, '.devcontainer.json'), ...nested].filter((f) => existsSync(f));
  if (found.length === 0) {
    throw problem(
      'not-found',
      `No devcontainer.json in ${target} (looked for .devcontainer/devcontainer.json, .devcontainer.json, .devcontainer/*/devcontainer.json).`,
      `Write one: ds01 devcontainer init ${target === '.' ? '' : target}`.trimEnd(),
    );
  }
  return found;
}

/** `target` resolved, and whether it is a folder; a not-found problem naming it, with `fix`, when nothing is there. */
export function existingPath(target: string, fix: string): { path: string; isDir: boolean } {
  const path = resolve(target);
  try {
    return { path, isDir: statSync(path).isDirectory() };
  } catch {
    throw problem('not-found', `${target} does not exist.`, fix);
  }
}

/** The folder Dev Containers opens for this file: the one holding .devcontainer/ (or .devcontainer.json). */
export function workspaceFolderOf(file: string): string {
  let dir = dirname(resolve(file));
  if (basename(file) === '.devcontainer.json') return dir;
  if (basename(dirname(dir)) === '.devcontainer') dir = dirname(dir);
  return basename(dir) === '.devcontainer' ? dirname(dir) : dir;
}

/** A file name Dev Containers reads as its configuration. */
export function isDevcontainerFile(path: string): boolean {
  const name = basename(path);
  return name === '.devcontainer.json' || (name === 'devcontainer.json' && path.split(/[\\/]/).includes('.devcontainer'));
}
