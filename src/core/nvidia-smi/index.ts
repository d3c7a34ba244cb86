// nvidia-smi's text in, GpuInventory out. The host runner (src/host/nvidia-smi/run.ts) supplies the text.
import type { GpuInventory } from '../model';
import { buildInventory } from './inventory';
import { parseSmiList } from './list';
import { parseSmiXml } from './xml';

export { buildInventory, needsList } from './inventory';
export { parseSmiList, LIST_COMMAND, type ListedGpu, type ListedMig } from './list';
export { migEquivalents, computeSlicesOf } from './profile';
export { parseSmiXml, QUERY_COMMAND, type SmiGpu, type SmiLog, type SmiMigDevice, type SmiProcess } from './xml';

/** `listText` is the `-L` output, needed only where `needsList` says so. */
export function parseInventory(xmlText: string, listText?: string): GpuInventory {
  const log = parseSmiXml(xmlText);
  return buildInventory(log, listText === undefined ? undefined : parseSmiList(listText));
}
