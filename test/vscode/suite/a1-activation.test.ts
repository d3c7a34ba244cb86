import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { requestScreenshot } from './browser';
import { EXPECTED_ENV_ENV, INSTALLED_EXTENSION_ENV } from '../protocol';
import { api, removeAllContainers, statusText } from './ds01';

const EXTENSION_ID = 'ds01.ds01-gpu-host';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('activation', () => {
  it('finds the extension under development', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded; loaded: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
    assert.equal(ext.packageJSON.main, './dist/extension.js');
  });

  it('is the packaged extension as code-server installed it from the .vsix, not the repo', function () {
    const installed = process.env[INSTALLED_EXTENSION_ENV];
    // Only the desktop runner (run-electron.ts) loads the repo itself.
    if (!installed) this.skip();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(ext.extensionPath, installed);
    assert.ok(existsSync(join(installed, 'dist', 'extension.js')), 'the installed copy has no dist/extension.js');
    assert.ok(!existsSync(join(installed, 'src')), 'the installed copy carries src/: the .vsix ships sources');
  });

  it('activates without error', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('sees in its process environment what the launcher passed to code-server', () => {
    const raw = process.env[EXPECTED_ENV_ENV];
    assert.ok(raw, `${EXPECTED_ENV_ENV} is missing: the extension host did not inherit code-server's environment`);
    const expected = JSON.parse(raw) as Record<string, string>;
    assert.ok(Object.keys(expected).length > 0);
    for (const [name, value] of Object.entries(expected)) {
      assert.equal(process.env[name], value, `process.env.${name}`);
    }
  });
});

describe('workbench in the browser @browser', () => {
  it('gets a PNG screenshot of the workbench from the launcher', async () => {
    const path = await requestScreenshot({ file: 'workbench.png', waitMs: 500 });
    const png = readFileSync(path);
    assert.ok(png.length > 1000, `${path} has only ${png.length} bytes`);
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    // IHDR holds width and height (big-endian) right after the signature and chunk header.
    assert.ok(png.readUInt32BE(16) >= 800 && png.readUInt32BE(20) >= 600, 'screenshot smaller than the viewport');
  });
});

describe('activation cost', () => {
  it('makes no engine call and runs no nvidia-smi inside activate(), and says how long it took', async () => {
    const ds01 = await api();
    assert.deepEqual(ds01.countersAtActivation, { nvidiaSmiRuns: 0, engineCallsTotal: 0 });
    assert.ok(ds01.activationMs > 0 && Number.isFinite(ds01.activationMs));
    console.log(`ds01-figure activation_ms=${ds01.activationMs.toFixed(1)}`);
  });

  it('reads the host after activation: the status bar shows the test user at 0', async () => {
    const ds01 = await api();
    await removeAllContainers();
    await statusText(ds01, '$(chip) GPU 0/4 · containers 0/5');
    assert.equal(ds01.statusBar().background, undefined);
    assert.ok(ds01.statusBar().visible);
  });
});
