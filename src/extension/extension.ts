// Wiring only: builds the pieces and connects them. Nothing here reads the engine or nvidia-smi before the
// first paint: the first reads are started from a timer after activate() has returned.
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { pendingWaits } from '../host/allocation/wait-files';
import { followWait } from './wait-runner';
import { registerCommands } from './commands/register';
import { LIMITS_SCHEME, LimitsDocument } from './commands/show-limits';
import type { Ds01Context } from './context';
import { watchFailures } from './cuda-failure';
import { DevcontainerDiagnostics } from './devcontainer/diagnostics';
import { LOGS_SCHEME, LogDocuments } from './container-logs/log-documents';
import { PauseClock } from './pause/pause-clock';
import { StatsWatch } from './container-stats/stats-watch';
import { DiskRow } from './disk-quota/disk-row';
import { Relays } from './ports/relays';
import { GpuPoller } from './gpu-poller';
import { HostState } from './host-state';
import { wallClock } from './lifecycle/clock';
import { LifecycleNotices } from './lifecycle/lifecycle-notices';
import { LifecycleWatch } from './lifecycle/lifecycle-watch';
import { lifecycleRow } from './lifecycle/row-text';
import { Prompter } from './prompter';
import { createImageOutputs } from './images/run-build';
import { affectsDs01, hostEnv, readSettings } from './settings';
import { Ds01StatusBar } from './status-bar';
import { buildTestApi, SettableClock, type Ds01TestApi } from './test-api';
import { Ds01TreeProvider, TREE_VIEW_ID } from './tree/Ds01TreeProvider';
import { TreeModel } from './tree-model/tree-model';

export function activate(context: vscode.ExtensionContext): Ds01TestApi | undefined {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('DS01', { log: true });
  let settings = readSettings();
  const state = new HostState(hostEnv(settings), log);
  const prompter = new Prompter();
  const images = createImageOutputs();
  const relays = new Relays();
  const ctx: Ds01Context = { state, prompter, log, settings: () => settings, images, relays };

  // A test run (the suite's launcher) gets the test API and a clock it can set; a user's window gets neither.
  const testClock = context.extensionMode === vscode.ExtensionMode.Test ? new SettableClock() : null;
  const clock = testClock ?? wallClock;
  const lifecycle = new LifecycleWatch(state, clock, log);
  const notices = new LifecycleNotices(state, lifecycle, () => settings.lifecycleWarnMinutes, log, context.globalState);
  ctx.lifecycleChanged = () => {
    void lifecycle.refresh();
  };
  ctx.keepAliveOf = (id) => lifecycleRow(lifecycle, id)?.keepAlive;
  const statusBar = new Ds01StatusBar(state);
  statusBar.lifecycleWarning = () => notices.pending?.text ?? null;
  statusBar.show(settings.showStatusBar);
  ctx.refused = (text) => statusBar.refused(text);
  const pauses = new PauseClock(state);
  const liveUse = new StatsWatch(state, log);
  const disk = new DiskRow(state, log);
  // A finished read of the images redraws only the rows that changed.
  const model = new TreeModel(state, { idleGpuMinutes: () => settings.idleGpuMinutes, imagesRead: () => tree.refresh(), now: () => clock.now().getTime() });
  const tree = new Ds01TreeProvider(
    state,
    model,
    (id, name) => liveUse.row(id, pauses.row(id, lifecycleRow(lifecycle, id, name))),
    () => disk.rows(),
  );
  const treeView = vscode.window.createTreeView(TREE_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const limitsDoc = new LimitsDocument(ctx);
  const failures = watchFailures(ctx);
  const devcontainers = new DevcontainerDiagnostics(ctx);
  ctx.commandSucceeded = (commandLine) => failures.diagnostics.clearCommand(commandLine);
  const logDocs = new LogDocuments(ctx);

  const poller = new GpuPoller({ intervalMs: settings.gpuRefreshSeconds * 1000, read: () => state.readGpus() });
  const pollConditions = () => {
    poller.update({ visible: statusBar.visible || treeView.visible, focused: vscode.window.state.focused });
    liveUse.update(treeView.visible, vscode.window.state.focused);
    if (state.view) {
      disk.update(treeView.visible);
      model.images.update(treeView.visible);
    }
  };
  // Subscribes to the engine (its acceptance triggers a scan) and polls; a window without focus or with the
  // figures hidden still gets them read once.
  const readHost = () => {
    state.start();
    pollConditions();
    if (!poller.active) void state.readGpus();
  };
  // Lifecycle inputs are read again only when the containers were scanned again, not on nvidia-smi reads.
  let scansSeen = -1;
  const engineCallsTotal = () => Object.values(state.counters.engineCalls).reduce((a, b) => a + b, 0);

  context.subscriptions.push(
    log,
    state,
    prompter,
    statusBar,
    treeView,
    poller,
    failures,
    devcontainers,
    lifecycle,
    notices,
    images,
    images.imagesChanged.event(() => model.images.invalidate()),
    vscode.workspace.registerTextDocumentContentProvider(LIMITS_SCHEME, limitsDoc),
    logDocs,
    vscode.workspace.registerTextDocumentContentProvider(LOGS_SCHEME, logDocs),
    ...registerCommands(ctx),
    state.onDidChange(() => {
      statusBar.render();
      // A host found to have no DS01 hides the status bar: no nvidia-smi for it either.
      pollConditions();
      // The tree's own reads (queue, GPU processes, the idle clock) follow every reading, shown or not.
      model.refresh();
      tree.refresh();
      limitsDoc.refresh();
      if (state.counters.scans !== scansSeen) {
        scansSeen = state.counters.scans;
        // Which containers use which image is part of an image row.
        model.images.invalidate();
        void lifecycle.refresh();
        notices.checkAlerts();
        pauses.onScan();
      }
    }),
    lifecycle.onDidChange(() => {
      statusBar.render();
      tree.refresh();
      notices.checkAlerts();
    }),
    state.onContainerEvents((events) => notices.onEngineEvents(events)),
    relays,
    liveUse,
    liveUse.onDidChange(() => tree.refresh()),
    disk,
    disk.onDidChange(() => tree.refresh()),
    pauses,
    state.onContainerEvents((events) => pauses.onEngineEvents(events)),
    pauses.onDidChange(() => tree.refresh()),
    treeView.onDidChangeVisibility(pollConditions),
    vscode.window.onDidChangeWindowState(pollConditions),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsDs01(e)) return;
      settings = readSettings();
      log.info(`settings changed: ${JSON.stringify(settings)}`);
      statusBar.show(settings.showStatusBar);
      poller.setInterval(settings.gpuRefreshSeconds * 1000);
      failures.reconfigure();
      state.reconfigure(hostEnv(settings));
      readHost();
    }),
  );

  // GPU waits started before a window reload are detached processes: follow them again.
  const resumeWaits = () => Promise.all(pendingWaits(state.env).map((name) => followWait(ctx, name)));
  // After the first paint: nothing above has read the engine or nvidia-smi.
  const first = setTimeout(() => {
    readHost();
    void resumeWaits();
    void devcontainers.checkWorkspace();
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(first) });

  const activationMs = performance.now() - started;
  const countersAtActivation = {
    nvidiaSmiRuns: state.counters.nvidiaSmiRuns,
    engineCallsTotal: engineCallsTotal(),
  };
  log.info(
    `activated in ${activationMs.toFixed(1)} ms; engine ${state.engine.endpoint}, nvidia-smi every ${settings.gpuRefreshSeconds} s while visible and focused`,
  );
  if (!testClock) return undefined;
  return buildTestApi({
    activationMs,
    countersAtActivation,
    engineCallsTotal,
    resumeWaits,
    state,
    prompter,
    statusBar,
    tree,
    treeView,
    poller,
    clock: testClock,
    lifecycle,
    notices,
    failures,
    images,
    logDocs,
    liveUse,
  });
}

export function deactivate(): void {}
