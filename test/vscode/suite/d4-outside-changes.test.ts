// The tree follows the engine's events: a container deployed from the CLI (a real process) appears without
// any command, and each burst of events costs one scan. Figures for the report are printed as ds01-figure.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { api, removeAllContainers, REPO, statusText, waitFor, BUSYBOX } from './ds01';
import * as vscode from 'vscode';

const run = promisify(execFile);

describe('changes made outside VS Code', () => {
  before(async () => {
    await removeAllContainers();
  });
  after(async () => {
    await removeAllContainers();
  });

  it('shows a container deployed from the CLI, one scan per burst of engine events', async () => {
    const ds01 = await api();
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    await new Promise((r) => setTimeout(r, 500));
    const before = ds01.counters();
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const { stdout } = await run(
      process.execPath,
      [join(REPO, 'dist', 'cli.js'), 'container', 'deploy', 'from-cli', '--image', BUSYBOX, '--gpus', '0', '--workspace', workspace, '--json'],
      { env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
    );
    const id = (JSON.parse(stdout) as { id: string }).id;
    const row = await waitFor('the CLI container in the tree', () => ds01.treeRows().find((r) => r.id === `container/${id}`));
    assert.equal(row.label, 'from-cli');
    await statusText(ds01, '$(chip) GPU 0/4 · containers 1/5');
    await new Promise((r) => setTimeout(r, 1000));
    const after = ds01.counters();
    const bursts = after.eventBursts - before.eventBursts;
    const events = after.containerEvents - before.containerEvents;
    const calls = after.engineCallsTotal - before.engineCallsTotal;
    assert.ok(bursts >= 1 && bursts <= events, `bursts ${bursts}, events ${events}`);
    assert.ok(after.scans - before.scans <= bursts + 1, 'one scan per burst');
    console.log(
      `ds01-figure container_events=${events} bursts=${bursts} engine_calls=${calls} engine_calls_per_event=${(calls / events).toFixed(2)} engine_calls_per_burst=${(calls / bursts).toFixed(2)}`,
    );
  });
});
