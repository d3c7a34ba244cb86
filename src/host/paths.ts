// Where things are on a DS01 host, from the environment and --config (issue 2, "Where things are").
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { userCacheDir } from './private-files';

export interface HostPaths {
  /** The limits file to read (may not exist: the reader reports that). */
  configFile: string;
  /** Every place looked at for the limits file, for the error message. */
  configCandidates: string[];
  /** Folders that may hold `<group>.members`, first existing wins. */
  groupsDirs: string[];
  /** Places for user-overrides.yaml, first existing wins. */
  userOverridesFiles: string[];
  stateDir: string;
  /** DS01's own allocator lock (gpu_allocator_v2.py); ours takes it too when it exists. */
  hostAllocatorLock: string;
  grantsDir: string;
  nvidiaSmi: string;
  /** Unset: dockerode's own default. */
  dockerHost: string | undefined;
  /** This user's cache folder ($XDG_CACHE_HOME/ds01, else ~/.cache/ds01): parsed limits, inspects. */
  cacheDir: string;
}

export interface PathFlags {
  config?: string;
}

export const DEFAULT_ROOT = '/opt/ds01-infra';
export const DEFAULT_STATE_DIR = '/var/lib/ds01';
export const DEFAULT_HOST_ALLOCATOR_LOCK = '/var/log/ds01/gpu-allocator.lock';

/** DS01_HOST_ALLOCATOR_LOCK (tests point it at a temp file), else where gpu_allocator_v2.py keeps it. */
export function hostAllocatorLockPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.DS01_HOST_ALLOCATOR_LOCK || DEFAULT_HOST_ALLOCATOR_LOCK;
}

/** DS01_NVIDIA_SMI (trimmed), else `nvidia-smi` on PATH. */
export function nvidiaSmiCommand(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.DS01_NVIDIA_SMI?.trim();
  return configured ? configured : 'nvidia-smi';
}

export function resolveHostPaths(env: NodeJS.ProcessEnv = process.env, flags: PathFlags = {}): HostPaths {
  const stateDir = env.DS01_STATE_DIR || DEFAULT_STATE_DIR;
  const common = {
    stateDir,
    hostAllocatorLock: hostAllocatorLockPath(env),
    grantsDir: join(stateDir, 'bare-metal-grants'),
    nvidiaSmi: nvidiaSmiCommand(env),
    dockerHost: env.DOCKER_HOST || undefined,
    cacheDir: userCacheDir(env),
  };
  if (flags.config) {
    const configFile = resolve(flags.config);
    const dir = dirname(configFile);
    return {
      ...common,
      configFile,
      configCandidates: [configFile],
      groupsDirs: [join(dir, 'groups')],
      userOverridesFiles: [join(dir, 'user-overrides.yaml')],
    };
  }
  const config = join(env.DS01_ROOT || DEFAULT_ROOT, 'config');
  const runtime = join(config, 'runtime');
  const configCandidates = [join(runtime, 'resource-limits.yaml'), join(config, 'resource-limits.yaml')];
  const configFile = configCandidates.find((f) => existsSync(f)) ?? configCandidates[0];
  // The host reads groups/ and user-overrides.yaml next to the config; older layouts keep them in config/.
  const near = dirname(configFile);
  const unique = (xs: string[]) => [...new Set(xs)];
  return {
    ...common,
    configFile,
    configCandidates,
    groupsDirs: unique([join(near, 'groups'), join(runtime, 'groups'), join(config, 'groups')]),
    userOverridesFiles: unique([join(near, 'user-overrides.yaml'), join(config, 'user-overrides.yaml')]),
  };
}
