// Test helper: the fixture host trees under test/fixtures/hosts, read into core's inputs.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseLimitsConfig, parseMembers, parseUserOverrides, type LimitSources } from '../../../../src/core/limits';

export const HOSTS = join(__dirname, '..', '..', '..', 'fixtures', 'hosts');
export const CONFIG_DIR = {
  '2026-02': join(HOSTS, 'ds01-2026-02', 'config'),
  '2026-07': join(HOSTS, 'ds01-2026-07', 'config', 'runtime'),
} as const;

export function configText(gen: keyof typeof CONFIG_DIR): string {
  return readFileSync(join(CONFIG_DIR[gen], 'resource-limits.yaml'), 'utf8');
}

export function fixtureSources(gen: keyof typeof CONFIG_DIR): LimitSources {
  const dir = CONFIG_DIR[gen];
  const groups = join(dir, 'groups');
  const memberFiles = new Map(readdirSync(groups).map((f) => [f.replace(/\.members$/, ''), parseMembers(readFileSync(join(groups, f), 'utf8'))]));
  const overridesFile = join(dir, 'user-overrides.yaml');
  return {
    config: parseLimitsConfig(configText(gen), join(dir, 'resource-limits.yaml')),
    memberFiles,
    fileOverrides: parseUserOverrides(readFileSync(overridesFile, 'utf8'), overridesFile),
  };
}
