import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { docker, ensureHost, gpuUuids, host, QUICK, removeAll, startCli, type CliResult } from './host';

// Quotas (host.ts): daemon 2.0 gpueq and 3 containers; everyone else 1.0 and 2 containers. The hardware
// has 4 GPUs, so the 20 deploys below want far more than exists.
const USERS = ['daemon', 'bin', 'sys', 'games', 'man'];
const QUOTA: Record<string, number> = { daemon: 2, bin: 1, sys: 1, games: 1, man: 1 };
const REFUSALS = ['limit-total', 'limit-containers', 'no-capacity', 'race-lost'];

function deployArgs(user: string, name: string): string[] {
  return ['container', 'deploy', name, '--user', user, '--gpus', '1', '--image', QUICK, '--workspace', host.workspace, '--json'];
}

async function holdings(): Promise<{ byUuid: Map<string, string[]>; byUser: Map<string, number>; total: number }> {
  const all = await docker.listContainers({ all: true });
  const byUuid = new Map<string, string[]>();
  const byUser = new Map<string, number>();
  for (const c of all) {
    const info = await docker.getContainer(c.Id).inspect();
    const ids = (info.HostConfig.DeviceRequests ?? []).flatMap((r) => r.DeviceIDs ?? []);
    for (const id of ids) byUuid.set(id, [...(byUuid.get(id) ?? []), c.Names[0]]);
    const user = info.Config.Labels['ds01.user'];
    byUser.set(user, (byUser.get(user) ?? 0) + ids.length);
  }
  return { byUuid, byUser, total: all.length };
}

function checkOutcome(results: Array<{ user: string; r: CliResult }>, h: Awaited<ReturnType<typeof holdings>>): CliResult[] {
  for (const [uuid, holders] of h.byUuid) assert.equal(holders.length, 1, `slot ${uuid} held twice: ${holders.join(', ')}`);
  for (const [user, n] of h.byUser) assert.ok(n <= QUOTA[user], `${user} holds ${n} GPUs, quota ${QUOTA[user]}`);
  const winners = results.filter((x) => x.r.code === 0);
  for (const { r } of results.filter((x) => x.r.code !== 0)) {
    assert.equal(r.code, 1, r.stderr);
    assert.ok(REFUSALS.includes(r.json?.problem?.kind), `a clear refusal, got: ${r.stdout}${r.stderr}`);
    assert.ok(r.json.problem.message.length > 20 && r.json.problem.fix, r.stdout);
  }
  assert.equal(h.total, winners.length, 'no stray containers: exactly the winners exist');
  for (const uuid of h.byUuid.keys()) assert.ok(gpuUuids.includes(uuid));
  return winners.map((w) => w.r);
}

describe('engine/deploy: concurrent deploys from separate processes', function () {
  this.timeout(120000);
  before(ensureHost);
  afterEach(removeAll);

  it('20 deploys at once under the host lock: no slot twice, no quota exceeded, every loser refused clearly', async () => {
    const runs = USERS.flatMap((user) => [1, 2, 3, 4].map((i) => ({ user, run: startCli(deployArgs(user, `race-${i}`)) })));
    assert.equal(runs.length, 20);
    const results = await Promise.all(runs.map(async ({ user, run }) => ({ user, r: await run.done })));
    const winners = checkOutcome(results, await holdings());
    // Under the lock the outcome is exact: the 4 GPUs all go out, and no deploy is undone.
    assert.equal(winners.length, 4, results.map((x) => `${x.user}: ${x.r.json?.problem?.kind ?? 'ok'}`).join(', '));
    assert.ok(!results.some((x) => x.r.json?.problem?.kind === 'race-lost'));
  });

  it('without a shared lock (each process its own DS01_STATE_DIR) the race check still keeps every slot single', async () => {
    const runs = USERS.flatMap((user) =>
      [1, 2].map((i) => ({
        user,
        run: startCli(deployArgs(user, `nolock-${i}`), { env: { DS01_STATE_DIR: mkdtempSync(join(host.dir, 'state-')) } }),
      })),
    );
    const results = await Promise.all(runs.map(async ({ user, run }) => ({ user, r: await run.done })));
    checkOutcome(results, await holdings());
    for (const { r } of results.filter((x) => x.r.json?.problem?.kind === 'race-lost')) {
      assert.match(r.json.problem.message, /lost a race and was undone/);
    }
  });
});
