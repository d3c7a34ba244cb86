// Runs the suite in out/test/ inside code-server's real extension host, seen through headless chromium.
// Usage: node --import tsx test/vscode/launch.ts [--timeout S] [--screenshots DIR] [--keep-open S]
//        [--env NAME=VALUE]... [--keep-temp] [--vsix FILE]
// Exits 0 when every test passed, 1 when some failed, 2 when the run itself broke (timeout, no result).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { installVsix, isolatedHome, startCodeServer, type CodeServer } from './code-server';
import { openWorkbench, type Workbench } from './browser';
import { EXPECTED_ENV_ENV, INSTALLED_EXTENSION_ENV, REPO_ENV, RESULT_FILE_ENV, SCREENSHOT_DIR_ENV, type SuiteResult } from './protocol';
import { readVscodeTools } from './tools';

interface Options {
  timeoutS: number;
  screenshotDir?: string;
  keepOpenS: number;
  env: Record<string, string>;
  keepTemp: boolean;
  /** Install this .vsix with code-server and test that installed copy instead of the repo. */
  vsix?: string;
}

const USAGE = 'usage: launch.ts [--timeout S] [--screenshots DIR] [--keep-open S] [--env NAME=VALUE]... [--keep-temp] [--vsix FILE]';

function parseArgs(argv: string[]): Options {
  const options: Options = { timeoutS: 300, keepOpenS: 0, env: {}, keepTemp: false };
  const value = (i: number) => {
    if (argv[i + 1] === undefined) fail(`${argv[i]} needs a value; ${USAGE}`);
    return argv[i + 1];
  };
  const seconds = (i: number) => {
    const n = Number(value(i));
    if (!Number.isFinite(n) || n < 0) fail(`${argv[i]} wants seconds, got ${JSON.stringify(argv[i + 1])}; ${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--timeout') options.timeoutS = seconds(i++);
    else if (arg === '--keep-open') options.keepOpenS = seconds(i++);
    else if (arg === '--screenshots') options.screenshotDir = resolve(value(i++));
    else if (arg === '--keep-temp') options.keepTemp = true;
    else if (arg === '--vsix') options.vsix = resolve(value(i++));
    else if (arg === '--env') {
      const pair = value(i++);
      const eq = pair.indexOf('=');
      if (eq < 1) fail(`--env wants NAME=VALUE, got ${JSON.stringify(pair)}`);
      options.env[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else fail(`unknown option ${arg}; ${USAGE}`);
  }
  return options;
}

function fail(message: string): never {
  console.error(`vscode launcher: ${message}`);
  process.exit(2);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const repo = resolve(__dirname, '..', '..');
  const testsEntry = join(repo, 'out', 'test', 'index.js');
  if (!existsSync(testsEntry)) fail(`${testsEntry} is missing: build it with \`node test/vscode/build.mjs\``);
  if (options.vsix && !existsSync(options.vsix)) fail(`${options.vsix} is missing: make it with \`npm run package\``);
  if (!options.vsix && !existsSync(join(repo, 'dist', 'extension.js'))) fail('dist/extension.js is missing: build it with `node esbuild.mjs`');
  let tools;
  try {
    tools = readVscodeTools();
  } catch (err) {
    fail((err as Error).message);
  }

  const temp = mkdtempSync(join(tmpdir(), 'ds01-vscode-'));
  const workspace = join(temp, 'workspace');
  mkdirSync(workspace);
  const screenshotDir = options.screenshotDir ?? join(temp, 'screenshots');
  const resultFile = join(temp, 'result.json');
  const home = isolatedHome(temp);
  // What the suite checks it received; the files the suite writes to are not part of it.
  const expected = { ...home, ...options.env };
  const env: Record<string, string> = {
    ...expected,
    [EXPECTED_ENV_ENV]: JSON.stringify(expected),
    [RESULT_FILE_ENV]: resultFile,
    [REPO_ENV]: repo,
    [SCREENSHOT_DIR_ENV]: screenshotDir,
  };

  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  const cleanup = async () => {
    await workbench?.close();
    await server?.stop();
    if (!options.keepTemp) rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
    else console.log(`vscode launcher: kept ${temp}`);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }

  const started = Date.now();
  try {
    // What ships is what is tested: the suite then runs against the folder code-server unpacked the .vsix to.
    let extensionPath = repo;
    let testsPath = testsEntry;
    if (options.vsix) {
      extensionPath = await installVsix(tools, temp, options.vsix, home);
      env[INSTALLED_EXTENSION_ENV] = extensionPath;
      // VS Code gives test code the API of the extension whose folder holds it (notebook controllers,
      // diagnostics are attributed by that): the suite goes next to the installed extension's files.
      cpSync(dirname(testsEntry), join(extensionPath, 'out', 'test'), { recursive: true });
      testsPath = join(extensionPath, 'out', 'test', 'index.js');
      console.log(`vscode launcher: installed ${options.vsix} into ${extensionPath} in ${Date.now() - started} ms`);
    }
    server = await startCodeServer({ tools, temp, workspace, env });
    console.log(`vscode launcher: code-server ${server.url} up after ${Date.now() - started} ms (log ${server.logFile})`);
    const remote = (path: string) => `vscode-remote://127.0.0.1:${server!.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(testsPath)],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    workbench = await openWorkbench({ chromiumPath: tools.chromium, url, screenshotDir, log: (l) => console.log(l) });

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), options.timeoutS * 1000)));
    const code = await Promise.race([workbench.exitCode, timedOut]);
    clearTimeout(timer);
    if (code === 'timeout') {
      console.error(`vscode launcher: the suite reported no result within ${options.timeoutS} s (raise --timeout, or see ${server.logFile} with --keep-temp)`);
      await workbench.screenshot('timeout.png').catch(() => {});
      return 2;
    }
    if (options.keepOpenS > 0) {
      console.log(`vscode launcher: keeping the page open ${options.keepOpenS} s`);
      await workbench.page.waitForTimeout(options.keepOpenS * 1000);
    }
    return report(code, resultFile, Date.now() - started);
  } catch (err) {
    console.error(`vscode launcher: ${(err as Error).message}`);
    return 2;
  } finally {
    await cleanup();
  }
}

function report(code: number, resultFile: string, ms: number): number {
  if (!existsSync(resultFile)) {
    console.error(`vscode launcher: the workbench exited with ${code} but the suite wrote no ${resultFile} (did run() start?)`);
    return 2;
  }
  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as SuiteResult;
  for (const t of result.tests.filter((t) => t.state === 'failed')) console.log(`FAILED ${t.title}\n${t.error}`);
  console.log(`=== vscode suite: ${result.passed} passing, ${result.failed} failing (exit ${code}, ${(ms / 1000).toFixed(1)} s)`);
  return code === 0 && result.failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
