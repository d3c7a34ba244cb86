import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProblemError } from '../../src/core/problem';
import { connectEngine, type ContainerEvent, type Engine } from '../../src/host/engine';
import { createContainer, removeRunContainers, runId, testEngine, testDocker } from './helpers';

function waitFor<T>(what: string, check: () => T | undefined, ms = 10000): Promise<T> {
  return new Promise((ok, fail) => {
    const started = Date.now();
    const tick = () => {
      const v = check();
      if (v !== undefined) return ok(v);
      if (Date.now() - started > ms) return fail(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('engine: container events', function () {
  let engine: Engine;
  const docker = testDocker();
  before(() => {
    engine = testEngine();
  });
  after(async () => {
    await removeRunContainers(docker);
  });

  it('delivers create, start and destroy of a container with its name and labels, until disposed', async () => {
    const seen: ContainerEvent[] = [];
    const dispose = engine.subscribeContainerEvents((e) => seen.push(e));
    await dispose.ready;
    assert.equal(engine.calls.events, 1);
    const name = `${runId}-evt._.3001`;
    const c = await createContainer(docker, { name, labels: { 'ds01.user': `${runId}-eve` }, state: 'running' });
    await c.remove({ force: true });
    const mine = () => seen.filter((e) => e.id === c.id);
    await waitFor('destroy event', () => mine().find((e) => e.action === 'destroy'));
    const actions = mine().map((e) => e.action);
    for (const a of ['create', 'start', 'destroy']) assert.ok(actions.includes(a), `missing ${a} in ${actions.join(',')}`);
    const created = mine().find((e) => e.action === 'create')!;
    assert.equal(created.name, name);
    assert.equal(created.attributes['ds01.user'], `${runId}-eve`);
    assert.ok(Math.abs(created.time.getTime() - Date.now()) < 60000);

    dispose();
    const count = seen.length;
    const after = await createContainer(docker, { name: `${runId}-evt2` });
    await new Promise((ok) => setTimeout(ok, 300));
    assert.equal(seen.filter((e) => e.id === after.id).length, 0, 'no events after dispose');
    assert.equal(seen.length, count);
  });

  it('an unreachable engine reports engine-unreachable through onError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds01-events-'));
    try {
      const errors: ProblemError[] = [];
      const dispose = connectEngine(`unix://${join(dir, 'none.sock')}`).subscribeContainerEvents(
        () => undefined,
        (p) => errors.push(p),
      );
      await dispose.ready;
      assert.equal(errors.length, 1);
      assert.equal(errors[0].problem.kind, 'engine-unreachable');
      dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
