// The same suite in desktop VS Code (Electron), for machines where @vscode/test-electron can download it
// or where VS Code is installed. Not part of `npm test`: CI machines cannot reach the download servers.
// Usage: node test/vscode/build.mjs && node esbuild.mjs &&
//        node --import tsx test/vscode/run-electron.ts [--vscode PATH_TO_CODE_EXECUTABLE] [--env NAME=VALUE]...
// Tests tagged @browser need the code-server launcher's browser side and are left out here.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { EXPECTED_ENV_ENV, RESULT_FILE_ENV } from './protocol';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const env: Record<string, string> = {};
  let vscodeExecutablePath: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--vscode' && argv[i + 1]) vscodeExecutablePath = argv[++i];
    else if (argv[i] === '--env' && argv[i + 1]?.includes('=')) {
      const pair = argv[++i];
      env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
    } else {
      console.error(`run-electron: unknown or incomplete option ${argv[i]}; usage: run-electron.ts [--vscode PATH] [--env NAME=VALUE]...`);
      return 2;
    }
  }
  const expected = { DS01_TEST_PROBE: 'passed-by-run-electron', ...env };
  const repo = resolve(__dirname, '..', '..');
  const temp = mkdtempSync(join(tmpdir(), 'ds01-electron-'));
  const workspace = join(temp, 'workspace');
  mkdirSync(workspace);
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repo,
      extensionTestsPath: join(repo, 'out', 'test', 'index.js'),
      extensionTestsEnv: {
        ...expected,
        [EXPECTED_ENV_ENV]: JSON.stringify(expected),
        [RESULT_FILE_ENV]: join(temp, 'result.json'),
        DS01_TEST_GREP: '@browser',
        DS01_TEST_GREP_INVERT: '1',
      },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(temp, 'user-data')],
    });
    return 0;
  } catch (err) {
    console.error(`run-electron: ${(err as Error).message}`);
    return 1;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
