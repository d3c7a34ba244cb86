// `--demo`: point every command at the built-in demo host shipped in demo/ (a recorded nvidia-smi of a
// 4x A100 host and a real DS01 limits file). The engine stays whatever DOCKER_HOST says: a real one if reachable.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The package root: dist/cli.js lives one folder below it. */
export function packageRoot(): string {
  return resolve(__dirname, '..');
}

export function applyDemoHost(env: NodeJS.ProcessEnv = process.env): void {
  const demo = join(packageRoot(), 'demo');
  env.DS01_ROOT = demo;
  env.DS01_NVIDIA_SMI = join(demo, 'nvidia-smi');
  // The demo's GPUs are the recording's, not those of a host service's reading.
  env.DS01_HOST_READING = 'off';
  if (!env.DS01_STATE_DIR) {
    env.DS01_STATE_DIR = join(tmpdir(), 'ds01-demo-state');
    mkdirSync(env.DS01_STATE_DIR, { recursive: true });
  }
}
