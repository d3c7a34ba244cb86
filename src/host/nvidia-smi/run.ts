// Runs nvidia-smi (argv, never a shell) with a deadline and turns its answer into a GpuInventory.
import { spawn } from 'node:child_process';
import type { GpuInventory } from '../../core/model';
import { buildInventory, needsList, parseSmiList, parseSmiXml } from '../../core/nvidia-smi';
import { problem } from '../../core/problem';
import { sharedInventory, type ReadingSharing } from './reading-cache';
import { nvidiaSmiCommand } from '../paths';

export const DEFAULT_TIMEOUT_MS = 5000;
/** A real -q -x on an 8-GPU host is well under 1 MiB; anything far bigger is not nvidia-smi. */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

export interface NvidiaSmiOptions {
  /** Executable path or name on PATH; default DS01_NVIDIA_SMI, else `nvidia-smi`. */
  command?: string;
  timeoutMs?: number;
  /** Share readings with this user's other processes and use the host service's (gpu-reading-cache.ts). */
  share?: ReadingSharing;
}

// Read with the other host paths; re-exported for callers that only run nvidia-smi.
export { nvidiaSmiCommand };

/** One runner per front end: concurrent callers share one nvidia-smi run instead of starting their own. */
export class NvidiaSmiRunner {
  private readonly command: string;
  private readonly timeoutMs: number;
  private readonly share?: ReadingSharing;
  private inFlight: Promise<GpuInventory> | null = null;

  constructor(options: NvidiaSmiOptions = {}) {
    this.command = options.command ?? nvidiaSmiCommand();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.share = options.share;
  }

  inventory(): Promise<GpuInventory> {
    this.inFlight ??= (this.share ? sharedInventory(() => this.read(), this.share) : this.read()).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async read(): Promise<GpuInventory> {
    const query = ['-q', '-x'];
    const log = parseSmiXml(await runTool(this.command, query, this.timeoutMs), label(this.command, query));
    if (!needsList(log)) return buildInventory(log);
    const list = ['-L'];
    return buildInventory(log, parseSmiList(await runTool(this.command, list, this.timeoutMs), label(this.command, list)));
  }
}

export function readGpuInventory(options: NvidiaSmiOptions = {}): Promise<GpuInventory> {
  return new NvidiaSmiRunner(options).inventory();
}

function label(command: string, args: string[]): string {
  return [command, ...args].join(' ');
}

/** Resolves with stdout of a successful run; every way of failing becomes one nvidia-smi-* problem. */
export function runTool(command: string, args: string[], timeoutMs: number): Promise<string> {
  const what = label(command, args);
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout kills a wrapper script and whatever it started.
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      finish(() => reject(problem(
        'nvidia-smi-timeout',
        `'${what}' did not answer within ${formatSeconds(timeoutMs)} and was stopped.`,
        'The GPU driver may be hung; try nvidia-smi by hand and tell the host admins if it hangs too.',
      )));
    }, timeoutMs);
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) {
        killGroup();
        finish(() => reject(problem('nvidia-smi-garbage', `'${what}' printed more than ${MAX_OUTPUT_BYTES >> 20} MiB.`,
          'Check that DS01_NVIDIA_SMI points at nvidia-smi.')));
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (e: NodeJS.ErrnoException) => finish(() => reject(startFailure(command, e))));
    child.on('close', (code, signal) => finish(() => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) return resolve(stdout);
      const said = firstLine(stdout) ?? firstLine(Buffer.concat(err).toString('utf8'));
      const how = signal ? `was killed by ${signal}` : `failed with exit code ${code}`;
      reject(problem(
        'nvidia-smi-failed',
        `'${what}' ${how}${said ? `: ${said}` : ''}`,
        code === 9 ? 'The NVIDIA driver is not loaded or not reachable; tell the host admins.' : 'Run it by hand to see the whole message.',
      ));
    }));
  });
}

function startFailure(command: string, e: NodeJS.ErrnoException) {
  if (e.code === 'ENOENT') {
    return problem('nvidia-smi-missing', `nvidia-smi not found: '${command}' does not exist or is not on PATH.`,
      'Install the NVIDIA driver utilities, or set DS01_NVIDIA_SMI to the nvidia-smi path.');
  }
  if (e.code === 'EACCES') {
    return problem('nvidia-smi-missing', `nvidia-smi cannot be run: '${command}' is not executable.`,
      'Fix its permissions, or set DS01_NVIDIA_SMI to the nvidia-smi path.');
  }
  return problem('nvidia-smi-failed', `'${command}' could not be started: ${e.message}`);
}

function firstLine(text: string): string | null {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '');
  return line ? line.trim() : null;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
