// Finds what scripts/setup-vscode.sh installed: it writes the paths to <cache>/vscode.env.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface VscodeTools {
  node24: string;
  codeServerEntry: string;
  chromium: string;
}

export function cacheDir(): string {
  return process.env.DS01_TEST_CACHE || join(homedir(), '.cache', 'ds01-test');
}

export function readVscodeTools(): VscodeTools {
  const file = join(cacheDir(), 'vscode.env');
  const fix = 'run `bash scripts/setup-vscode.sh` first (it installs Node 24, code-server and chromium)';
  if (!existsSync(file)) throw new Error(`${file} is missing: ${fix}`);
  const values = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const tools = {
    node24: values.get('DS01_NODE24') ?? '',
    codeServerEntry: values.get('DS01_CODE_SERVER_ENTRY') ?? '',
    chromium: values.get('DS01_CHROMIUM') ?? '',
  };
  for (const [name, path] of Object.entries(tools)) {
    if (!path || !existsSync(path)) throw new Error(`${name} (${path || 'not set'}) from ${file} does not exist: ${fix}`);
  }
  return tools;
}
