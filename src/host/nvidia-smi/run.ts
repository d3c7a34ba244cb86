// Runs nvidia-smi (argv, never a shell) with a deadline and turns its answer into a GpuInventory.
import { spawn } from 'node:child_process';
import type { GpuInventory } from '../../core/model';
import {
  APP_QUERY_ARGS,
  buildInventory,
  csvAnswers,
  CsvShapeError,
  GPU_QUERY_ARGS,
  gpuReading,
  needsList,
  parseSmiList,
  parseSmiXml,
  withApps,
} from '../../core/nvidia-smi';
import { problem, ProblemError, type Problem } from '../../core/problem';
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

/**
 * One runner per front end: concurrent callers share one reading instead of starting their own.
 * A reading asks nvidia-smi only for the figures shown: `--query-gpu` and `--query-compute-apps` as CSV (two
 * short runs; one where no GPU has memory in use, so no process). It reads `-q -x` (and `-L` for MIG names) where the CSV cannot answer:
 * - a GPU has MIG on: slice memory and each process's slice are in `-q -x` alone. The runner then starts with
 *   `-q -x` next time too, until a reading shows MIG off everywhere again (MIG mode changes need a GPU reset).
 * - nvidia-smi refused the CSV query (exit code 2: a field its driver does not know) or printed other columns
 *   than asked: the runner reads `-q -x` from then on, and `xmlBecause` says why.
 */
/** Less GPU memory in use than any CUDA context takes. */
const NO_CONTEXT_MIB = 32;

export class NvidiaSmiRunner {
  private readonly command: string;
  private readonly timeoutMs: number;
  private readonly share?: ReadingSharing;
  private inFlight: Promise<GpuInventory> | null = null;
  private started = 0;
  private mig = false;
  private refused: string | null = null;

  constructor(options: NvidiaSmiOptions = {}) {
    this.command = options.command ?? nvidiaSmiCommand();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.share = options.share;
  }

  /** nvidia-smi processes this runner has started (a reading shared from another process starts none). */
  get runs(): number {
    return this.started;
  }

  /** Why the next reading asks `-q -x` rather than the CSV queries; null: it asks the CSV queries. */
  get xmlBecause(): string | null {
    return this.refused ?? (this.mig ? 'a GPU has MIG on' : null);
  }

  inventory(): Promise<GpuInventory> {
    this.inFlight ??= (this.share ? sharedInventory(() => this.read(), this.share) : this.read()).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async read(): Promise<GpuInventory> {
    if (this.xmlBecause === null) {
      const csv = await this.readCsv();
      if (csv) return csv;
    }
    return this.readXml();
  }

  /** The inventory from the CSV queries, or null where `-q -x` must answer (the reason kept for next time). */
  private async readCsv(): Promise<GpuInventory | null> {
    const commands = { gpus: label(this.command, GPU_QUERY_ARGS), apps: label(this.command, APP_QUERY_ARGS) };
    try {
      const gpus = await this.run(GPU_QUERY_ARGS);
      const gpuRows = gpuReading(gpus, commands.gpus);
      // MIG on shows in the GPU rows already: the compute apps are not asked for then.
      if (!csvAnswers(gpuRows)) {
        this.mig = true;
        return null;
      }
      // No GPU holds the memory a CUDA context takes (hundreds of MiB): no compute process can run, so the
      // second query is not asked. An idle host costs one short run per reading.
      if (gpuRows.gpus.every((g) => g.memoryUsedMiB !== null && g.memoryUsedMiB < NO_CONTEXT_MIB)) return buildInventory(gpuRows);
      return buildInventory(withApps(gpuRows, await this.run(APP_QUERY_ARGS), commands.apps));
    } catch (e) {
      if (e instanceof CsvShapeError || (e instanceof ToolFailure && e.exitCode === 2)) {
        this.refused = e.problem.message;
        return null;
      }
      throw e;
    }
  }

  private async readXml(): Promise<GpuInventory> {
    const query = ['-q', '-x'];
    const log = parseSmiXml(await this.run(query), label(this.command, query));
    this.mig = !csvAnswers(log);
    if (!needsList(log)) return buildInventory(log);
    const list = ['-L'];
    return buildInventory(log, parseSmiList(await this.run(list), label(this.command, list)));
  }

  private run(args: string[]): Promise<string> {
    this.started += 1;
    return runTool(this.command, args, this.timeoutMs);
  }
}

export function readGpuInventory(options: NvidiaSmiOptions = {}): Promise<GpuInventory> {
  return new NvidiaSmiRunner(options).inventory();
}

function label(command: string, args: string[]): string {
  return [command, ...args].join(' ');
}

/** nvidia-smi ran and ended badly; exit code 2 is its answer to arguments it does not know. */
export class ToolFailure extends ProblemError {
  constructor(
    p: Problem,
    readonly exitCode: number | null,
  ) {
    super(p);
  }
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
      finish(() =>
        reject(
          problem(
            'nvidia-smi-timeout',
            `'${what}' did not answer within ${formatSeconds(timeoutMs)} and was stopped.`,
            'The GPU driver may be hung; try nvidia-smi by hand and tell the host admins if it hangs too.',
          ),
        ),
      );
    }, timeoutMs);
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) {
        killGroup();
        finish(() =>
          reject(
            problem('nvidia-smi-garbage', `'${what}' printed more than ${MAX_OUTPUT_BYTES >> 20} MiB.`, 'Check that DS01_NVIDIA_SMI points at nvidia-smi.'),
          ),
        );
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (e: NodeJS.ErrnoException) => finish(() => reject(startFailure(command, e))));
    child.on('close', (code, signal) =>
      finish(() => {
        const stdout = Buffer.concat(out).toString('utf8');
        if (code === 0) return resolve(stdout);
        const said = firstLine(stdout) ?? firstLine(Buffer.concat(err).toString('utf8'));
        const how = signal ? `was killed by ${signal}` : `failed with exit code ${code}`;
        reject(
          new ToolFailure(
            {
              kind: 'nvidia-smi-failed',
              message: `'${what}' ${how}${said ? `: ${said}` : ''}`,
              fix: code === 9 ? 'The NVIDIA driver is not loaded or not reachable; tell the host admins.' : 'Run it by hand to see the whole message.',
            },
            code,
          ),
        );
      }),
    );
  });
}

function startFailure(command: string, e: NodeJS.ErrnoException) {
  if (e.code === 'ENOENT') {
    return problem(
      'nvidia-smi-missing',
      `nvidia-smi not found: '${command}' does not exist or is not on PATH.`,
      'Install the NVIDIA driver utilities, or set DS01_NVIDIA_SMI to the nvidia-smi path.',
    );
  }
  if (e.code === 'EACCES') {
    return problem(
      'nvidia-smi-missing',
      `nvidia-smi cannot be run: '${command}' is not executable.`,
      'Fix its permissions, or set DS01_NVIDIA_SMI to the nvidia-smi path.',
    );
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
