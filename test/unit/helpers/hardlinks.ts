// fs.protected_hardlinks for a test that plays another user: set for the test, put back after.
import { readFileSync, writeFileSync } from 'node:fs';

const HARDLINKS = '/proc/sys/fs/protected_hardlinks';

/** Sets it to `value`; returns what puts the old value back, or null where it cannot be changed (not root, a container). */
export function setProtectedHardlinks(value: '0' | '1'): (() => void) | null {
  let saved: string;
  try {
    saved = readFileSync(HARDLINKS, 'utf8').trim();
    writeFileSync(HARDLINKS, value);
  } catch {
    return null;
  }
  return () => writeFileSync(HARDLINKS, saved);
}
