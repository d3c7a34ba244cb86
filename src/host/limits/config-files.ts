// Reads the limits file, group .members files, user-overrides.yaml and grant files of a host.
// Every failure becomes a ProblemError naming the file and what to do.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LimitSet, User } from '../../core/model';
import { problem, type ProblemKind } from '../../core/problem';
import { parseLimitsConfig, parseMembers, parseUserOverrides, resolveLimits, type LimitSources, type LimitValues } from '../../core/limits';
import { cachedParse, limitsCodeId } from './cache';
import type { HostPaths } from '../paths';

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? 'unknown error';
}

/** Text of a file, or null when it does not exist; any other failure is `kind`. */
function readText(file: string, kind: ProblemKind, fix: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT') return null;
    const why = code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'is not readable (permission denied)' : `cannot be read (${code})`;
    throw problem(kind, `${file} ${why}.`, fix);
  }
}

function firstExisting(files: string[]): string | undefined {
  return files.find((f) => existsSync(f));
}

function readMembers(paths: HostPaths, groupNames: string[]): Map<string, string[]> {
  const dir = paths.groupsDirs.find((d) => existsSync(d) && statSync(d).isDirectory());
  const members = new Map<string, string[]>();
  if (!dir) return members;
  for (const group of groupNames) {
    const file = join(dir, `${group}.members`);
    const fix = `Make ${file} a readable file (one user name a line), or remove it.`;
    const text = readText(file, 'group-file-unreadable', fix);
    if (text !== null) members.set(group, parseMembers(text));
  }
  return members;
}

function readFileOverrides(paths: HostPaths): Map<string, LimitValues> {
  const file = firstExisting(paths.userOverridesFiles);
  if (!file) return new Map();
  const text = readText(file, 'config-invalid', `Make ${file} a readable YAML file, or remove it.`);
  return text === null ? new Map() : cachedParse('overrides', file, text, () => parseUserOverrides(text, file), cacheOptions(paths));
}

export function readLimitSources(paths: HostPaths): LimitSources {
  const file = paths.configFile;
  const text = readText(file, 'config-invalid', `Make ${file} a readable YAML file.`);
  if (text === null) {
    const looked = paths.configCandidates.join(' or ');
    throw problem('config-missing', `No DS01 limits file at ${looked}.`, 'Set DS01_ROOT to the DS01 install, or pass --config FILE.');
  }
  const config = cachedParse('limits', file, text, () => parseLimitsConfig(text, file), cacheOptions(paths));
  return {
    config,
    memberFiles: readMembers(
      paths,
      config.groups.map((g) => g.name),
    ),
    fileOverrides: readFileOverrides(paths),
  };
}

function cacheOptions(paths: HostPaths) {
  return { cacheDir: paths.cacheDir, codeId: limitsCodeId() };
}

/**
 * The host only checks that the grant exists; the raw name is tried, then the sanitized one unless an account of
 * that exact name exists: `bob_x.json` is bob_x's grant, never bob.x's.
 */
export function grantFileExists(paths: HostPaths, user: Pick<User, 'name' | 'sanitized' | 'accounts'>): boolean {
  const { name, sanitized } = user;
  const names = sanitized === name || user.accounts.has(sanitized) ? [name] : [name, sanitized];
  return names.some((n) => n !== '' && !n.includes('/') && existsSync(join(paths.grantsDir, `${n}.json`)));
}

/** One user's limits from limit sources already read. */
export function userLimits(sources: LimitSources, paths: HostPaths, user: Pick<User, 'name' | 'sanitized' | 'accounts'>): LimitSet {
  return resolveLimits(sources, { user: user.name, grantFileExists: grantFileExists(paths, user), sanitizedIsAnotherAccount: user.accounts.size > 0 });
}

export function readUserLimits(paths: HostPaths, user: Pick<User, 'name' | 'sanitized' | 'accounts'>): LimitSet {
  return userLimits(readLimitSources(paths), paths, user);
}
