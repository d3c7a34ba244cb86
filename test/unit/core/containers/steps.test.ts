import { strict as assert } from 'node:assert';
import { DEPLOY_STEPS, progressReport, RETIRE_STEPS, STEP_TITLES } from '../../../../src/core/containers/steps';

describe('core/containers/steps', () => {
  it('every step has a title and a position', () => {
    for (const s of [...DEPLOY_STEPS, ...RETIRE_STEPS]) assert.ok(STEP_TITLES[s].length > 0, s);
    assert.deepEqual(progressReport(DEPLOY_STEPS, 'creating'), { step: 'creating', index: 5, total: 7, title: 'Creating the container' });
    assert.equal(progressReport(RETIRE_STEPS, 'verifying').index, 4);
  });
});

import { formatAge } from '../../../../src/core/age';

describe('core/age', () => {
  it('picks the largest whole unit', () => {
    const now = new Date('2026-01-02T00:00:00Z');
    assert.equal(formatAge(new Date('2026-01-01T23:59:30Z'), now), '30s');
    assert.equal(formatAge(new Date('2026-01-01T23:55:00Z'), now), '5m');
    assert.equal(formatAge(new Date('2026-01-01T19:00:00Z'), now), '5h');
    assert.equal(formatAge(new Date('2025-12-30T00:00:00Z'), now), '3d');
  });
});
