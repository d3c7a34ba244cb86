// Starts code-server (VS Code's server + web workbench, on Node 24) isolated in a temp folder.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { VscodeTools } from './tools';

export interface CodeServer {
  port: number;
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

// Telemetry off; the rest keeps screenshots to what a DS01 user's window shows (no welcome page, no chat).
const SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** HOME and XDG folders under `temp`: code-server and everything it starts write only there. */
export function isolatedHome(temp: string): Record<string, string> {
  const env = {
    HOME: join(temp, 'home'),
    XDG_CONFIG_HOME: join(temp, 'home', '.config'),
    XDG_DATA_HOME: join(temp, 'home', '.local', 'share'),
    XDG_CACHE_HOME: join(temp, 'home', '.cache'),
  };
  for (const dir of Object.values(env)) mkdirSync(dir, { recursive: true });
  return env;
}

/**
 * Installs a .vsix the way a user or an admin does (`code-server --install-extension`), into the extensions
 * folder startCodeServer uses under `temp`; returns the folder the extension was unpacked to.
 */
export async function installVsix(tools: VscodeTools, temp: string, vsix: string, env: Record<string, string>): Promise<string> {
  const extensions = join(temp, 'extensions');
  const args = [tools.codeServerEntry, '--extensions-dir', extensions, '--user-data-dir', join(temp, 'user-data'), '--install-extension', vsix];
  const output = await new Promise<string>((resolve, reject) => {
    execFile(tools.node24, args, { env: { ...withoutHostTooling(process.env), ...env }, timeout: 120_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`code-server --install-extension ${vsix} failed: ${err.message}\n${stdout}${stderr}`)) : resolve(stdout),
    );
  });
  const installed = readdirSync(extensions).filter((d) => d.startsWith('ds01.ds01-gpu-host-'));
  if (installed.length !== 1) throw new Error(`after --install-extension, ${extensions} holds ${JSON.stringify(installed)}; output: ${output}`);
  return join(extensions, installed[0]);
}

export async function startCodeServer(options: {
  tools: VscodeTools;
  temp: string;
  workspace: string;
  env: Record<string, string>;
  host?: string;
  port?: number;
  extraArgs?: string[];
}): Promise<CodeServer> {
  const { tools, temp, workspace } = options;
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const userData = join(temp, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  const config = join(temp, 'code-server.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const gallery = `http://127.0.0.1:${await freePort()}`; // closed: nothing listens there
  const env: Record<string, string> = {
    ...withoutHostTooling(process.env),
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: `${gallery}/api`, itemUrl: `${gallery}/item`, resourceUrlTemplate: `${gallery}/r` }),
    ...options.env,
  };
  const args = [
    tools.codeServerEntry,
    '--bind-addr',
    `${host}:${port}`,
    '--auth',
    'none',
    '--config',
    config,
    '--user-data-dir',
    userData,
    '--extensions-dir',
    join(temp, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    // Without the smoke-test driver the workbench silently ignores the test payload in the URL.
    '--vscode-option',
    'enable-smoke-test-driver',
    ...(options.extraArgs ?? []),
    workspace,
  ];
  const logFile = join(temp, 'code-server.log');
  const log = createWriteStream(logFile);
  // Own process group, so stop() reaches the extension host and pty host it forks too.
  const child = spawn(tools.node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://${host}:${port}`;
  await waitUntilHealthy(child, url, logFile);
  return { port, url, logFile, stop: () => stopGroup(child) };
}

function withoutHostTooling(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    // A calling VS Code terminal or a tsx loader would leak into code-server's Node 24 and its extension host.
    if (v === undefined || k === 'NODE_OPTIONS' || k.startsWith('VSCODE_') || k.startsWith('ELECTRON_')) continue;
    out[k] = v;
  }
  return out;
}

async function waitUntilHealthy(child: ChildProcess, url: string, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} while starting; see ${logFile}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stopGroup(child);
  throw new Error(`code-server did not answer ${url}/healthz within 60 s; see ${logFile}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  killGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
  // Children may outlive the leader for a moment; the group id is still ours.
  killGroup(child.pid, 'SIGKILL');
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already gone
  }
}
