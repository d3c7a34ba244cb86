// The parsed limits files, kept in the user's cache folder: parsing the host's 16 KB resource-limits.yaml (YAML,
// then zod) took a `ds01 limits` run more time than the rest of it together (bench/startup.bench.ts). An entry
// is used only for the exact text it was parsed from and the exact parser that parsed it (`codeId`, set by the
// build from the parser's sources), so an edited file or a new ds01 parses again. Entries live in the user's own
// private folder (src/host/private-files.ts): only this user (or root, for root's own) can have written them.
import { privateDir, readPrivateFile, writePrivateFile, fingerprint } from '../private-files';

const FORMAT = 1;

/** The build's fingerprint of src/core/limits and its parsers; undefined when not built by esbuild.mjs (tests). */
declare const DS01_LIMITS_CODE: string | undefined;
export function limitsCodeId(): string | null {
  return typeof DS01_LIMITS_CODE === 'string' ? DS01_LIMITS_CODE : null;
}

export interface LimitsCacheOptions {
  /** The user's cache folder (HostPaths.cacheDir); null: no cache. */
  cacheDir: string | null;
  /** Who parsed: entries of another parser are not used. Null: no cache. */
  codeId: string | null;
}

interface Entry {
  format: number;
  codeId: string;
  file: string;
  text: string;
  value: unknown;
}

/** `parse(text)`, or what it answered before for this exact file, text and parser. Failures are never kept. */
export function cachedParse<T>(what: string, file: string, text: string, parse: () => T, options: LimitsCacheOptions): T {
  const { cacheDir, codeId } = options;
  if (cacheDir === null || codeId === null || !privateDir(cacheDir)) return parse();
  const name = `${what}-${fingerprint(file)}.json`;
  const stored = readPrivateFile(cacheDir, name, 4 * 1024 * 1024);
  if (stored) {
    const entry = parseEntry(stored.data.toString('utf8'));
    if (entry && entry.format === FORMAT && entry.codeId === codeId && entry.file === file && entry.text === text) {
      return entry.value as T;
    }
  }
  const value = parse();
  const serialized = serialize({ format: FORMAT, codeId, file, text, value });
  if (serialized !== null) writePrivateFile(cacheDir, name, serialized);
  return value;
}

// Parsed limits are plain data plus Maps (user overrides); anything else (a non-finite number, a class) is not
// kept, so what is read back is always what the parser answered.
function serialize(entry: Entry): string | null {
  let lossless = true;
  const text = JSON.stringify(entry, (_key, v: unknown) => {
    if (v instanceof Map) return { $map: [...v.entries()] };
    if (typeof v === 'number' && !Number.isFinite(v)) lossless = false;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) lossless = false;
    if (v !== null && typeof v === 'object' && '$map' in v && !(v instanceof Map)) lossless = false;
    return v;
  });
  return lossless ? text : null;
}

function parseEntry(text: string): Entry | null {
  try {
    const e = JSON.parse(text, (_key, v: unknown) =>
      v !== null && typeof v === 'object' && Array.isArray((v as { $map?: unknown }).$map) ? new Map((v as { $map: Array<[unknown, unknown]> }).$map) : v,
    ) as Entry;
    return typeof e === 'object' && e !== null && typeof e.text === 'string' ? e : null;
  } catch {
    return null;
  }
}
