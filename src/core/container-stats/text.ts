// Live use for people: the CLI's table cells, and a tree row's short description and tooltip lines.
import { formatBytes } from '../format';
import { memoryWarning, type ContainerStats } from './stats';

/** GPU figures of the container from the nvidia-smi reading; null with why when not read. */
export interface GpuUse {
  memoryMiB: number | null;
  utilizationPercent: number | null;
  why: string | null;
}

const UNKNOWN = '?';
const bytes = (n: number | null) => (n === null ? UNKNOWN : formatBytes(n));
const pct = (n: number | null) => (n === null ? UNKNOWN : `${n.toFixed(1)}%`);

export function statsCells(s: ContainerStats, gpu: GpuUse | null): { cpu: string; memory: string; net: string; block: string; pids: string; gpu: string } {
  return {
    cpu: pct(s.cpuPercent),
    memory: `${bytes(s.memoryUsedBytes)} / ${bytes(s.memoryLimitBytes)}${s.memoryPercent === null ? '' : ` (${Math.round(s.memoryPercent)}%)`}`,
    net: s.netRxBytes === null ? '-' : `${bytes(s.netRxBytes)} / ${bytes(s.netTxBytes)}`,
    block: s.blockReadBytes === null ? UNKNOWN : `${bytes(s.blockReadBytes)} / ${bytes(s.blockWriteBytes)}`,
    pids: s.pids === null ? UNKNOWN : String(s.pids),
    gpu: !gpu || gpu.memoryMiB === null ? '-' : `${gpu.memoryMiB} MiB${gpu.utilizationPercent === null ? '' : ` ${gpu.utilizationPercent}%`}`,
  };
}

/** "CPU 12% · mem 1.2 GiB/4 GiB" for a row's description, with a warning sign at 90% memory. */
export function statsRowText(s: ContainerStats): string {
  const cpu = s.cpuPercent === null ? '' : `CPU ${Math.round(s.cpuPercent)}%`;
  const mem =
    s.memoryUsedBytes === null ? '' : `mem ${formatBytes(s.memoryUsedBytes)}${s.memoryLimitBytes === null ? '' : `/${formatBytes(s.memoryLimitBytes)}`}`;
  const warn = memoryWarning(s) ? '⚠ ' : '';
  return [cpu, `${warn}${mem}`.trim()].filter(Boolean).join(' · ');
}

export function statsTooltipLines(s: ContainerStats): string[] {
  const c = statsCells(s, null);
  const warn = memoryWarning(s);
  const unknown = Object.entries(s.unknown).map(([k, why]) => `${k}: ${why}`);
  return [
    `CPU ${c.cpu} · memory ${c.memory} · net I/O ${c.net} · block I/O ${c.block} · pids ${c.pids}`,
    ...(warn ? [`$(warning) ${warn}`] : []),
    ...(unknown.length ? [`Not known: ${unknown.join('; ')}`] : []),
  ];
}
