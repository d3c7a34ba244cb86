// FOR TESTS ONLY: what activate() returns in a test run (context.extensionMode === Test: the suite's launcher
// loads the extension for development with a tests path; an installed extension in a user's window is Production
// and gets undefined). Not an API for other extensions. Tests drive the extension through its commands and check
// effects a user sees (containers, files, diagnostics); what stays here has no door a test can read:
// - statusBar, treeRows: VS Code gives no extension the text of another's status bar item or tree rows; the page
//   can be read only through the code-server launcher (@browser), and the same suite runs in desktop VS Code.
// - onDidShowQuickInput: the live QuickPick/InputBox to answer; the API cannot reach another extension's widget.
// - lifecycle.notices/onDidShow, failures.onDidShow: the notifications with their kind and container (a toast's
//   text is readable only from the page, @browser, and not at all in desktop VS Code).
// - lifecycle.setNow: a settable clock, made only in a test run, to see a warning that would come hours later.
// - lifecycle.views: the lifecycle model under that clock (`ds01 container list --json` runs on the wall clock).
// - lifecycle.refresh, readGpus: one read of the lifecycle inputs / of nvidia-smi, as the timers do, awaited.
// - failures.closeBursts: separates one test's CUDA failure from the previous test's notification.
// - resumeWaits: what a window reload does (the test runs in the window it would reload).
// - buildLog: a terminal's text (no API reads a terminal's output).
// - activationMs, countersAtActivation, counters: the cost figures (engine calls, nvidia-smi runs, streams, redraws).
import * as vscode from 'vscode';
import { stripEscapes } from '../core/cuda-failure/line-splitter';
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
  /** Follows every GPU wait this user started from any window (what activation does after a reload). */
  resumeWaits(): Promise<unknown[]>;
  /** Reads nvidia-smi once, as the poller's tick does (Refresh also scans the engine). */
  readGpus(): Promise<void>;
  counters(): TestCounters;
  /** Fires with each live QuickPick / InputBox the extension shows. */
  onDidShowQuickInput: vscode.Event<QuickInput>;
  /** The build terminal's lines of the latest build (escape codes stripped) and its first line's delay. */
  buildLog(): { lines: string[]; firstLineDelayMs: number | null };
  lifecycle: {
    /** Countdowns and warnings (and the idle GPU clock, at each GPU reading) are computed for this time (null: the wall clock again). */
    setNow(at: Date | null): void;
    /** Reads the engine again for the lifecycle inputs (StartedAt, keep-alive), then recomputes. */
    refresh(): Promise<void>;
    notices(): ShownLifecycleNotice[];
    onDidShow: vscode.Event<ShownLifecycleNotice>;
    /** Per container id, the model's record as `ds01 container list --json` gives it. */
    views(): Record<string, Lifecycle>;
  };
  failures: {
    onDidShow: vscode.Event<ShownFailureNotice>;
    /** Starts a new burst, so a test's failure is not merged into the previous test's notification. */
    closeBursts(): void;
  };
}

/** What the window has cost: the host state's counters and the extension's own. */
export type TestCounters = Counters & {
  engineCallsTotal: number;
  gpuPollActive: boolean;
  treeVisible: boolean;
  windowFocused: boolean;
  /** Engine calls made for lifecycle inputs (their own connection, apart from engineCalls). */
  lifecycleEngineCalls: number;
  /** Engine log streams the log editors hold open now. */
  logStreams: number;
  /** Engine stats streams open now for the rows, and opened since activation. */
  statsStreams: { open: number; opened: number };
  /** How often each tree row was redrawn since activation (by id; '*' the whole tree). */
  treeRedraws: Record<string, number>;
};

/** The clock of a test run: the wall clock until a test fixes a time. */
export class SettableClock implements Clock {
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }

  set(at: Date | null): void {
    this.fixed = at ? new Date(at.getTime()) : null;
  }
}

export function treeRows(provider: Ds01TreeProvider): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (items: Ds01TreeItem[], depth: number) => {
    for (const item of items) {
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      rows.push({
        id: item.id,
        label,
        description: typeof item.description === 'string' ? item.description : '',
        depth,
        contextValue: item.contextValue,
        command: item.command?.command,
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
  clock: SettableClock;
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
    buildLog: () => ({ lines: p.images.log.lines.map((l) => stripEscapes(l)), firstLineDelayMs: p.images.log.firstLineDelayMs }),
    resumeWaits: p.resumeWaits,
    readGpus: () => state.readGpus(),
    counters: () => ({
      ...state.counters,
      engineCalls: { ...state.counters.engineCalls },
      engineCallsTotal: p.engineCallsTotal(),
      gpuPollActive: poller.active,
      treeVisible: treeView.visible,
      windowFocused: vscode.window.state.focused,
      lifecycleEngineCalls: lifecycle.engineCalls,
      logStreams: p.logDocs.open,
      statsStreams: { open: p.liveUse.open, opened: p.liveUse.opened },
      treeRedraws: Object.fromEntries(tree.fired),
    }),
    onDidShowQuickInput: p.prompter.onDidShow,
    lifecycle: {
      setNow: (at) => {
        clock.set(at);
        lifecycle.recompute();
      },
      refresh: () => lifecycle.refresh(),
      notices: () => [...notices.shown],
      onDidShow: notices.onDidShow,
      views: () => Object.fromEntries([...lifecycle.views()].map(([id, v]) => [id, v.lifecycle])),
    },
    failures: {
      onDidShow: failures.reporter.onDidShow,
      closeBursts: () => failures.reporter.closeBursts(),
    },
  };
}
