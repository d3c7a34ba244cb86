// Reads nvidia-smi's CSV queries (`--query-gpu`, `--query-compute-apps`) into the records `-q -x` gives
// (xml.ts), so one inventory builder serves both. The periodic reading asks only for these fields: on a real
// host `-q -x` queries every field of every GPU and is far slower.
//
// nvidia-smi's CSV is not RFC 4180: values are joined with ", " and never quoted. So a process name with ", "
// in it spills into extra columns: the process name is asked last and takes the rest of the line. GPU names
// never hold ", ", so a GPU row must have exactly the columns asked for.
import { garbageOf, type Garbage } from './garbage';
import { plural } from '../format';
import { ProblemError } from '../problem';
import type { SmiGpu, SmiLog, SmiProcess } from './xml';

/** `--help-query-gpu` names; the GPU name last. pci.bus_id only fills SmiGpu.busId, as `-q -x` does. */
export const GPU_FIELDS = [
  'index',
  'uuid',
  'pci.bus_id',
  'driver_version',
  'mig.mode.current',
  'memory.total',
  'memory.used',
  'utilization.gpu',
  'name',
] as const;
/** `--help-query-compute-apps` names; the process name last (it may hold ", "). */
export const APP_FIELDS = ['gpu_uuid', 'pid', 'used_gpu_memory', 'process_name'] as const;

const FORMAT = '--format=csv,noheader,nounits';
export const GPU_QUERY_ARGS = [`--query-gpu=${GPU_FIELDS.join(',')}`, FORMAT];
export const APP_QUERY_ARGS = [`--query-compute-apps=${APP_FIELDS.join(',')}`, FORMAT];

/**
 * A row whose column count is not the number of fields asked: a driver that renamed or dropped a field, or a
 * wrapper that prints something else. The runner reads `-q -x` instead (src/host/nvidia-smi/run.ts).
 */
export class CsvShapeError extends ProblemError {}

/** One `--query-compute-apps` row. */
export interface SmiApp {
  gpuUuid: string;
  pid: number;
  name: string;
  usedMemoryMiB: number | null;
}

/** `commands` name what printed each text, for error messages (a DS01_NVIDIA_SMI wrapper, say). */
export function parseCsvReading(
  gpuText: string,
  appText: string,
  commands = { gpus: `nvidia-smi ${GPU_QUERY_ARGS.join(' ')}`, apps: `nvidia-smi ${APP_QUERY_ARGS.join(' ')}` },
): SmiLog {
  return withApps(gpuReading(gpuText, commands.gpus), appText, commands.apps);
}

/** The GPU query alone: every GPU with no process yet (withApps adds them). */
export function gpuReading(gpuText: string, command = `nvidia-smi ${GPU_QUERY_ARGS.join(' ')}`): SmiLog {
  const { driverVersion, gpus } = parseGpuCsv(gpuText, command);
  return { driverVersion, cudaVersion: null, gpus };
}

/** `log` (from gpuReading) with the compute apps' processes added to their GPUs. */
export function withApps(log: SmiLog, appText: string, command = `nvidia-smi ${APP_QUERY_ARGS.join(' ')}`): SmiLog {
  for (const app of parseAppCsv(appText, command)) {
    const gpu = log.gpus.find((g) => g.uuid === app.gpuUuid);
    if (!gpu) {
      throw garbageOf(command)(`names ${app.gpuUuid} (process ${app.pid}), a GPU the GPU query did not list`);
    }
    gpu.processes.push(asProcess(app));
  }
  return log;
}

/**
 * The CSV reading answers for a host only with MIG off everywhere: MIG slices' memory and which slice a
 * process runs on are in `-q -x` alone (a compute app names only its parent GPU).
 */
export function csvAnswers(log: SmiLog): boolean {
  return !log.gpus.some((g) => g.migEnabled);
}

export function parseGpuCsv(text: string, command = `nvidia-smi ${GPU_QUERY_ARGS.join(' ')}`): { driverVersion: string | null; gpus: SmiGpu[] } {
  const garbage = garbageOf(command);
  const rows = rowsOf(text, GPU_FIELDS, false, command);
  if (rows.length === 0) throw garbage('printed nothing');
  const gpus = rows.map((row): SmiGpu & { position: number } => {
    const at = field(row, GPU_FIELDS);
    const uuid = at('uuid');
    if (!uuid.startsWith('GPU-')) throw garbage(`printed "${clip(uuid)}" where the GPU UUID (GPU-...) belongs`);
    return {
      position: whole(at('index'), 'index', garbage),
      busId: value(at('pci.bus_id')) ?? '',
      name: value(at('name')) ?? 'unknown GPU',
      uuid,
      migEnabled: migMode(at('mig.mode.current'), garbage),
      migDevices: [],
      memoryTotalMiB: figure(at('memory.total'), 'memory.total', garbage),
      memoryUsedMiB: figure(at('memory.used'), 'memory.used', garbage),
      utilizationPercent: figure(at('utilization.gpu'), 'utilization.gpu', garbage),
      processes: [],
    };
  });
  // `-q -x` lists GPUs in nvidia-smi's index order; the inventory numbers them by that order.
  gpus.sort((a, b) => a.position - b.position);
  const driverVersion = value(rows[0][GPU_FIELDS.indexOf('driver_version')]);
  return { driverVersion, gpus: gpus.map(({ position: _, ...g }) => g) };
}

export function parseAppCsv(text: string, command = `nvidia-smi ${APP_QUERY_ARGS.join(' ')}`): SmiApp[] {
  const garbage = garbageOf(command);
  // Older drivers say so in words instead of printing no row.
  const lines = text
    .split(/\r?\n/)
    .filter((l) => !/^\s*No running (compute )?processes found\s*$/i.test(l))
    .join('\n');
  return rowsOf(lines, APP_FIELDS, true, command).map((row) => {
    const at = field(row, APP_FIELDS);
    const gpuUuid = at('gpu_uuid');
    if (!gpuUuid.startsWith('GPU-')) throw garbage(`printed "${clip(gpuUuid)}" where the GPU UUID (GPU-...) belongs`);
    return {
      gpuUuid,
      pid: whole(at('pid'), 'pid', garbage),
      name: value(at('process_name')) ?? '',
      usedMemoryMiB: figure(at('used_gpu_memory'), 'used_gpu_memory', garbage),
    };
  });
}

function asProcess(app: SmiApp): SmiProcess {
  // A compute app: `-q -x` would say type C; its GPU/compute instance ids exist only with MIG on.
  return { gpuInstanceId: null, computeInstanceId: null, pid: app.pid, type: 'C', name: app.name, usedMemoryMiB: app.usedMemoryMiB };
}

function rowsOf(text: string, fields: readonly string[], lastTakesRest: boolean, command: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const cells = line.split(', ');
    if (cells.length < fields.length || (!lastTakesRest && cells.length > fields.length)) throw shapeError(command, fields, cells.length, line);
    rows.push([...cells.slice(0, fields.length - 1), cells.slice(fields.length - 1).join(', ')].map((c) => c.trim()));
  }
  return rows;
}

function field<F extends string>(row: string[], fields: readonly F[]): (name: F) => string {
  return (name) => row[fields.indexOf(name)];
}

/** nvidia-smi's "no value" spellings: N/A, [N/A], [Not Supported], [Insufficient Permissions], [Unknown Error], ... */
function value(cell: string): string | null {
  if (cell === '' || cell === 'N/A' || (cell.startsWith('[') && cell.endsWith(']'))) return null;
  return cell;
}

/** "40960", or "40960 MiB" / "97 %" when `nounits` was not honoured; no value: null, never 0. */
function figure(cell: string, name: string, garbage: Garbage): number | null {
  const v = value(cell);
  if (v === null) return null;
  const m = /^(-?\d+(?:\.\d+)?)(?:\s*(?:MiB|%))?$/.exec(v);
  if (!m) throw garbage(`printed "${clip(v)}" for ${name}, which is not a figure`);
  return Number(m[1]);
}

function whole(cell: string, name: string, garbage: Garbage): number {
  if (!/^\d+$/.test(cell)) throw garbage(`printed "${clip(cell)}" for ${name}, which is not a whole number`);
  return Number(cell);
}

function migMode(cell: string, garbage: Garbage): boolean {
  const v = value(cell);
  if (v === null || v === 'Disabled') return false;
  if (v === 'Enabled') return true;
  throw garbage(`printed "${clip(v)}" for mig.mode.current (Enabled, Disabled or [N/A] expected)`);
}

function shapeError(command: string, fields: readonly string[], got: number, line: string): CsvShapeError {
  return new CsvShapeError({
    kind: 'nvidia-smi-garbage',
    message:
      `'${command}' printed ${plural(got, 'column')} where ${fields.length} fields were asked (${fields.join(', ')}): "${clip(line)}". ` +
      'A driver that renamed or dropped one of these fields answers so.',
    fix: 'Run the command by hand to see which field it refuses; DS01 reads nvidia-smi -q -x instead meanwhile.',
  });
}

function clip(text: string): string {
  const t = text.trim();
  return t.length > 60 ? `${t.slice(0, 60)}...` : t;
}
