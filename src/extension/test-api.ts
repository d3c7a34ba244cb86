// FOR TESTS ONLY: what activate() returns, so the in-VS Code suite can read what a user sees (status bar,
// tree rows), the cost counters, and answer the real quick inputs. Not an API for other extensions.
import * as vscode from 'vscode';
import type { FailureWatch } from './cuda-failure';
import type { ShownFailureNotice } from './cuda-failure/sighting';
import type { GpuPoller } from './gpu-poller';
import type { Clock } from './lifecycle/clock';
import type { LifecycleNotices } from './lifecycle/lifecycle-notices';
import type { LifecycleWatch } from './lifecycle/lifecycle-watch';
import type { Ds01StatusBar } from './status-bar';
import type { ImageOutputs } from './images/run-build';
import type { Lifecycle } from '../core/lifecycle';
import type { Counters, ReadonlyHostState } from './host-state';
import type { ShownLifecycleNotice } from './lifecycle/lifecycle-notices';
import type { Prompter, QuickInput } from './prompter';
import type { Ds01TreeItem } from './tree/Ds01TreeItem';
import type { Ds01TreeProvider } from './tree/Ds01TreeProvider';

export interface StatusBarSnapshot {
  text: string;
  tooltip: string;
  /** The ThemeColor id of the background, e.g. 'statusBarItem.warningBackground'; undefined = normal. */
  background: string | undefined;
  visible: boolean;
}

export interface TreeRow {
  id: string;
  label: string;
  description: string;
  depth: number;
  contextValue: string | undefined;
  /** The command a click runs (error rows carry their action here). */
  command: string | undefined;
  /** The tooltip's text as a hover shows it (a lazy one resolved). */
  tooltip: string;
}

export interface Ds01TestApi {
  /** Milliseconds spent inside activate(), measured in the extension host. */
  activationMs: number;
  /** Counters as they stood when activate() returned: both must be 0 (nothing before the first paint). */
  countersAtActivation: { nvidiaSmiRuns: number; engineCallsTotal: number };
  statusBar(): StatusBarSnapshot;
  treeRows(): TreeRow[];
  /** How often each tree row was redrawn since activation (by id; '*' the whole tree). */
  treeRedraws(): Record<string, number>;
  /** Follows every GPU wait this user started from any window (what activation does after a reload). */
  resumeWaits(): Promise<unknown[]>;
  counters(): Counters & { engineCallsTotal: number; gpuPollActive: boolean; treeVisible: boolean; windowFocused: boolean };
  /** Fires with each live QuickPick / InputBox the extension shows. */
  onDidShowQuickInput: vscode.Event<QuickInput>;
  /** Fires after every recomposition of the view (a scan, an nvidia-smi read, a settings change). */
  onDidChangeState: vscode.Event<void>;
  state: ReadonlyHostState;
  /** The build terminal's lines of the latest build (escape codes stripped) and its first line's delay. */
  buildLog(): { lines: string[]; firstLineDelayMs: number | null };
  lifecycle: {
    /** The clock hook: countdowns and warnings (and the idle GPU clock, at each GPU reading) are computed for this time (null: the wall clock again). */
    setNow(at: Date | null): void;
    /** Reads the engine again for the lifecycle inputs (StartedAt, keep-alive), then recomputes. */
    refresh(): Promise<void>;
    notices(): ShownLifecycleNotice[];
    onDidShow: vscode.Event<ShownLifecycleNotice>;
    /** Per container id, the model's record as `ds01 container list --json` gives it. */
    views(): Record<string, Lifecycle>;
    /** Engine calls made for lifecycle inputs (its own connection, apart from the tree's counters). */
    engineCalls(): number;
    checkAlerts(): void;
  };
  /** Engine log streams the log editors hold open now. */
  logStreams(): number;
  /** Engine stats streams open now for the rows, and opened since activation. */
  statsStreams(): { open: number; opened: number };
  failures: {
    /** Every CUDA-failure notification shown (oldest first), with the actions it offered. */
    notices(): ShownFailureNotice[];
    onDidShow: vscode.Event<ShownFailureNotice>;
    /** Starts a new burst, so a test's failure is not merged into the previous test's notification. */
    closeBursts(): void;
    /** The DS01 diagnostics on a file. */
    diagnostics(uri: vscode.Uri): vscode.Diagnostic[];
  };
}

export function treeRows(provider: Ds01TreeProvider): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (items: Ds01TreeItem[], depth: number) => {
    for (const item of items) {
      const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
      rows.push({
        id: item.id, label, description: typeof item.description === 'string' ? item.description : '', depth,
        contextValue: item.contextValue, command: item.command?.command,
        tooltip: tooltipText(item.resolveTooltip ? item.resolveTooltip() : item.tooltip),
      });
      walk(provider.peekChildren(item), depth + 1);
    }
  };
  walk(provider.peekChildren(), 0);
  return rows;
}

export function tooltipText(tooltip: string | vscode.MarkdownString | undefined): string {
  return tooltip === undefined ? '' : typeof tooltip === 'string' ? tooltip : tooltip.value;
}

/** The pieces activate() wired, for buildTestApi. */
export interface TestApiParts {
  activationMs: number;
  countersAtActivation: Ds01TestApi['countersAtActivation'];
  engineCallsTotal: () => number;
  resumeWaits: () => Promise<unknown[]>;
  state: ReadonlyHostState;
  prompter: Prompter;
  statusBar: Ds01StatusBar;
  tree: Ds01TreeProvider;
  treeView: vscode.TreeView<Ds01TreeItem>;
  poller: GpuPoller;
  clock: Clock;
  lifecycle: LifecycleWatch;
  notices: LifecycleNotices;
  failures: FailureWatch;
  images: ImageOutputs;
  logDocs: { open: number };
  liveUse: { open: number; opened: number };
}

export function buildTestApi(p: TestApiParts): Ds01TestApi {
  const { state, statusBar, tree, treeView, poller, clock, lifecycle, notices, failures } = p;
  return {
    activationMs: p.activationMs,
    countersAtActivation: p.countersAtActivation,
    statusBar: () => ({
      text: statusBar.item.text,
      tooltip: tooltipText(statusBar.item.tooltip),
      // ThemeColor.id exists at run time; @types/vscode 1.93 (our floor) does not declare it.
      background: (statusBar.item.backgroundColor as { id?: string } | undefined)?.id,
      visible: statusBar.visible,
    }),
    treeRows: () => treeRows(tree),
    treeRedraws: () => Object.fromEntries(tree.fired),
    // eslint-disable-next-line no-control-regex
    buildLog: () => ({ lines: p.images.log.lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, '')), firstLineDelayMs: p.images.log.firstLineDelayMs }),
    logStreams: () => p.logDocs.open,
    statsStreams: () => ({ open: p.liveUse.open, opened: p.liveUse.opened }),
    resumeWaits: p.resumeWaits,
    counters: () => ({
      ...state.counters,
      engineCalls: { ...state.counters.engineCalls },
      engineCallsTotal: p.engineCallsTotal(),
      gpuPollActive: poller.active,
      treeVisible: treeView.visible,
      windowFocused: vscode.window.state.focused,
    }),
    onDidShowQuickInput: p.prompter.onDidShow,
    onDidChangeState: state.onDidChange,
    state,
    lifecycle: {
      setNow: (at) => { clock.set(at); lifecycle.recompute(); },
      refresh: () => lifecycle.refresh(),
      notices: () => [...notices.shown],
      onDidShow: notices.onDidShow,
      views: () => Object.fromEntries([...lifecycle.views()].map(([id, v]) => [id, v.lifecycle])),
      engineCalls: () => lifecycle.engineCalls,
      checkAlerts: () => notices.checkAlerts(),
    },
    failures: {
      notices: () => [...failures.reporter.notices],
      onDidShow: failures.reporter.onDidShow,
      closeBursts: () => failures.reporter.closeBursts(),
      diagnostics: (uri) => [...(failures.diagnostics.collection.get(uri) ?? [])],
    },
  };
}
