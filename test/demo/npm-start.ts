// The main job as a user runs it: `npm start` exactly as the README says (on a free port, DS01_DEMO_PORT),
// the printed URL opened in headless chromium, the status bar and the tree read off the page, DS01: Deploy
// Container run through the command palette with the demo's own limits file (made for a large host) on
// whatever machine this is, the sample project's Build Image and Open Folder in GPU Container, then Ctrl-C (SIGINT to the npm process) and nothing left behind.
// Prints one line per check and ends with "demo: N passed, M failed".
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Dockerode from 'dockerode';
import type { Page } from 'playwright-core';
import { openWorkbench, type Workbench } from '../vscode/browser';
import { freePort } from '../vscode/code-server';
import { readVscodeTools } from '../vscode/tools';
import { waitFor as poll } from '../vscode/wait-for';

// The demo polls every 250 ms: each probe drives the browser.
const waitFor = <T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number) => poll(what, probe, timeoutMs, 250);

const REPO = resolve(__dirname, '..', '..');
const STATUS = '[id="ds01.ds01-gpu-host.ds01.status"]';
const NAME = 'demo-e2e';
let passed = 0;
let failed = 0;

async function check(what: string, fn: () => Promise<void> | void): Promise<boolean> {
  const started = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return true;
  } catch (err) {
    failed += 1;
    console.log(`FAILED ${what}: ${(err as Error).message}`);
    return false;
  }
}

function assert(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(message);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids whose command line contains `needle` (the demo's code-server is found by its --bind-addr). */
function pidsWith(needle: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(needle);
      } catch {
        return false;
      }
    });
}

/** F1, the command's title typed, Enter once its row shows. */
async function runCommand(page: Page, typed: string, row: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(typed);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** The quick input's title once it shows step `step` of Deploy Container. */
async function quickInputStep(page: Page, step: number): Promise<void> {
  await waitFor(
    `Deploy Container step ${step}`,
    async () => {
      const widget = page.locator('.quick-input-widget');
      if (!(await widget.isVisible())) return false;
      const title = await widget
        .locator('.quick-input-title')
        .innerText()
        .catch(() => '');
      const count = await widget
        .locator('.quick-input-step-count, .quick-input-count')
        .first()
        .innerText()
        .catch(() => '');
      const focused = await page.evaluate('document.activeElement?.matches(".quick-input-widget .quick-input-box input") === true').catch(() => false);
      // Keys typed before the box has the focus go elsewhere: wait for both the step and the focus.
      return focused && /Deploy Container/.test(title) && (`${title} ${count}`.includes(`${step}/4`) || `${title} ${count}`.includes(`${step} / 4`));
    },
    30_000,
  );
}

async function main(): Promise<number> {
  const port = await freePort();
  const scratch = mkdtempSync(join(tmpdir(), 'ds01-demo-test-'));
  let output = '';
  // As a user types it in the repository; its own process group so a broken run can still be cleaned up.
  const npm: ChildProcess = spawn('npm', ['start'], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DS01_DEMO_PORT: String(port), DOCKER_HOST: '', NO_COLOR: '1' },
  });
  const exited = new Promise<number | null>((r) => npm.on('exit', (code, signal) => r(code ?? (signal ? 128 : null))));
  npm.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  npm.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
  });

  let workbench: Workbench | undefined;
  let tmp = '';
  let socket = '';
  let codeServerPids: number[] = [];
  let dockerdPid = 0;
  try {
    const url = `http://127.0.0.1:${port}/`;
    const started = await check(`npm start serves VS Code on ${url} (DS01_DEMO_PORT)`, async () => {
      // A first run on the machine installs code-server first (minutes); under npm test, setup did that.
      await waitFor(
        'the "DS01 demo in VS Code" line',
        () => {
          if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}:\n${output.slice(-3000)}`);
          return output.includes(`DS01 demo in VS Code: ${url}`);
        },
        900_000,
      );
      tmp = /log: (\S+)\/code-server\.log/.exec(output)?.[1] ?? '';
      socket = /DOCKER_HOST=unix:\/\/(\S+)/.exec(output)?.[1] ?? '';
      assert(tmp && existsSync(tmp), `no temp folder in the output:\n${output}`);
      assert(socket, `the demo started no engine of its own (it is root with dockerd installed):\n${output}`);
      codeServerPids = pidsWith(`--bind-addr 127.0.0.1:${port}`);
      assert(codeServerPids.length > 0, "no code-server process with the demo's --bind-addr");
      dockerdPid = Number(readFileSync(join(tmp, 'engine', 'dockerd.pid'), 'utf8').trim());
      assert(alive(dockerdPid), `the demo's dockerd (pid ${dockerdPid}) is not running`);
    });

    if (started) {
      // npm start wrote vscode.env if this is the machine's first run.
      workbench = await openWorkbench({ chromiumPath: readVscodeTools().chromium, url, screenshotDir: join(scratch, 'shots'), log: () => {} });
      const page = workbench.page;

      await check('the status bar shows GPU and container limits of the demo host', async () => {
        const text = await waitFor(
          'the DS01 status bar item',
          async () => {
            const t = await page
              .locator(STATUS)
              .innerText({ timeout: 1000 })
              .catch(() => '');
            return /GPU \d+\/\S+ · containers \d+\/\d+/.test(t) && t;
          },
          90_000,
        );
        console.log(`     status bar: ${JSON.stringify(text.trim())}`);
      });

      await check('a click on it shows the tree: My limits, My containers, Host GPUs with the recorded 4 GPUs', async () => {
        await page.locator(STATUS).click();
        for (const label of ['My limits', 'My containers', 'Host GPUs']) {
          await page
            .getByRole('treeitem', { name: new RegExp(label) })
            .first()
            .waitFor({ timeout: 30_000 });
        }
        await waitFor('4 GPU rows', async () => (await page.getByRole('treeitem', { name: /A100/ }).count()) >= 4, 30_000);
      });

      await check(`DS01: Deploy Container through the palette (name, image, 0 GPUs, confirm) makes ${NAME}`, async () => {
        await page.keyboard.press('F1');
        await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 15_000 });
        await page.keyboard.type('DS01: Deploy Container');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Deploy Container' }).first().waitFor({ timeout: 15_000 });
        await page.keyboard.press('Enter');

        await quickInputStep(page, 1);
        await page.keyboard.press('Control+A');
        await page.keyboard.type(NAME);
        await waitFor(
          `the name ${NAME} in the box`,
          async () =>
            (await page
              .locator('.quick-input-widget .quick-input-box input')
              .first()
              .inputValue()
              .catch(() => '')) === NAME,
          15_000,
        );
        await page.keyboard.press('Enter');

        await quickInputStep(page, 2);
        await page.keyboard.type('busybox');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'ds01-test/busybox' }).first().waitFor({ timeout: 15_000 });
        await page.keyboard.press('Enter');

        await quickInputStep(page, 3);
        await page.keyboard.type('0 GPUs');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: '0 GPUs' }).first().waitFor({ timeout: 15_000 });
        await page.keyboard.press('Enter');

        await quickInputStep(page, 4);
        // The Deploy row and, under "Notes", each note on rows of its own.
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Deploy' }).first().waitFor({ timeout: 15_000 });
        const confirm = await page.locator('.quick-input-list').first().innerText({ timeout: 15_000 });
        console.log(`     confirm: ${JSON.stringify(confirm.replace(/\s+/g, ' '))}`);
        const machine = (await new Dockerode({ socketPath: socket }).info()) as { NCPU: number };
        if (machine.NCPU < 32)
          assert(
            new RegExp(`this host has ${machine.NCPU}: using ${machine.NCPU}`).test(confirm),
            'the confirm step does not say the CPUs are lowered to this machine',
          );
        await page.keyboard.press('Enter');

        await page
          .getByText(new RegExp(`DS01: deployed ${NAME}`))
          .first()
          .waitFor({ timeout: 90_000 });
        await page
          .getByRole('treeitem', { name: new RegExp(NAME) })
          .first()
          .waitFor({ timeout: 30_000 });
        const info = await new Dockerode({ socketPath: socket }).getContainer(`${NAME}._.${process.getuid!()}`).inspect();
        assert(info.State.Running, `${NAME} is not running`);
        assert(info.HostConfig.NanoCpus! <= machine.NCPU * 1e9, `NanoCpus ${info.HostConfig.NanoCpus} is above the machine's ${machine.NCPU} CPUs`);
      });
      await workbench.screenshot('after-deploy.png').catch(() => '');

      await check(
        'the sample project from the palette: DS01: Build Image, then DS01: Open Folder in GPU Container opens a terminal at /workspace',
        async () => {
          const image = `ds01-${process.getuid!()}/sample-project:latest`;
          await runCommand(page, 'DS01: Build Image', 'Build Image');
          await page
            .getByText(new RegExp(`DS01: built ${image.replace(/[/.]/g, '\\$&')}`))
            .first()
            .waitFor({ timeout: 120_000 });
          await runCommand(page, 'DS01: Open Folder in GPU Container', 'Open Folder in GPU Container');
          await waitFor('the GPU step', async () => page.locator('.quick-input-widget').isVisible(), 30_000);
          await page.keyboard.type('0 GPUs');
          await page.locator('.quick-input-list .monaco-list-row', { hasText: '0 GPUs' }).first().waitFor({ timeout: 15_000 });
          await page.keyboard.press('Enter');
          await page.getByText('DS01: sample-project').first().waitFor({ timeout: 90_000 });
          const engine = new Dockerode({ socketPath: socket });
          const [c] = await engine.listContainers({ filters: { label: ['ds01.project=sample-project'] } });
          assert(c, 'no running container labelled ds01.project=sample-project');
          const info = await engine.getContainer(c.Id).inspect();
          assert(info.Config.Image === image, `the container runs ${info.Config.Image}, not ${image}`);
          assert(
            info.Mounts.some((m) => m.Destination === '/workspace' && /sample-project$/.test(m.Source ?? '')),
            'the sample project is not at /workspace',
          );
          await workbench!.screenshot('project-terminal.png').catch(() => '');
        },
      );
    }
  } finally {
    await workbench?.close();
  }

  await check("Ctrl-C (SIGINT to npm) stops it: code-server, the demo's dockerd and its temp folder are gone", async () => {
    assert(npm.pid !== undefined && npm.exitCode === null, `npm start already exited (${npm.exitCode})`);
    process.kill(npm.pid, 'SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))]);
    assert(code !== 'timeout', 'npm start did not exit within 60 s of SIGINT');
    await waitFor('every demo process to end', () => [...codeServerPids, dockerdPid].every((p) => !p || !alive(p)), 20_000).catch(() => {
      throw new Error(`still running: ${[...codeServerPids, dockerdPid].filter((p) => p && alive(p)).join(', ')}`);
    });
    assert(pidsWith(`--bind-addr 127.0.0.1:${port}`).length === 0, "a code-server with the demo's port is still running");
    assert(!tmp || !existsSync(tmp), `${tmp} is still there`);
    const stillServing = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => true,
      () => false,
    );
    assert(!stillServing, `port ${port} still answers`);
  });

  // Whatever happened above, nothing of this run may outlive it: SIGTERM to npm's whole group reaches the
  // script's own trap; failing that, the demo's engine is stopped as engine.sh stops it (containers, mounts).
  if (npm.pid !== undefined && npm.exitCode === null) {
    try {
      process.kill(-npm.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    try {
      process.kill(-npm.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const pid of codeServerPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  if (tmp && existsSync(join(tmp, 'engine'))) {
    spawnSync('bash', [join(REPO, 'scripts', 'engine.sh'), 'stop'], { env: { ...process.env, DS01_ENGINE_DIR: join(tmp, 'engine') }, stdio: 'ignore' });
    rmSync(tmp, { recursive: true, force: true });
  }
  if (failed > 0) console.log(`npm start output:\n${output.slice(-4000)}\nscreenshots: ${join(scratch, 'shots')}`);
  else rmSync(scratch, { recursive: true, force: true });
  console.log(`demo: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`demo: ${err.stack ?? err.message}`);
    console.log(`demo: ${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  },
);
