// Ctrl-C during a deploy (issue 15 point 4): a real SIGINT into the real CLI at many moments. After it, either
// the deploy completed and says so (exit 0, the container runs), or nothing of it remains (exit 130, no container).
import { strict as assert } from 'node:assert';
import { docker, ensureHost, host, QUICK, removeAll, startCli, uniqueName, type CliResult } from './host';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function containersNamed(prefix: string) {
  return (await docker.listContainers({ all: true })).filter((c) => c.Names.some((n) => n.startsWith(`/${prefix}._.`)));
}

/** Deploys NAME for `bin`; `when` decides the moment SIGINT goes in; returns the CLI's result. */
async function interruptedDeploy(name: string, when: (run: ReturnType<typeof startCli>) => Promise<void>): Promise<CliResult> {
  const run = startCli(['container', 'deploy', name, '--user', 'bin', '--workspace', host.workspace, '--image', QUICK, '--gpus', '1']);
  await when(run).catch(() => undefined);
  run.child.kill('SIGINT');
  return run.done;
}

async function completedOrNothing(name: string, r: CliResult, at: string): Promise<'completed' | 'undone'> {
  const left = await containersNamed(name);
  if (r.code === 0) {
    assert.match(r.stdout, /Deployed/, `${at}: exit 0 without saying it deployed`);
    assert.equal(left.length, 1, `${at}: exit 0 but ${left.length} containers`);
    assert.equal(left[0].State, 'running', `${at}: completed but not running`);
    return 'completed';
  }
  assert.deepEqual(
    left.map((c) => `${c.Names[0]} ${c.State}`),
    [],
    `${at}: interrupted deploy left a container behind`,
  );
  assert.equal(r.code, 130, `${at}: exit ${r.code}: ${r.stderr}`);
  if (r.stderr.includes('ds01: SIGINT')) assert.match(r.stderr, /nothing of it remains/, `${at}: no word on what remains`);
  return 'undone';
}

describe('engine/deploy: Ctrl-C at any moment completes or leaves nothing (real SIGINT into the CLI)', function () {
  this.timeout(120_000);
  before(ensureHost);
  afterEach(removeAll);

  for (const step of ['Checking limits', 'Allocating GPUs', 'Creating the container', 'Verifying with the engine', 'Starting the container']) {
    it(`at "${step}"`, async () => {
      const name = uniqueName('sigint');
      const r = await interruptedDeploy(name, (run) => run.waitFor(new RegExp(step)));
      await completedOrNothing(name, r, step);
      if (step === 'Creating the container' || step === 'Verifying with the engine') {
        // The container exists by then (or is being made): it has to be removed, and the user told so.
        if (r.code === 130) assert.match(r.stderr, /had been created and was removed again|before a container was created/, r.stderr);
      }
    });
  }

  it('0.1 .. 0.8 s after the deploy starts its steps', async () => {
    const outcomes: string[] = [];
    for (let ms = 100; ms <= 800; ms += 100) {
      const name = uniqueName('sigint');
      const r = await interruptedDeploy(name, async (run) => {
        await run.waitFor(/\[1\/7\]/);
        await sleep(ms);
      });
      outcomes.push(`${ms}ms:${await completedOrNothing(name, r, `${ms} ms`)}`);
      await removeAll();
    }
    console.log(`      outcomes: ${outcomes.join(' ')}`);
  });
});
