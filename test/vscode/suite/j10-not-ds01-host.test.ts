// A user may have the extension on every SSH host they open. Where DS01 is not installed (no limits file at
// /opt/ds01-infra, no ds01.installRoot, no DS01_ROOT) it stays quiet: no status bar item, no error row, one
// plain row saying so and how to point it at an install. The extension host is this process, so the test
// takes DS01_ROOT out of process.env and has the extension read its settings again.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, statusText, waitFor } from './ds01';

const DEFAULT_ROOT = '/opt/ds01-infra';

describe('a host without DS01', () => {
  const savedRoot = process.env.DS01_ROOT;
  const config = () => vscode.workspace.getConfiguration('ds01');

  after(async () => {
    process.env.DS01_ROOT = savedRoot;
    await config().update('installRoot', undefined, vscode.ConfigurationTarget.Global);
    await config().update('images', undefined, vscode.ConfigurationTarget.Global);
  });

  it('shows no status bar item and only a plain "not a DS01 host" row with the setting to point it elsewhere', async function () {
    this.timeout(60_000);
    if (existsSync(DEFAULT_ROOT)) {
      console.log(`NOT RUN: ${DEFAULT_ROOT} exists on this machine, so it is a DS01 host`);
      this.skip();
    }
    const ds01 = await api();
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    delete process.env.DS01_ROOT;
    // Any ds01.* change makes the extension read its settings and the environment again.
    await config().update('images', ['ds01-test/not-ds01:latest'], vscode.ConfigurationTarget.Global);

    await waitFor('the not-a-DS01-host row', () => ds01.treeRows().some((r) => r.id === 'not-ds01'));
    const rows = ds01.treeRows();
    assert.deepEqual(
      rows.map((r) => [r.id, r.label]),
      [
        ['not-ds01', 'This host is not a DS01 host'],
        ['not-ds01/action', 'DS01 installed elsewhere? Set ds01.installRoot (or DS01_ROOT)'],
      ],
    );
    assert.equal(rows[1].command, 'workbench.action.openSettings');
    assert.ok(!rows.some((r) => r.contextValue === 'ds01.problem'), 'an error row is shown');
    assert.equal(ds01.statusBar().visible, false, 'the status bar item is shown');
  });

  it('is not quiet when ds01.installRoot points at a folder without DS01: that is a mistake to show', async function () {
    this.timeout(60_000);
    const ds01 = await api();
    if (ds01.treeRows()[0]?.id !== 'not-ds01') this.skip();
    await config().update('installRoot', '/nonexistent/ds01-install', vscode.ConfigurationTarget.Global);
    const problem = await waitFor('the config error row', () => ds01.treeRows().find((r) => r.id === 'limits/problem'));
    assert.equal(problem.description, 'config-missing');
    assert.match(problem.label, /\/nonexistent\/ds01-install/);
    assert.equal(ds01.statusBar().visible, true);
    assert.equal(ds01.statusBar().text, '$(error) DS01 config');
  });

  it('comes back as a DS01 host when DS01_ROOT names the install again', async () => {
    const ds01 = await api();
    process.env.DS01_ROOT = savedRoot;
    await config().update('installRoot', undefined, vscode.ConfigurationTarget.Global);
    await config().update('images', undefined, vscode.ConfigurationTarget.Global);
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    assert.equal(ds01.statusBar().visible, true);
    assert.ok(!ds01.treeRows().some((r) => r.id.startsWith('not-ds01')), 'the tree shows the host again');
  });
});
