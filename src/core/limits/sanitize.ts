// The host's user-name sanitizer (SPEC.md §3), used for cgroup slices and for config lookups.
// node:crypto is pure computation here, not I/O.
import { createHash } from 'node:crypto';

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
  const suffix = createHash('md5').update(name).digest('hex').slice(0, 4);
  return `${cleaned.slice(0, 27).replace(/_+$/, '')}_${suffix}`;
}
