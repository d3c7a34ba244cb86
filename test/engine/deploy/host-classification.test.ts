// The host's idle and runtime enforcement (check-idle-containers.sh, enforce-max-runtime.sh) classify
// each container with their own get_container_type; only orchestration/atomic get the user's limits,
// anything else the strictest fallback. Those functions, read from DS01's git dir, judge our deploys.
import { strict as assert } from 'node:assert';
import { createBody } from '../../../src/core/containers/spec';
import { limitSet } from '../../unit/helpers/records';
import { hostFunction, notRun, oracleMissing, runHostFunctions } from '../host-oracle';
import { deploy, docker, ensureHost, host, QUICK, removeAll } from './host';

const SCRIPTS = {
  idle: 'scripts/monitoring/check-idle-containers.sh',
  runtime: 'scripts/maintenance/enforce-max-runtime.sh',
};

function hostTypes(container: string): Record<keyof typeof SCRIPTS, string> {
  const out = {} as Record<keyof typeof SCRIPTS, string>;
  for (const [key, path] of Object.entries(SCRIPTS) as Array<[keyof typeof SCRIPTS, string]>) {
    out[key] = runHostFunctions([hostFunction(path, 'get_container_type')], `get_container_type '${container}'`, `unix://${host.socket}`);
  }
  return out;
}

describe("engine/deploy: the host's enforcement classifies our containers as DS01-native", function () {
  this.timeout(60000);
  before(function () {
    const missing = oracleMissing();
    if (missing) notRun(this, missing);
    return ensureHost();
  });
  afterEach(removeAll);

  it('a CLI deploy (GPU and CPU-only) is atomic for both scripts and says who made it in ds01.client', async () => {
    for (const gpus of ['1', '0']) {
      const r = await deploy('bin', `host-type-${gpus}`, '--gpus', gpus);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(hostTypes(r.json.hostName), { idle: 'atomic', runtime: 'atomic' });
      const labels = (await docker.getContainer(r.json.id).inspect()).Config.Labels;
      assert.equal(labels['ds01.client'], 'cli');
    }
  });

  it("what the extension's deploy sends is atomic too, made by vscode", async () => {
    const body = createBody({
      name: 'from-vscode',
      hostName: 'from-vscode._.2',
      image: QUICK,
      user: { name: 'bin', uid: 2, gid: 2 },
      createdBy: 'vscode',
      workspace: host.workspace,
      slots: [],
      limits: limitSet({ user: 'bin', sanitizedUser: 'bin', cpus: 1 }),
      cgroupParent: null,
      now: new Date(),
    });
    const c = await docker.createContainer(body);
    assert.deepEqual(hostTypes(body.name), { idle: 'atomic', runtime: 'atomic' });
    assert.equal((await c.inspect()).Config.Labels['ds01.client'], 'vscode');
  });
});
