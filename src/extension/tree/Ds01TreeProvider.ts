// The DS01 tree: My limits, My containers, Host GPUs. Rows are rebuilt from the HostState on refresh();
// ids stay the same between refreshes, so VS Code keeps expansion and selection.
import * as vscode from 'vscode';
import { gpuActivity, processesByContainer } from '../../core/containers/gpu-processes';
import { idleGpuNote, IdleGpuWatch } from '../../core/containers/idle-gpu';
import type { Ds01Container, GpuInventory } from '../../core/model';
import { toRow } from '../../host/containers';
import { existingQueueDir, readQueue } from '../../host/allocation/gpu-queue';
import { resolveHostPaths } from '../../host/paths';
import { containerIdsOf, processPlaces } from '../../host/containers/proc-cgroups';
import { readSettings } from '../settings';
import type { ReadonlyHostState } from '../host-state';
import { ContainerTreeItem, type GpuRowActivity, type LifecycleRowText } from './ContainerTreeItem';
import type { Ds01TreeItem } from './Ds01TreeItem';
import { GpuTreeItem } from './GpuTreeItem';
import { limitTreeItems } from './LimitTreeItem';
import { notDs01Rows, problemRows } from './ProblemTreeItem';
import { MessageTreeItem, SectionTreeItem } from './SectionTreeItem';

export const TREE_VIEW_ID = 'ds01.tree';

export class Ds01TreeProvider implements vscode.TreeDataProvider<Ds01TreeItem> {
  private readonly changed = new vscode.EventEmitter<Ds01TreeItem | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;

  private readonly idle = new IdleGpuWatch();

  constructor(
    private readonly state: ReadonlyHostState,
    private readonly lifecycleOf?: (id: string) => LifecycleRowText | undefined,
    /** Rows read elsewhere that go under My limits (disk use). */
    private readonly moreLimitRows?: () => Ds01TreeItem[],
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: Ds01TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(item?: Ds01TreeItem): Ds01TreeItem[] {
    return item ? item.children?.() ?? [] : this.sections();
  }

  resolveTreeItem(item: vscode.TreeItem, element: Ds01TreeItem): vscode.TreeItem {
    if (element.resolveTooltip) item.tooltip = element.resolveTooltip();
    return item;
  }

  private sections(): Ds01TreeItem[] {
    const { view, configProblem, loading } = this.state;
    const paths = resolveHostPaths(this.state.env);
    const configFile = paths.configFile;
    if (this.state.notDs01Host) return notDs01Rows(paths.configCandidates);
    if (configProblem) {
      return [new SectionTreeItem('limits', 'My limits', 'law', () => problemRows('limits', configProblem, configFile))];
    }
    if (!view) return [new MessageTreeItem('loading', 'Reading limits…', 'loading~spin')];
    const pending = (id: string) => [new MessageTreeItem(`${id}/loading`, 'Reading…', 'loading~spin')];
    return [
      new SectionTreeItem('limits', 'My limits', 'law', () => [...limitTreeItems(view), ...(this.moreLimitRows?.() ?? [])]),
      new SectionTreeItem('containers', 'My containers', 'package', () => {
        if (view.engineProblem) return problemRows('containers', view.engineProblem, configFile);
        if (!view.engineView) return loading ? pending('containers') : [];
        // A container the engine would not let us read: named once, under the containers it may belong with.
        const unread = view.unreadableProblem ? problemRows('containers/unreadable', view.unreadableProblem, configFile) : [];
        const waiting = this.waitingRows(this.state.user.uid);
        if (view.containers.length === 0) return [...waiting, new MessageTreeItem('containers/none', 'No containers: run "DS01: Deploy Container"'), ...unread];
        const activity = this.gpuActivity(view.containers, view.inventory);
        return [...waiting, ...view.containers.map((c) => new ContainerTreeItem(c, view.inventory, this.lifecycleOf?.(c.id), activity.get(c.id) ?? null)), ...unread];
      }, view.engineView ? String(view.containers.length) : undefined),
      new SectionTreeItem('gpus', 'Host GPUs', 'server', () => {
        if (view.inventoryProblem) return problemRows('gpus', view.inventoryProblem, configFile);
        if (!view.inventory) return pending('gpus');
        const rows: Ds01TreeItem[] = view.inventory.gpus.map((g) => new GpuTreeItem(g, view.slotStates));
        if (view.engineProblem) rows.push(new MessageTreeItem('gpus/allocation-unknown', 'Allocation unknown: the engine is not reachable', 'warning'));
        return rows;
      }),
    ];
  }

  /** This user's requests in the host's GPU queue (a --wait deploy, or a window waiting), as rows. */
  private waitingRows(uid: number): Ds01TreeItem[] {
    try {
      const dir = existingQueueDir(resolveHostPaths(this.state.env).stateDir);
      if (!dir) return [];
      const queue = readQueue(dir).queue;
      return queue.flatMap((r, i) => r.uid !== uid ? [] : [new MessageTreeItem(`waiting/${r.id}`,
        `${r.name}: waiting for ${r.gpus} GPU${r.gpus === 1 ? '' : 's'} (number ${i + 1} in the queue)`, 'watch')]);
    } catch {
      return [];
    }
  }

  /** GPU memory, utilisation and the idle clock per container, from the latest nvidia-smi reading. */
  private gpuActivity(containers: Ds01Container[], inventory: GpuInventory | null): Map<string, GpuRowActivity> {
    const out = new Map<string, GpuRowActivity>();
    const now = Date.now();
    if (!inventory) {
      this.idle.observe(now, containers.map((c) => ({ id: c.id, holdsGpu: c.gpuUuids.length > 0, gpuProcesses: null })));
      return out;
    }
    const byContainer = processesByContainer(inventory.processes, containerIdsOf(processPlaces(inventory.processes.map((p) => p.pid))), containers.map((c) => c.id));
    this.idle.observe(now, containers.map((c) => ({ id: c.id, holdsGpu: c.gpuUuids.length > 0, gpuProcesses: byContainer.get(c.id)?.length ?? 0 })));
    const minutes = readSettings().idleGpuMinutes;
    for (const c of containers) {
      const slots = toRow(c, inventory).slots;
      out.set(c.id, { activity: gpuActivity(byContainer.get(c.id) ?? [], slots, inventory), idle: idleGpuNote(this.idle.idleMs(c.id, now), minutes, slots) });
    }
    return out;
  }
}
