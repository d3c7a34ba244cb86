// One container whose inspect fails (denied by an authorization policy, or a 500) must not blank
// everyone's usage: the scan goes on, the user is told which container could not be read, and the JSON
// says null (with a reason) for what could not be read, never 0 with level "ok".
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createContainer, IMAGE, removeRunContainers, runId, testEngine, testDocker } from './helpers';
import { startInspectProxy, type InspectProxy } from './inspect-proxy';
import { readJson } from './cli-contract';
import { checkLimitsJson } from '../../src/core/cli-contracts/check-limits';
import { failedJson } from '../../src/core/cli-contracts/problem';

const docker = testDocker();

// Each run gets an empty cache: an inspect an earlier run read (and kept: it never changes) would hide the refusal under test.
const freshCache = () => mkdtempSync(join(tmpdir(), 'ds01-unread-cache-'));

const ROOT = join(__dirname, '../..');
const SMI = join(ROOT, 'test/fixtures/nvidia-smi/bin/a100x4-mig-off');
const CONFIG = join(ROOT, 'test/fixtures/hosts/ds01-2026-07/config/runtime/resource-limits.yaml');
const GPU = [
  'GPU-3f2c9a41-6b0e-4d2f-9a8c-1e5b7d04c2a1',
  'GPU-8a71d5e0-2c4b-4f93-b6e1-7d09a3c5f812',
  'GPU-c05e1b7a-94d3-4a68-8f2e-5b3a6d910e47',
  'GPU-e6d4a283-1f5c-47b0-a9d7-3c8e2b6f5a90',
];

async function checkLimits(dockerHost: string, user: string) {
  const r = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'check-limits', '--user', user, '--config', CONFIG, '--json'],
    {
      env: { ...process.env, XDG_CACHE_HOME: freshCache(), DOCKER_HOST: dockerHost, DS01_NVIDIA_SMI: SMI },
      encoding: 'utf8',
      timeout: 30000,
    },
  ).catch((e: { stdout: string; stderr: string; code: number }) => e);
  return { json: readJson(checkLimitsJson, r.stdout), stderr: r.stderr };
}

describe('engine: a container that cannot be inspected', function () {
  this.timeout(90000);
  const engine = testEngine();
  const alice = `alice-${runId}`;
  const bob = `bob-${runId}`;
  const ids: Record<string, string> = {};
  let proxy: InspectProxy;

  before(async () => {
    const d = docker;
    // alice: one labelled container on GPU 0, one known only by its cgroup parent on GPU 1.
    ids.labelled = (
      await createContainer(d, {
        name: `a1-${runId}._.5001`,
        labels: { 'ds01.user': alice, 'ds01.managed': 'true', 'ds01.gpu.uuids': GPU[0] },
        deviceIds: [GPU[0]],
        state: 'running',
      })
    ).id;
    ids.slice = (await createContainer(d, { name: `nb-${runId}`, cgroupParent: `ds01-student-${alice}.slice`, deviceIds: [GPU[1]] })).id;
    // bob: owner labelled, GPUs only in the device request (an AIME-era container).
    ids.bobs = (await createContainer(d, { name: `b1-${runId}._.5002`, labels: { 'ds01.user': bob }, deviceIds: [GPU[2]] })).id;
    proxy = await startInspectProxy(engine.endpoint.slice('unix://'.length));
  });
  after(async () => {
    await proxy?.close();
    await removeRunContainers(docker);
  });

  it('deploy refuses to pick GPUs while a container that may hold them cannot be read, and names it', async () => {
    // The system account daemon (uid 1) owns this one by its cgroup parent only.
    const held = await createContainer(docker, { name: `dm-${runId}`, cgroupParent: 'ds01-student-daemon.slice', deviceIds: [GPU[3]] });
    const state = mkdtempSync('/tmp/ds01-unread-state-');
    // The workspace must be daemon's own (deploy mounts only what the target user owns or may write).
    const workspace = join(state, 'ws');
    mkdirSync(workspace);
    chownSync(workspace, 1, 1);
    try {
      proxy.deny.clear();
      proxy.deny.set(held.id, 403);
      const r = await promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'src/cli/main.ts'),
          'container',
          'deploy',
          `unread-${runId}`,
          '--user',
          'daemon',
          '--gpus',
          '1',
          '--image',
          IMAGE,
          '--workspace',
          workspace,
          '--config',
          CONFIG,
          '--json',
        ],
        {
          env: {
            ...process.env,
            XDG_CACHE_HOME: freshCache(),
            DOCKER_HOST: proxy.dockerHost,
            DS01_NVIDIA_SMI: SMI,
            DS01_STATE_DIR: state,
            DS01_CGROUP_PARENT: 'off',
          },
          encoding: 'utf8',
          timeout: 30000,
        },
      ).then(
        () => {
          throw new Error('deploy succeeded');
        },
        (e: { stdout: string; code: number }) => e,
      );
      assert.equal(r.code, 1);
      const out = readJson(failedJson, r.stdout);
      assert.equal(out.problem.kind, 'container-unreadable');
      assert.match(out.problem.message, new RegExp(`dm-${runId}.*HTTP 403`));
      const left = await docker.listContainers({ all: true, filters: { name: [`unread-${runId}`] } });
      assert.deepEqual(left, [], 'nothing was created');
    } finally {
      rmSync(state, { recursive: true, force: true });
      await held.remove({ force: true });
    }
  });

  it('through the proxy with nothing denied, alice holds GPUs 0 and 1 in two containers', async () => {
    proxy.deny.clear();
    const { json } = await checkLimits(proxy.dockerHost, alice);
    assert.equal(json.gpus.used, 2);
    assert.equal(json.containers.used, 2);
  });

  it("another user's container denied (OPA, 403): alice's own figures stay exact, free GPUs are unknown, she is told which", async () => {
    proxy.deny.clear();
    proxy.deny.set(ids.bobs, 403);
    const { json, stderr } = await checkLimits(proxy.dockerHost, alice);
    assert.equal(json.problems.engine, null, 'the scan went on');
    assert.deepEqual([json.gpus.used, json.gpus.slotIds, json.containers.used], [2, ['0', '1'], 2]);
    assert.equal(json.host.freeSlots, null, "what bob's container holds is unknown");
    assert.match(json.host.reason ?? '', new RegExp(`b1-${runId}`));
    assert.deepEqual(
      json.problems.unreadable.map((u: { name: string }) => u.name),
      [`b1-${runId}._.5002`],
    );
    assert.match(json.problems.unreadable[0].reason, /HTTP 403.*authorization denied/);
    assert.equal(stderr, '', 'JSON output: the problem is in the JSON');
  });

  it('a container that may be hers denied (500): used figures are null with a reason naming it, never 0 and "ok"', async () => {
    proxy.deny.clear();
    proxy.deny.set(ids.slice, 500);
    const { json } = await checkLimits(proxy.dockerHost, alice);
    assert.equal(json.problems.engine, null, 'the scan went on');
    assert.equal(json.gpus.used, null);
    assert.equal(json.gpus.usedEquivalents, null);
    assert.match(json.gpus.reason ?? '', new RegExp(`nb-${runId}.*could not be read`));
    assert.equal(json.containers.used, null);
    assert.match(json.containers.reason ?? '', new RegExp(`nb-${runId}`));
    assert.notEqual(json.level, 'ok');
  });

  it('people get one line naming the container, and the usage they can trust', async () => {
    proxy.deny.clear();
    proxy.deny.set(ids.slice, 500);
    const r = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'check-limits', '--user', alice, '--config', CONFIG],
      {
        env: { ...process.env, XDG_CACHE_HOME: freshCache(), DOCKER_HOST: proxy.dockerHost, DS01_NVIDIA_SMI: SMI, NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 30000,
      },
    ).catch((e: { stdout: string; stderr: string }) => e);
    assert.equal(r.stderr.split('\n').filter((l) => l.includes(`nb-${runId}`)).length, 1, r.stderr);
    assert.match(r.stdout, /GPUs\s+usage unknown/);
  });
});
