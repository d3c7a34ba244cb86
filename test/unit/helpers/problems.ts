// Runs `fn` and returns the Problem it threw; fails the test when it throws nothing or something else.
import { strict as assert } from 'node:assert';
import { isProblemError, type Problem } from '../../../src/core/problem';

export function problemOf(fn: () => unknown): Problem {
  try {
    fn();
  } catch (e) {
    if (isProblemError(e)) return e.problem;
    throw e;
  }
  assert.fail('expected a ProblemError');
}
