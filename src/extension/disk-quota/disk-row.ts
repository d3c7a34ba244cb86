// "Disk" under My limits: my home's use against my quota, read in the background (a child process with a time
// limit) when the view is first shown and again at most every REREAD_MS while it stays visible; the tree
// never waits for it.
import * as vscode from 'vscode';
import { diskWarning, type DiskUse } from '../../core/disk-quota/use';
import { formatBytes } from '../../core/format';
import { readDiskUse } from '../../host/disk-quota/read';
import type { ReadonlyHostState } from '../host-state';
import { LimitTreeItem } from '../tree/LimitTreeItem';

const REREAD_MS = 10 * 60_000;

export class DiskRow implements vscode.Disposable {
  private use: (DiskUse & { quota: string }) | null = null;
  private readAt = 0;
  private reading: Promise<void> | null = null;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Readings started (tests count them). */
  reads = 0;

  constructor(
    private readonly state: ReadonlyHostState,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Call when the view becomes visible. */
  update(visible: boolean): void {
    if (!visible || this.reading || Date.now() - this.readAt < REREAD_MS) return;
    this.reads += 1;
    this.reading = readDiskUse(this.state.user.name, { env: this.state.env })
      .then(
        (u) => {
          this.use = u;
          this.log.info(`disk: ${u.source} ${u.where} ${u.usedBytes ?? '?'} of ${u.limitBytes ?? '?'} bytes${u.note ? ` (${u.note})` : ''}`);
        },
        (e: unknown) => {
          this.log.warn(`disk: ${String(e)}`);
        },
      )
      .finally(() => {
        this.readAt = Date.now();
        this.reading = null;
        this.changed.fire();
      });
  }

  rows(): LimitTreeItem[] {
    const u = this.use;
    if (!u) return [new LimitTreeItem('limits/disk', 'Disk', this.reading ? 'reading…' : '', 'database')];
    const pct = u.percent === null ? '' : ` (${Math.round(u.percent)}%)`;
    const text = `${u.usedBytes === null ? '?' : formatBytes(u.usedBytes)} of ${formatBytes(u.limitBytes)}${pct}`;
    const warning = diskWarning(u);
    const tooltip = [
      `${u.source === 'quota' ? `Quota on ${u.where}` : `Size of ${u.where}`}: ${text}`,
      u.note ?? '',
      u.source === 'home-size' ? u.quota : '',
      warning ? `⚠ ${warning}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    return [new LimitTreeItem('limits/disk', 'Disk', text, warning ? 'warning' : 'database', tooltip)];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
