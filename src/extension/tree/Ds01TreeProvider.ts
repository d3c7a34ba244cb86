// The DS01 tree: My limits, My containers, My images, Host GPUs. Rows are rebuilt on refresh() from the
// HostState and the TreeModel (extension/tree-model), which read the host when the state changes; drawing
// reads only them. Ids stay the same between refreshes, so VS Code keeps expansion and selection. refresh()
// tells VS Code only about the rows whose content changed (a redraw closes the tooltip the user is reading,
// and the GPU poll refreshes every few seconds), or the parent whose rows came or went.
import * as vscode from 'vscode';
import type { ReadonlyHostState } from '../host-state';
import type { TreeModel } from '../tree-model/tree-model';
import { ContainerTreeItem, type LifecycleRowText } from './ContainerTreeItem';
import type { Ds01TreeItem } from './Ds01TreeItem';
import { GpuTreeItem } from './GpuTreeItem';
import { ImageTreeItem } from './ImageTreeItem';
import { limitTreeItems } from './LimitTreeItem';
import { notDs01Rows, problemRows } from './ProblemTreeItem';
import { MessageTreeItem, SectionTreeItem } from './SectionTreeItem';
import { plural } from '../../core/format';

export const TREE_VIEW_ID = 'ds01.tree';

export class Ds01TreeProvider implements vscode.TreeDataProvider<Ds01TreeItem> {
  private readonly changed = new vscode.EventEmitter<Ds01TreeItem[] | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;

  private current: TreeSnapshot | null = null;
  /** The element object VS Code was given for each id: a change is fired with that object. */
  private readonly given = new Map<string, Ds01TreeItem>();
  /** FOR TESTS: how often each row id was fired as changed ('*' for the whole tree). */
  readonly fired = new Map<string, number>();

  constructor(
    private readonly state: ReadonlyHostState,
    private readonly model: TreeModel,
    private readonly lifecycleOf?: (id: string, name: string) => LifecycleRowText | undefined,
    /** Rows read elsewhere that go under My limits (disk use). */
    private readonly moreLimitRows?: () => Ds01TreeItem[],
  ) {}

  refresh(): void {
    const before = this.current;
    // Nothing asked for since the last full redraw (the view is hidden): redraw all when it is shown.
    if (!before || this.given.size === 0) return this.fireAll();
    const after = snapshot(this.sections());
    this.current = after;
    if (!sameIds(before.roots, after.roots)) return this.fireAll();
    const changed: Ds01TreeItem[] = [];
    const covered = new Set<string>();
    for (const [parent, kids] of after.kids) {
      if (sameIds(before.kids.get(parent) ?? [], kids)) continue;
      const known = this.given.get(parent);
      if (!known) return this.fireAll();
      changed.push(known);
      for (const id of descendants(after, parent)) covered.add(id);
    }
    for (const [id, item] of after.items) {
      if (covered.has(id) || before.signatures.get(id) === signature(item)) continue;
      const known = this.given.get(id);
      // Never shown (a collapsed section's row): VS Code asks for it when it is shown.
      if (known) changed.push(known);
    }
    if (changed.length === 0) return;
    for (const c of changed) this.fired.set(c.id, (this.fired.get(c.id) ?? 0) + 1);
    this.changed.fire(changed);
  }

  getTreeItem(item: Ds01TreeItem): vscode.TreeItem {
    return this.snapshot().items.get(item.id) ?? item;
  }

  getChildren(item?: Ds01TreeItem): Ds01TreeItem[] {
    const list = this.peekChildren(item);
    for (const row of list) this.given.set(row.id, row);
    return list;
  }

  /** The rows as getChildren gives them, without counting them as given to VS Code (for the test API). */
  peekChildren(item?: Ds01TreeItem): Ds01TreeItem[] {
    const s = this.snapshot();
    return item ? (s.kids.get(item.id) ?? []) : s.roots;
  }

  resolveTreeItem(item: vscode.TreeItem, element: Ds01TreeItem): vscode.TreeItem {
    const latest = this.snapshot().items.get(element.id) ?? element;
    if (latest.resolveTooltip) item.tooltip = latest.resolveTooltip();
    return item;
  }

  private snapshot(): TreeSnapshot {
    return (this.current ??= snapshot(this.sections()));
  }

  private fireAll(): void {
    this.current = null;
    this.given.clear();
    this.fired.set('*', (this.fired.get('*') ?? 0) + 1);
    this.changed.fire();
  }

  private sections(): Ds01TreeItem[] {
    const { view, configProblem, loading } = this.state;
    const { configFile, images } = this.model;
    if (this.state.notDs01Host) return notDs01Rows(this.model.configCandidates);
    if (configProblem) {
      return [new SectionTreeItem('limits', 'My limits', 'law', () => problemRows('limits', configProblem, configFile))];
    }
    if (!view) return [new MessageTreeItem('loading', 'Reading limits…', 'loading~spin')];
    const pending = (id: string) => [new MessageTreeItem(`${id}/loading`, 'Reading…', 'loading~spin')];
    return [
      new SectionTreeItem('limits', 'My limits', 'law', () => [...limitTreeItems(view), ...(this.moreLimitRows?.() ?? [])]),
      new SectionTreeItem(
        'containers',
        'My containers',
        'package',
        () => {
          if (view.engineProblem) return problemRows('containers', view.engineProblem, configFile);
          if (!view.engineView) return loading ? pending('containers') : [];
          // A container the engine would not let us read: named once, under the containers it may belong with.
          const unread = view.unreadableProblem ? problemRows('containers/unreadable', view.unreadableProblem, configFile) : [];
          const waiting = this.model.waiting.map(
            (r) => new MessageTreeItem(`waiting/${r.id}`, `${r.name}: waiting for ${plural(r.gpus, 'GPU')} (number ${r.position} in the queue)`, 'watch'),
          );
          if (view.containers.length === 0)
            return [...waiting, new MessageTreeItem('containers/none', 'No containers: run "DS01: Deploy Container"'), ...unread];
          return [
            ...waiting,
            ...view.containers.map((c) => new ContainerTreeItem(c, view.inventory, this.lifecycleOf?.(c.id, c.displayName), this.model.activity(c.id))),
            ...unread,
          ];
        },
        view.engineView ? String(view.containers.length) : undefined,
      ),
      new SectionTreeItem('images', 'My images', 'package', () => {
        if (view.engineProblem) return problemRows('images', view.engineProblem, configFile);
        if (images.problem) return problemRows('images', images.problem, configFile);
        if (images.rows === null) return pending('images');
        if (images.rows.length === 0) return [new MessageTreeItem('images/none', 'No images: run "DS01: Build Image" on a project folder')];
        const now = new Date();
        return images.rows.map((r) => new ImageTreeItem(r, now));
      }),
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

interface TreeSnapshot {
  roots: Ds01TreeItem[];
  kids: Map<string, Ds01TreeItem[]>;
  items: Map<string, Ds01TreeItem>;
  signatures: Map<string, string>;
}

function snapshot(roots: Ds01TreeItem[]): TreeSnapshot {
  const s: TreeSnapshot = { roots, kids: new Map(), items: new Map(), signatures: new Map() };
  const walk = (items: Ds01TreeItem[]) => {
    for (const item of items) {
      s.items.set(item.id, item);
      s.signatures.set(item.id, signature(item));
      if (item.children) {
        const kids = item.children();
        s.kids.set(item.id, kids);
        walk(kids);
      }
    }
  };
  walk(roots);
  return s;
}

function sameIds(a: Ds01TreeItem[], b: Ds01TreeItem[]): boolean {
  return a.length === b.length && a.every((x, i) => x.id === b[i].id);
}

function descendants(s: TreeSnapshot, id: string): string[] {
  return (s.kids.get(id) ?? []).flatMap((k) => [k.id, ...descendants(s, k.id)]);
}

/** Everything of a row a user can see, its lazy tooltip included. */
function signature(item: Ds01TreeItem): string {
  const icon = item.iconPath instanceof vscode.ThemeIcon ? `${item.iconPath.id}/${(item.iconPath.color as { id?: string } | undefined)?.id ?? ''}` : '';
  const tip = item.resolveTooltip ? item.resolveTooltip() : item.tooltip;
  return JSON.stringify([
    typeof item.label === 'string' ? item.label : item.label?.label,
    item.description,
    icon,
    item.contextValue,
    item.collapsibleState,
    item.command?.command,
    JSON.stringify(item.command?.arguments ?? null),
    typeof tip === 'string' ? tip : (tip?.value ?? ''),
  ]);
}
