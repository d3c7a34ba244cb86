// The host's user-name sanitizer (SPEC.md §3), used for cgroup slices and for config lookups.
// node:crypto is pure computation here, not I/O. It is loaded only for the rare long name: loading it costs a
// `ds01 limits` run more than the rest of its work (bench/startup.bench.ts).
import type * as Crypto from 'node:crypto';

const MAX_LENGTH = 32;

export function sanitizeUserName(name: string): string {
  if (name === '') return name;
  const local = name.split('@')[0];
  const cleaned = local
    .replace(/[^a-zA-Z0-9_:]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (cleaned.length <= MAX_LENGTH) return cleaned;
  // The hash is of the original name so two long names with the same prefix stay apart.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
  const { createHash } = require('node:crypto') as typeof Crypto;
  const suffix = createHash('md5').update(name).digest('hex').slice(0, 4);
  return `${cleaned.slice(0, 27).replace(/_+$/, '')}_${suffix}`;
}
