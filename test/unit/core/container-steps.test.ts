import { strict as assert } from 'node:assert';
import { DEPLOY_STEPS, progressReport, RETIRE_STEPS, STEP_TITLES } from '../../../src/core/container-steps';

describe('core/container-steps', () => {
  it('every step has a title and a position', () => {
    for (const s of [...DEPLOY_STEPS, ...RETIRE_STEPS]) assert.ok(STEP_TITLES[s].length > 0, s);
    assert.deepEqual(progressReport(DEPLOY_STEPS, 'creating'), { step: 'creating', index: 5, total: 7, title: 'Creating the container' });
    assert.equal(progressReport(RETIRE_STEPS, 'verifying').index, 4);
  });
});
