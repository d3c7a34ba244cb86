// "Idle GPU": a container that holds GPUs with no process on them for longer than a setting. Observed by
// the window itself at each nvidia-smi reading (they run only while the figures are shown and the window
// focused), so the clock starts at the first reading that saw it idle; a process on any of its slots resets it.

export const DEFAULT_IDLE_GPU_MINUTES = 30;

export class IdleGpuWatch {
  private readonly since = new Map<string, number>();

  /** `gpuProcesses` null: not read this time, the clock neither starts nor stops. */
  observe(nowMs: number, containers: Array<{ id: string; holdsGpu: boolean; gpuProcesses: number | null }>): void {
    const seen = new Set(containers.map((c) => c.id));
    for (const id of [...this.since.keys()]) if (!seen.has(id)) this.since.delete(id);
    for (const c of containers) {
      if (c.gpuProcesses === null) continue;
      if (!c.holdsGpu || c.gpuProcesses > 0) this.since.delete(c.id);
      else if (!this.since.has(c.id)) this.since.set(c.id, nowMs);
    }
  }

  idleMs(id: string, nowMs: number): number | null {
    const t = this.since.get(id);
    return t === undefined ? null : nowMs - t;
  }
}

/** The badge and the tooltip line for a container idle past the threshold; null before. */
export function idleGpuNote(idleMs: number | null, thresholdMinutes: number, slots: string[]): { badge: string; tooltip: string } | null {
  if (idleMs === null || idleMs < thresholdMinutes * 60_000) return null;
  const minutes = Math.floor(idleMs / 60_000);
  const held = `GPU${slots.length === 1 ? '' : 's'} ${slots.join(', ')}`;
  return {
    badge: 'idle GPU',
    tooltip:
      `Idle GPU: holds ${held} with no process on ${slots.length === 1 ? 'it' : 'them'} for ${minutes} min. ` +
      'Others may be waiting for a GPU; stop or retire it when you do not need it.',
  };
}
