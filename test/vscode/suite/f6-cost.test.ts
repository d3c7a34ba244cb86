// What a window costs the shared host: nvidia-smi runs only while the figures are visible and the window is
// focused, at the configured interval, one at a time (counted by the extension and by the fixture's log).
// A reading of this MIG-off host is two nvidia-smi processes: the GPU and the compute-app CSV queries.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, hostDir } from './ds01';

const logged = () =>
  readFileSync(join(hostDir(), 'smi', 'runs.log'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
/** Every nvidia-smi process the window started. */
const smiRuns = () => logged().length;
/** Readings: each starts with the GPU query (then the compute apps: two processes on this MIG-off host). */
const readings = () => logged().filter((l) => l.includes(' --query-gpu=')).length;

describe('cost on a shared host', () => {
  it('reads nvidia-smi at most once per interval while visible and focused, and not when the status bar is hidden and the tree closed', async function () {
    this.timeout(60_000);
    const ds01 = await api();
    const config = vscode.workspace.getConfiguration('ds01');
    await config.update('gpuRefreshSeconds', 1, vscode.ConfigurationTarget.Global);
    const windowS = 6;
    try {
      const c0 = ds01.counters();
      const p0 = smiRuns();
      const r0 = readings();
      await new Promise((r) => setTimeout(r, windowS * 1000));
      const c1 = ds01.counters();
      const runs = c1.nvidiaSmiRuns - c0.nvidiaSmiRuns;
      const processes = smiRuns() - p0;
      const reads = readings() - r0;
      console.log(
        `ds01-figure visible focused=${c1.windowFocused} treeVisible=${c1.treeVisible} pollActive=${c1.gpuPollActive} nvidia_smi_runs=${runs} processes=${processes} readings=${reads} in ${windowS}s at 1s`,
      );
      assert.ok(reads <= windowS + 1, `${reads} readings in ${windowS} s at a 1 s interval`);
      assert.equal(processes, runs, 'every nvidia-smi process is counted, and no other process ran');
      assert.equal(processes, reads, 'a reading of this idle MIG-off host is one CSV query: never -q -x, and no compute apps while no GPU memory is in use');
      if (c1.windowFocused) assert.ok(reads >= windowS - 2, `only ${reads} readings in ${windowS} s while visible and focused`);

      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await config.update('showStatusBar', false, vscode.ConfigurationTarget.Global);
      await new Promise((r) => setTimeout(r, 500));
      const c2 = ds01.counters();
      const p2 = smiRuns();
      assert.equal(c2.gpuPollActive, false, 'polling with nothing visible');
      await new Promise((r) => setTimeout(r, 3000));
      const hiddenRuns = ds01.counters().nvidiaSmiRuns - c2.nvidiaSmiRuns;
      console.log(`ds01-figure hidden nvidia_smi_runs=${hiddenRuns} processes=${smiRuns() - p2} in 3s at 1s`);
      // A settings change re-reads once (new nvidia-smi path perhaps: two processes); after that nothing.
      assert.ok(hiddenRuns <= 2, `${hiddenRuns} runs while nothing shows the figures`);
    } finally {
      await config.update('showStatusBar', undefined, vscode.ConfigurationTarget.Global);
      await config.update('gpuRefreshSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('overlapping GPU reads (Refresh, the poller, a command) share one nvidia-smi run', async function () {
    this.timeout(30_000);
    const ds01 = await api();
    const config = vscode.workspace.getConfiguration('ds01');
    // Nothing shows the figures: the poller stays out of the count (the settings change reads once, awaited).
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await config.update('showStatusBar', false, vscode.ConfigurationTarget.Global);
    try {
      await new Promise((r) => setTimeout(r, 500));
      await ds01.readGpus();
      const c0 = ds01.counters();
      const p0 = smiRuns();
      await Promise.all([ds01.readGpus(), vscode.commands.executeCommand('ds01.refresh'), ds01.readGpus()]);
      const runs = ds01.counters().nvidiaSmiRuns - c0.nvidiaSmiRuns;
      assert.equal(runs, 1, `${runs} nvidia-smi runs for three overlapping requests: one reading, one CSV query (idle host)`);
      assert.equal(smiRuns() - p0, 1, 'nvidia-smi processes');
      await ds01.readGpus();
      assert.equal(ds01.counters().nvidiaSmiRuns - c0.nvidiaSmiRuns, 2, 'a request after the shared read has settled reads again');
    } finally {
      await config.update('showStatusBar', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
