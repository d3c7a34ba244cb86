// What the DS01 tests share: the extension's test API, waiting on what a user sees, and the private
// engine of this run's test host (test/vscode/host.sh) to create and remove containers for the test user.
import Dockerode from 'dockerode';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import type { Ds01TestApi } from '../../../src/extension/test-api';
import { REPO_ENV } from '../protocol';
import { waitFor } from '../wait-for';
import type { QuickInput } from '../../../src/extension/prompter';

export const EXTENSION_ID = 'ds01.ds01-gpu-host';
export const BUSYBOX = 'ds01-test/busybox:latest';
export const QUICK = 'ds01-test/quick-stop:latest';
/** The repository (fixtures, scripts, dist/cli.js); the suite may run from the installed .vsix's folder. */
export const REPO = process.env[REPO_ENV] ?? resolve(__dirname, '..', '..');

export function hostDir(): string {
  const dir = process.env.DS01_TEST_HOST_DIR;
  if (!dir) throw new Error('DS01_TEST_HOST_DIR is not set: run the suite with test/vscode/run.sh (it makes the test host)');
  return dir;
}

export function docker(): Dockerode {
  const host = process.env.DOCKER_HOST ?? '';
  if (!host.startsWith('unix://')) throw new Error(`DOCKER_HOST=${host}: the suite needs the private engine of test/vscode/host.sh`);
  return new Dockerode({ socketPath: host.slice('unix://'.length) });
}

export async function api(): Promise<Ds01TestApi> {
  return await vscode.extensions.getExtension<Ds01TestApi>(EXTENSION_ID)!.activate();
}

/** GPU UUIDs of the recorded host, in index order. */
export function gpuUuids(): string[] {
  const list = readFileSync(join(hostDir(), 'smi', 'a100x4-mig-off.L.txt'), 'utf8');
  return [...list.matchAll(/UUID: (GPU-[^)]+)\)/g)].map((m) => m[1]);
}

export { waitFor };

/** Resolves once the status bar shows the containers read from the engine (not "containers ?/"). */
export async function engineRead(ds01: Ds01TestApi): Promise<void> {
  await waitFor(`the containers read (status bar "${ds01.statusBar().text}")`, () => / · containers \d+\//.test(ds01.statusBar().text));
}

/** The tree row of a running container, by its engine id or its DS01 name. */
export function runningRow(ds01: Ds01TestApi, container: { id: string } | { name: string }) {
  return ds01
    .treeRows()
    .find(
      (r) =>
        ('id' in container ? r.id === `container/${container.id}` : r.id.startsWith('container/') && r.label === container.name) &&
        /^ds01\.container\.running/.test(r.contextValue ?? ''),
    );
}

/** The DS01 diagnostics on a file (or a notebook cell), as the Problems view shows them. */
export function ds01Diagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DS01');
}

export async function statusText(ds01: Ds01TestApi, text: string): Promise<void> {
  await waitFor(`status bar "${text}" (now "${ds01.statusBar().text}")`, () => ds01.statusBar().text === text);
}

/** A DS01 container of the test user, created (not started) on the engine, holding the given GPUs. */
export async function createHolder(name: string, gpus: string[] = []): Promise<string> {
  const user = userInfo();
  const c = await docker().createContainer({
    name: `${name}._.${user.uid}`,
    Image: BUSYBOX,
    Cmd: ['sleep', '100000'],
    Labels: {
      'ds01.managed': 'true',
      'ds01.user': user.username,
      'ds01.name': name,
      'ds01.interface': 'test',
      'ds01.gpu.uuids': gpus.join(','),
      'ds01.gpus': String(gpus.length),
    },
    HostConfig: {
      NetworkMode: 'none',
      DeviceRequests: gpus.length ? [{ Driver: 'nvidia', Count: 0, DeviceIDs: gpus, Capabilities: [['gpu']], Options: {} }] : undefined,
    },
  });
  return c.id;
}

export async function removeAllContainers(): Promise<void> {
  const d = docker();
  const all = await d.listContainers({ all: true });
  await Promise.all(all.map((c) => d.getContainer(c.Id).remove({ force: true })));
}

/** An image whose PID 1 exits on SIGTERM, so retire does not wait out the 10 s grace. */
export async function ensureQuickImage(): Promise<void> {
  const d = docker();
  try {
    await d.getImage(QUICK).inspect();
    return;
  } catch {
    // make it below
  }
  const c = await d.createContainer({ Image: BUSYBOX, Cmd: ['true'] });
  await c.commit({ repo: 'ds01-test/quick-stop', tag: 'latest', changes: ['CMD ["sh", "-c", "trap \'exit 0\' TERM; sleep 100000 & wait"]'] });
  await c.remove();
}

export function engineSh(cmd: 'start' | 'stop'): void {
  execFileSync('bash', [join(REPO, 'scripts', 'engine.sh'), cmd], {
    env: { ...process.env, DS01_ENGINE_DIR: join(hostDir(), 'engine') },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 60_000,
  });
}

/** Answers the extension's quick inputs in order: each answer gets the live QuickPick or InputBox. */
export function answerQuickInputs(
  ds01: Ds01TestApi,
  answers: Array<(input: QuickInput) => void | Promise<void>>,
): { done: Promise<void>; seen: QuickInput[]; dispose(): void } {
  const seen: QuickInput[] = [];
  let resolveDone: () => void = () => {};
  let rejectDone: (e: Error) => void = () => {};
  const done = new Promise<void>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  const sub = ds01.onDidShowQuickInput((input) => {
    const answer = answers[seen.length];
    seen.push(input);
    if (!answer) {
      rejectDone(new Error(`unexpected quick input #${seen.length}: ${input.title}`));
      return;
    }
    // Let the widget render before answering, as a person would.
    setTimeout(() => {
      Promise.resolve(answer(input)).then(
        () => {
          if (seen.length === answers.length) resolveDone();
        },
        (e: Error) => rejectDone(e),
      );
    }, 50);
  });
  return { done, seen, dispose: () => sub.dispose() };
}

export function isPick(input: QuickInput): input is vscode.QuickPick<vscode.QuickPickItem> {
  return 'items' in input;
}

/** Selects the item whose label matches and accepts, as Enter on it would. */
export function choose(label: RegExp) {
  return (input: QuickInput) => {
    if (!isPick(input)) throw new Error(`expected a QuickPick, got an InputBox (${input.title})`);
    const item = input.items.find((i) => label.test(i.label));
    if (!item) throw new Error(`no item ${label} in ${input.items.map((i) => i.label).join(' | ')}`);
    input.activeItems = [item];
    return acceptQuickInput(input);
  };
}

/** Enter in the quick input, through the workbench's own command (the API has no accept()). */
export async function acceptQuickInput(_input: QuickInput): Promise<void> {
  // The extension host sends property changes to the workbench in a batch on the next tick.
  await new Promise((r) => setTimeout(r, 200));
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

export function typeAndAccept(value: string) {
  return (input: QuickInput) => {
    if (isPick(input)) throw new Error(`expected an InputBox, got a QuickPick (${input.title})`);
    input.value = value;
    return acceptQuickInput(input);
  };
}
