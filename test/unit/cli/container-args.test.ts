import { strict as assert } from 'node:assert';
import { isProblemError } from '../../../src/core/problem';
import { singleName } from '../../../src/cli/args';

describe('cli/container arguments', () => {
  it('takes exactly one NAME and says how to quote spaces otherwise', () => {
    assert.equal(singleName(['proj'], 'deploy'), 'proj');
    for (const given of [[], ['my', 'project']]) {
      assert.throws(() => singleName(given, 'retire'), (e: unknown) => isProblemError(e) && e.problem.kind === 'usage' && /quote names with spaces/.test(e.problem.fix ?? ''));
    }
  });
});
