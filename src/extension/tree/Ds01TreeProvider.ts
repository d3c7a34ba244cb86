// The DS01 tree: My limits, My containers, Host GPUs. Rows are rebuilt from the HostState on refresh();
// ids stay the same between refreshes, so VS Code keeps expansion and selection.
import * as vscode from 'vscode';
import { resolveHostPaths } from '../../host/paths';
import type { HostState } from '../host-state';
import { ContainerTreeItem, type LifecycleRowText } from './ContainerTreeItem';
import type { Ds01TreeItem } from './Ds01TreeItem';
import { GpuTreeItem } from './GpuTreeItem';
import { limitRows } from './LimitTreeItem';
import { notDs01Rows, problemRows } from './ProblemTreeItem';
import { MessageTreeItem, SectionTreeItem } from './SectionTreeItem';

export const TREE_VIEW_ID = 'ds01.tree';

export class Ds01TreeProvider implements vscode.TreeDataProvider<Ds01TreeItem> {
  private readonly changed = new vscode.EventEmitter<Ds01TreeItem | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly state: HostState, private readonly lifecycleOf?: (id: string) => LifecycleRowText | undefined) {}

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
      new SectionTreeItem('limits', 'My limits', 'law', () => limitRows(view)),
      new SectionTreeItem('containers', 'My containers', 'package', () => {
        if (view.engineProblem) return problemRows('containers', view.engineProblem, configFile);
        if (!view.engineView) return loading ? pending('containers') : [];
        // A container the engine would not let us read: named once, under the containers it may belong with.
        const unread = view.unreadableProblem ? problemRows('containers/unreadable', view.unreadableProblem, configFile) : [];
        if (view.containers.length === 0) return [new MessageTreeItem('containers/none', 'No containers: run "DS01: Deploy Container"'), ...unread];
        return [...view.containers.map((c) => new ContainerTreeItem(c, view.inventory, this.lifecycleOf?.(c.id))), ...unread];
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
}
