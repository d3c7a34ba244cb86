// Every `ds01.*` setting is read here. The extension host inherits DS01_ROOT, DS01_STATE_DIR,
// DS01_NVIDIA_SMI and DOCKER_HOST from the server's environment; a non-empty setting overrides them.
import * as vscode from 'vscode';
import { DEFAULT_IDLE_GPU_MINUTES } from '../core/containers/idle-gpu';
import { DEFAULT_MAX_CONTEXT_MIB } from '../host/images/context';

export const SECTION = 'ds01';

export interface Ds01Settings {
  installRoot: string;
  stateDir: string;
  nvidiaSmiPath: string;
  dockerHost: string;
  gpuRefreshSeconds: number;
  showStatusBar: boolean;
  images: string[];
  /** Notifications for CUDA failures (ds01.failures.showPrompt). */
  failuresShowPrompt: boolean;
  /** Follow the notice library's events file (ds01.failures.watchNoticeEvents). */
  failuresWatchNoticeEvents: boolean;
  /** Minutes before the host's enforcement acts that the lifecycle warning comes (ds01.lifecycle.warnMinutesBefore). */
  lifecycleWarnMinutes: number;
  /** The host's log folder (events.jsonl); empty = $DS01_LOG_DIR, else /var/log/ds01. */
  logDir: string;
  /** Minutes a container may hold a GPU with no process on it before its row says "idle GPU". */
  idleGpuMinutes: number;
  /** Largest build context (ds01.images.maxContextMiB), MiB. */
  imagesMaxContextMiB: number;
}

export const MIN_REFRESH_SECONDS = 1;

function idleMinutes(v: number | undefined): number {
  const n = Number(v ?? DEFAULT_IDLE_GPU_MINUTES);
  return Number.isFinite(n) && n >= 1 ? n : DEFAULT_IDLE_GPU_MINUTES;
}

function positive(v: number | undefined, fallback: number): number {
  const n = Number(v ?? fallback);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function readSettings(): Ds01Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const text = (key: string) => (c.get<string>(key) ?? '').trim();
  const seconds = Number(c.get<number>('gpuRefreshSeconds') ?? 5);
  return {
    installRoot: text('installRoot'),
    stateDir: text('stateDir'),
    nvidiaSmiPath: text('nvidiaSmiPath'),
    dockerHost: text('dockerHost'),
    gpuRefreshSeconds: Number.isFinite(seconds) ? Math.max(MIN_REFRESH_SECONDS, seconds) : 5,
    showStatusBar: c.get<boolean>('showStatusBar') ?? true,
    images: (c.get<string[]>('images') ?? []).filter((s) => typeof s === 'string' && s.trim() !== ''),
    failuresShowPrompt: c.get<boolean>('failures.showPrompt') ?? true,
    failuresWatchNoticeEvents: c.get<boolean>('failures.watchNoticeEvents') ?? true,
    lifecycleWarnMinutes: Math.max(1, Number(c.get<number>('lifecycle.warnMinutesBefore') ?? 15) || 15),
    logDir: text('logDir'),
    idleGpuMinutes: idleMinutes(c.get<number>('idleGpuMinutes')),
    imagesMaxContextMiB: positive(c.get<number>('images.maxContextMiB'), DEFAULT_MAX_CONTEXT_MIB),
  };
}

/** The environment the host modules read (the same variables the CLI reads), with settings applied. */
export function hostEnv(settings: Ds01Settings, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  if (settings.installRoot) env.DS01_ROOT = settings.installRoot;
  if (settings.stateDir) env.DS01_STATE_DIR = settings.stateDir;
  if (settings.nvidiaSmiPath) env.DS01_NVIDIA_SMI = settings.nvidiaSmiPath;
  if (settings.dockerHost) env.DOCKER_HOST = settings.dockerHost;
  if (settings.logDir) env.DS01_LOG_DIR = settings.logDir;
  // A reading another window or `ds01` run of this user made is reused only while younger than this window's interval.
  env.DS01_GPU_REFRESH_SECONDS = String(settings.gpuRefreshSeconds);
  return env;
}

export function affectsDs01(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
