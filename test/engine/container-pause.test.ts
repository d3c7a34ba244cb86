// Pause / unpause on a real engine: the user's own running container only, the refusals each in one line,
// since when it is paused from the engine's event log, and what the user is told before it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isProblemError } from '../../src/core/problem';
import { ownContainer } from '../../src/host/containers/own';
import { pausedSinceOf, pauseMeaningFor, pauseOwn, unpauseOwn } from '../../src/host/pause/own-pause';
import { IMAGE, RUN_LABEL, removeRunContainers, runId, testEngine, uuid, testDocker } from './helpers';
import { testUser } from '../unit/helpers/records';
import { fixtureSources } from '../unit/core/limits/fixtures';
import { parseHostSchedule } from '../../src/core/lifecycle';
import { readJson } from './cli-contract';
import { unpauseJson } from '../../src/core/cli-contracts/inside';
import { failedJson } from '../../src/core/cli-contracts/problem';

const docker = testDocker();

const engine = testEngine();
const uid = process.getuid!();
const me = testUser({ name: 'root', uid });
const ROOT = join(__dirname, '../..');

async function make(name: string, opts: { owner?: string; ownerUid?: number; start?: boolean; gpu?: boolean } = {}) {
  const c = await docker.createContainer({
    name: `${runId}-${name}._.${opts.ownerUid ?? uid}`,
    Image: IMAGE,
    Cmd: ['sleep', '100000'],
    Labels: {
      'ds01.user': opts.owner ?? 'root',
      'ds01.managed': 'true',
      'ds01.interface': 'orchestration',
      'ds01.client': 'cli',
      [RUN_LABEL]: runId,
      ...(opts.gpu ? { 'ds01.gpu.uuids': uuid(2) } : {}),
    },
    HostConfig: {
      NetworkMode: 'none',
      DeviceRequests: opts.gpu ? [{ Driver: 'nvidia', Count: 0, DeviceIDs: [uuid(2)], Capabilities: [['gpu']], Options: {} }] : undefined,
    },
  });
  if (opts.start !== false) await c.start();
  return c;
}
const status = async (c: { inspect(): Promise<{ State: { Status: string } }> }) => (await c.inspect()).State.Status;
const kind = (k: string, re: RegExp) => (e: unknown) => isProblemError(e) && e.problem.kind === k && re.test(e.problem.message);

describe('pause / unpause on a real engine', function () {
  this.timeout(30_000);
  after(async () => {
    await removeRunContainers(docker);
  });

  it("pauses and unpauses my running container; since when it is paused comes from the engine's event log", async () => {
    const c = await make('p1');
    const before = new Date(Date.now() - 1000);
    await pauseOwn(engine, me, `${runId}-p1`);
    assert.equal(await status(c), 'paused');
    const since = await pausedSinceOf(engine, await ownContainer(engine, me, `${runId}-p1`));
    assert.ok(since && since >= before && since <= new Date(), `paused since ${since?.toISOString()}`);
    await assert.rejects(pauseOwn(engine, me, `${runId}-p1`), kind('not-running', /already paused/));
    await unpauseOwn(engine, me, `${runId}-p1`);
    assert.equal(await status(c), 'running');
    await assert.rejects(unpauseOwn(engine, me, `${runId}-p1`), kind('not-running', /is running, not paused/));
  });

  it('refuses a stopped container, one not mine, one that is gone', async () => {
    await make('stopped', { start: false });
    await assert.rejects(pauseOwn(engine, me, `${runId}-stopped`), kind('not-running', /is created, not running/));
    const other = await make('alices', { owner: 'alice', ownerUid: 4242 });
    await assert.rejects(pauseOwn(engine, me, `${runId}-alices._.4242`), kind('not-owner', /belongs to alice/));
    assert.equal(await status(other), 'running', 'not touched');
    await assert.rejects(pauseOwn(engine, me, `${runId}-gone`), kind('not-found', /No container/));
  });

  it('says before pausing: its GPU stays held, no maximum pause time, the idle and runtime rules go on', async () => {
    await make('gpu', { gpu: true });
    const CRON =
      '20 * * * * root /opt/ds01-infra/scripts/monitoring/check-idle-containers.sh\n35 * * * * root /opt/ds01-infra/scripts/maintenance/enforce-max-runtime.sh\n';
    const src = {
      limits: fixtureSources('2026-07'),
      files: { exemptions: null, schedule: parseHostSchedule([CRON]), scheduleSource: 'test' },
      highDemand: false,
    };
    const text = (await pauseMeaningFor(engine, await ownContainer(engine, me, `${runId}-gpu`), me, src)).join(' ');
    assert.match(text, new RegExp(`GPU ${uuid(2)} stays allocated to you`));
    assert.match(text, /no maximum pause time/);
    assert.match(text, /stops it after 30m idle/);
    assert.match(text, /max runtime \(\d+h from its start\) keeps counting/);
  });

  it('ds01 container pause / unpause as real processes', async () => {
    const c = await make('cli');
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'container', ...args], {
        env: { ...process.env, NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 20_000,
      });
    const p = cli(['pause', `${runId}-cli`]);
    assert.equal(p.status, 0, p.stderr);
    assert.match(p.stdout, /Pausing freezes every process[\s\S]*no maximum pause time[\s\S]*Paused .*-cli\. Resume it with: ds01 container unpause/);
    assert.equal(await status(c), 'paused');
    const again = cli(['pause', `${runId}-cli`, '--json']);
    assert.equal(again.status, 1);
    assert.equal(readJson(failedJson, again.stdout).problem.kind, 'not-running');
    const u = cli(['unpause', `${runId}-cli`, '--json']);
    assert.equal(u.status, 0, u.stderr);
    assert.deepEqual(readJson(unpauseJson, u.stdout), { ok: true, name: `${runId}-cli`, hostName: `${runId}-cli._.${uid}`, paused: false });
    assert.equal(await status(c), 'running');
  });
});
