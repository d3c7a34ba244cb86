// The host files the lifecycle model reads besides the limits file: lifecycle-exemptions.yaml next to it,
// and the installed cron files that say when the enforcement scripts run. Unreadable = unknown, never fatal.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseExemptions, parseHostSchedule, type Exemptions, type HostSchedule } from '../../core/lifecycle';

export const DEFAULT_CRON_DIR = '/etc/cron.d';
/** A cron.d file is a few lines; anything larger is not one of the host's and is skipped. */
const MAX_CRON_BYTES = 64 * 1024;

export interface LifecycleHostFiles {
  exemptions: Exemptions;
  schedule: HostSchedule;
  /** Where the schedule came from, for explanations ("/etc/cron.d"), or null when none was found. */
  scheduleSource: string | null;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Every readable regular file of the cron folder ($DS01_CRON_DIR, else /etc/cron.d). */
export function readCronFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const texts: string[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const file = join(dir, name);
    try {
      const st = statSync(file);
      if (!st.isFile() || st.size > MAX_CRON_BYTES) continue;
    } catch {
      continue;
    }
    const text = readOrNull(file);
    if (text !== null) texts.push(text);
  }
  return texts;
}

export function readLifecycleHostFiles(configFile: string, env: NodeJS.ProcessEnv = process.env): LifecycleHostFiles {
  const cronDir = env.DS01_CRON_DIR?.trim() || DEFAULT_CRON_DIR;
  const schedule = parseHostSchedule(readCronFiles(cronDir));
  const found = Object.values(schedule).some((m) => m !== null);
  return {
    exemptions: parseExemptions(readOrNull(join(dirname(configFile), 'lifecycle-exemptions.yaml'))),
    schedule,
    scheduleSource: found ? cronDir : null,
  };
}
