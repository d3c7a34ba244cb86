import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { isProblemError } from '../../../src/core/problem';
import { singleName } from '../../../src/cli/args';

describe('cli/container arguments', () => {
  it('takes exactly one NAME and says how to quote spaces otherwise', () => {
    assert.equal(singleName(['proj'], 'deploy'), 'proj');
    for (const given of [[], ['my', 'project']]) {
      assert.throws(
        () => singleName(given, 'retire'),
        (e: unknown) => isProblemError(e) && e.problem.kind === 'usage' && /quote names with spaces/.test(e.problem.fix ?? ''),
      );
    }
  });
});

describe('cli/container deploy --wait-timeout (issue 24 point 1: waiters cap themselves as readers cap them)', () => {
  it('refuses a wait longer than 7 days with one line, before any engine call', () => {
    const run = (s: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'container', 'deploy', 'x', '--wait', '--wait-timeout', s], {
        cwd: `${__dirname}/../../..`,
        encoding: 'utf8',
        env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock', NO_COLOR: '1' },
        timeout: 20000,
      });
    const long = run('604801');
    assert.equal(long.status, 2, long.stderr);
    assert.match(long.stderr, /--wait-timeout must be a whole number of seconds from 1 to 604800 \(7 days\), got "604801"/);
  });
});
