// nvidia-smi's text in, GpuInventory out. The host runner (src/host/nvidia-smi/run.ts) supplies the text.
import type { GpuInventory } from '../model';
import { csvAnswers, parseCsvReading } from './csv';
import { buildInventory } from './inventory';
import { parseSmiList } from './list';
import { parseSmiXml } from './xml';

export { buildInventory, needsList } from './inventory';
export {
  APP_FIELDS,
  APP_QUERY_ARGS,
  CsvShapeError,
  csvAnswers,
  GPU_FIELDS,
  GPU_QUERY_ARGS,
  gpuReading,
  parseAppCsv,
  parseCsvReading,
  parseGpuCsv,
  withApps,
  type SmiApp,
} from './csv';
export { parseSmiList, LIST_COMMAND, type ListedGpu, type ListedMig } from './list';
export { migEquivalents, computeSlicesOf } from './profile';
export { parseSmiXml, QUERY_COMMAND, type SmiGpu, type SmiLog, type SmiMigDevice, type SmiProcess } from './xml';

/** `listText` is the `-L` output, needed only where `needsList` says so. */
export function parseInventory(xmlText: string, listText?: string): GpuInventory {
  const log = parseSmiXml(xmlText);
  return buildInventory(log, listText === undefined ? undefined : parseSmiList(listText));
}

/**
 * The inventory from the two CSV queries, or null where they cannot answer (MIG on: read `-q -x` then).
 * cudaVersion is null: no `--query-gpu` field holds it (`-q -x` does).
 */
export function parseCsvInventory(gpuText: string, appText: string): GpuInventory | null {
  const log = parseCsvReading(gpuText, appText);
  return csvAnswers(log) ? buildInventory(log) : null;
}
