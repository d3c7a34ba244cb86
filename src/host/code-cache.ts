// Runs a CommonJS bundle with V8's code cache, kept in the user's cache folder. Node 20 has no compile cache
// of its own (module.enableCompileCache came in 22.1), and compiling the CLI bundle was the largest part of a
// `ds01` run. The cache is written after the command has run, so it also holds every function that run
// compiled lazily. It is written twice: after the first run, and once more after the first run that used it,
// since a first run often takes other paths (nothing kept yet, so no kept list or records to read) than every
// later one; after that the same command compiles nothing. One cache file per bundle and command
// word; its name carries Node's version and the bundle's size, mtime and inode, and V8 itself rejects data made
// by another V8 or with other flags, so a stale file is replaced, never run.
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { privateDir, readPrivateFile, userCacheDir, writePrivateFile } from './private-files';

// Node's own module wrapper; the bundle's first line stays line 1.
const HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const TAIL = '\n});';

export interface CodeCacheOptions {
  env?: NodeJS.ProcessEnv;
  /** What the run does (e.g. the command word): runs of different commands compile different functions. */
  variant: string;
}

/** The cache files for this bundle, Node and variant (of the first and second writing); null when no cache may be used. */
export function codeCacheFile(bundle: string, options: CodeCacheOptions): { dir: string; first: string; second: string; prefix: string } | null {
  const env = options.env ?? process.env;
  if (env.DS01_CODE_CACHE === 'off') return null;
  const st = statSync(bundle);
  const variant = /^[a-z][a-z-]{0,23}$/.test(options.variant) ? options.variant : 'other';
  const prefix = `${basename(bundle, '.js')}.${variant}.`;
  const name = `${prefix}${process.version}-${process.arch}-${st.size}-${Math.floor(st.mtimeMs)}-${st.ino}`;
  return { dir: join(userCacheDir(env), 'code'), first: `${name}.v8`, second: `${name}.2.v8`, prefix };
}

/** Loads and runs `bundle` like require() would, from the code cache when one fits. */
export function runBundleWithCodeCache(bundle: string, options: CodeCacheOptions): void {
  const source = readFileSync(bundle, 'utf8');
  const where = codeCacheFile(bundle, options);
  const usable = where !== null && privateDir(where.dir);
  const second = usable ? readPrivateFile(where.dir, where.second) : null;
  const cached = second ?? (usable ? readPrivateFile(where.dir, where.first) : null);
  const script = new Script(HEAD + source + TAIL, { filename: bundle, cachedData: cached?.data });
  const rejected = cached === null || script.cachedDataRejected === true;
  if (usable && (rejected || second === null)) {
    const name = rejected ? where.first : where.second;
    // After the command, when its functions are compiled; only for runs that worked (not a typo's).
    process.once('beforeExit', () => {
      if (process.exitCode !== undefined && process.exitCode !== 0) return;
      if (writePrivateFile(where.dir, name, script.createCachedData())) pruneOthers(where.dir, where.prefix, name);
    });
  }
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

/** Caches of earlier builds or Node versions for the same bundle and variant. */
function pruneOthers(dir: string, prefix: string, keep: string): void {
  try {
    for (const f of readdirSync(dir)) if (f.startsWith(prefix) && f !== keep && f.endsWith('.v8')) unlinkSync(join(dir, f));
  } catch {
    // A cache that cannot be tidied still works.
  }
}
