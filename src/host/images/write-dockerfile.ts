// Writes a DS01 Dockerfile into a project that has none (never over an existing file): the user owns it after.
import { existsSync, readFileSync, writeFileSync, constants, openSync, closeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { baseImageFor, cudaArchFor, generateDockerfile, type Framework } from '../../core/images/dockerfile';
import { pyprojectDependencies, requirementsPackages } from '../../core/images/dependencies';
import { validateProjectName } from '../../core/images/name';
import type { KnownUser } from '../../core/model';
import { problem } from '../../core/problem';

export interface WrittenDockerfile {
  path: string;
  baseImage: string;
  packages: string[];
  packagesFrom: string | null;
}

export function writeProjectDockerfile(
  folder: string,
  user: Pick<KnownUser, 'name' | 'uid' | 'gid'>,
  framework: Framework,
  options: { name?: string; driverVersion?: string | null; baseImage?: string; now?: Date } = {},
): WrittenDockerfile {
  const project = options.name !== undefined ? validateProjectName(options.name) : validateProjectName(basename(folder), 'folder');
  const path = join(folder, 'Dockerfile');
  const { packages, from } = projectPackages(folder);
  const baseImage = options.baseImage ?? baseImageFor(framework, cudaArchFor(options.driverVersion ?? null));
  const text = generateDockerfile({ project, user, framework, baseImage, packages, packagesFrom: from, now: options.now ?? new Date() });
  let fd: number;
  try {
    // O_EXCL: an existing Dockerfile (or a link by that name) is never overwritten.
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw code === 'EEXIST'
      ? problem('already-exists', `${path} exists already: it is left as it is.`, 'Edit it, or build from it: ds01 image build')
      : problem('usage', `Cannot write ${path}: ${code ?? String(err)}.`, 'Write the Dockerfile in a folder you own.');
  }
  try {
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return { path, baseImage, packages, packagesFrom: from };
}

function projectPackages(folder: string): { packages: string[]; from: string | null } {
  const req = join(folder, 'requirements.txt');
  if (existsSync(req)) return { packages: requirementsPackages(readFileSync(req, 'utf8')), from: 'requirements.txt' };
  const py = join(folder, 'pyproject.toml');
  if (existsSync(py)) return { packages: pyprojectDependencies(readFileSync(py, 'utf8')), from: 'pyproject.toml' };
  return { packages: [], from: null };
}
