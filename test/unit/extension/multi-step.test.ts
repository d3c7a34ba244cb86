// The order a multi-step input walks its steps in: Back returns to the step before, which keeps its answer.
import * as assert from 'node:assert/strict';
import { runSteps, type StepAnswer } from '../../../src/extension/multi-step';

/** Steps that answer from a script and record what they were shown with. */
function scripted(script: Array<[step: number, answer: StepAnswer]>) {
  const kept = ['', '', ''];
  const walk: string[] = [];
  const steps = [0, 1, 2].map((n) => async (): Promise<StepAnswer> => {
    const next = script.shift();
    assert.ok(next, `step ${n + 1} shown after the script ended`);
    assert.equal(next[0], n + 1, `step ${n + 1} shown, the script expected step ${next[0]}`);
    walk.push(`${n + 1}${kept[n] ? `(${kept[n]})` : ''}`);
    if (next[1] === 'next') kept[n] = `answer${n + 1}`;
    return next[1];
  });
  return { steps, walk };
}

describe('runSteps', () => {
  it('walks forward to the end', async () => {
    const { steps, walk } = scripted([
      [1, 'next'],
      [2, 'next'],
      [3, 'next'],
    ]);
    assert.equal(await runSteps(steps), true);
    assert.deepEqual(walk, ['1', '2', '3']);
  });

  it('Back from step N shows step N-1 again with its answer, then goes on', async () => {
    const { steps, walk } = scripted([
      [1, 'next'],
      [2, 'next'],
      [3, 'back'],
      [2, 'back'],
      [1, 'next'],
      [2, 'next'],
      [3, 'next'],
    ]);
    assert.equal(await runSteps(steps), true);
    assert.deepEqual(walk, ['1', '2', '3', '2(answer2)', '1(answer1)', '2(answer2)', '3']);
  });

  it('a dismissed step ends the flow; Back on the first step shows it again', async () => {
    const { steps, walk } = scripted([
      [1, 'back'],
      [1, 'next'],
      [2, undefined],
    ]);
    assert.equal(await runSteps(steps), false);
    assert.deepEqual(walk, ['1', '1', '2']);
  });
});
