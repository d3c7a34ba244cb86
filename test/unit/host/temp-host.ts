// Test helper: a throw-away DS01_ROOT-like tree in the system temp folder.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURE_HOSTS = join(__dirname, '..', '..', 'fixtures', 'hosts');

/** Copies a fixture host (e.g. 'ds01-2026-07') into a fresh temp folder and returns its root. */
export function tempHost(fixture?: string): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'ds01-host-'));
  if (fixture) cpSync(join(FIXTURE_HOSTS, fixture), root, { recursive: true });
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
