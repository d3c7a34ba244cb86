// Reads `nvidia-smi -q -x` into plain records: only the fields the inventory needs, text already trimmed.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { garbageOf, type Garbage } from './garbage';

export interface SmiMigDevice {
  index: number;
  gpuInstanceId: number | null;
  computeInstanceId: number | null;
  /** Present on some drivers only; `-L` always has it. */
  uuid: string | null;
  multiprocessorCount: number | null;
  memoryTotalMiB: number | null;
  memoryUsedMiB: number | null;
}

export interface SmiProcess {
  gpuInstanceId: number | null;
  computeInstanceId: number | null;
  pid: number;
  type: string;
  name: string;
  usedMemoryMiB: number | null;
}

export interface SmiGpu {
  busId: string;
  name: string;
  uuid: string;
  migEnabled: boolean;
  migDevices: SmiMigDevice[];
  memoryTotalMiB: number | null;
  memoryUsedMiB: number | null;
  utilizationPercent: number | null;
  processes: SmiProcess[];
}

export interface SmiLog {
  driverVersion: string | null;
  cudaVersion: string | null;
  gpus: SmiGpu[];
}

export const QUERY_COMMAND = 'nvidia-smi -q -x';

type Node = Record<string, unknown>;

const REPEATED = new Set(['gpu', 'mig_device', 'process_info']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  isArray: (tag) => REPEATED.has(tag),
  // The callbacks above look at tag names only: do not build every element's path string for them (half the parse).
  jPath: false,
});

/** `command` names what printed the text in error messages (a DS01_NVIDIA_SMI wrapper, say). */
export function parseSmiXml(text: string, command = QUERY_COMMAND): SmiLog {
  const garbage = garbageOf(command);
  if (text.trim() === '') throw garbage('printed nothing');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw garbage(`printed text that is not XML (line ${valid.err.line}: ${valid.err.msg.replace(/\.$/, '')})`);
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (e) {
    // The parser refuses entity declarations it will not expand (external entities, entity bombs): say so plainly.
    throw garbage(`printed XML that cannot be read safely (${(e as Error).message.replace(/\.$/, '')})`);
  }
  const root = asNode(doc.nvidia_smi_log);
  if (!root) throw garbage('printed XML without an <nvidia_smi_log> element');
  const gpus = asList(root.gpu).map((g, i) => readGpu(g, i, garbage));
  return { driverVersion: text_(root.driver_version), cudaVersion: text_(root.cuda_version), gpus };
}

function readGpu(node: unknown, position: number, garbage: Garbage): SmiGpu {
  const g = asNode(node);
  const uuid = g && text_(g.uuid);
  if (!g || !uuid) throw garbage(`printed a <gpu> element (number ${position + 1}) without a UUID`);
  const fb = asNode(g.fb_memory_usage);
  return {
    busId: String(g['@id'] ?? ''),
    name: text_(g.product_name) ?? 'unknown GPU',
    uuid,
    migEnabled: text_(asNode(g.mig_mode)?.current_mig) === 'Enabled',
    migDevices: asList(asNode(g.mig_devices)?.mig_device).map((m) => readMigDevice(m, garbage)),
    memoryTotalMiB: amount(fb?.total),
    memoryUsedMiB: amount(fb?.used),
    utilizationPercent: amount(asNode(g.utilization)?.gpu_util),
    processes: asList(asNode(g.processes)?.process_info).map((p) => readProcess(p, garbage)),
  };
}

function readMigDevice(node: unknown, garbage: Garbage): SmiMigDevice {
  const m = asNode(node) ?? {};
  const index = amount(m.index);
  if (index === null) throw garbage('printed a <mig_device> element without an <index>');
  const fb = asNode(m.fb_memory_usage);
  return {
    index,
    gpuInstanceId: amount(m.gpu_instance_id),
    computeInstanceId: amount(m.compute_instance_id),
    uuid: text_(m.uuid),
    multiprocessorCount: amount(asNode(asNode(m.device_attributes)?.shared)?.multiprocessor_count),
    memoryTotalMiB: amount(fb?.total),
    memoryUsedMiB: amount(fb?.used),
  };
}

function readProcess(node: unknown, garbage: Garbage): SmiProcess {
  const p = asNode(node) ?? {};
  const pid = amount(p.pid);
  if (pid === null) throw garbage('printed a <process_info> element without a <pid>');
  return {
    gpuInstanceId: amount(p.gpu_instance_id),
    computeInstanceId: amount(p.compute_instance_id),
    pid,
    type: text_(p.type) ?? '',
    name: text_(p.process_name) ?? '',
    usedMemoryMiB: amount(p.used_memory),
  };
}

function asNode(v: unknown): Node | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : null;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Element text, with nvidia-smi's "no value" spellings (N/A, [Not Supported], ...) as null. */
function text_(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  if (t === '' || t === 'N/A' || t === 'None' || t.startsWith('[')) return null;
  return t;
}

/** "40960 MiB", "97 %", "3" -> the number; anything else -> null. */
function amount(v: unknown): number | null {
  const t = text_(v);
  if (t === null) return null;
  const m = /^(-?\d+(?:\.\d+)?)(?:\s*(?:MiB|%))?$/.exec(t);
  return m ? Number(m[1]) : null;
}
