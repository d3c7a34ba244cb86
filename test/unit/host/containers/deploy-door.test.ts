// Deploy's rules live in one place: the queue's fairness in host deploy (no front end repeats or skips it),
// the sorting of GPU counts in core, the "deployed" notice in one extension file. Checked on the sources.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '../../../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The files (relative to src/) whose text matches. */
function filesMatching(re: RegExp): string[] {
  return sources(SRC)
    .filter((f) => re.test(readFileSync(f, 'utf8')))
    .map((f) => relative(SRC, f))
    .sort();
}

describe('deploy rules in one place (sources)', () => {
  it("only the GPU queue's own waiter may deploy without the queue's fairness check", () => {
    assert.deepEqual(filesMatching(/\bdeployOnTurn\b/), ['host/containers/deploy.ts', 'host/containers/wait.ts']);
  });

  it('no front end checks the queue itself: deployContainer does, under its lock', () => {
    assert.deepEqual(
      filesMatching(/\b(queueAdmits|queueRefusal|newcomerMayGo)\b/).filter((f) => !f.startsWith('core/') && !f.startsWith('host/')),
      [],
    );
    assert.deepEqual(filesMatching(/\bqueueRefusal\(/), ['host/containers/deploy.ts', 'host/containers/queue-admission.ts']);
  });

  it("whether waiting can help a refusal is asked in one place, core's GPU-count verdict (the Deploy step, its queue offer, --wait)", () => {
    assert.deepEqual(filesMatching(/\bwaitCanHelp\(/), ['core/allocation/gpu-count-choices.ts', 'core/allocation/gpu-queue.ts']);
    const inQueue = readFileSync(join(SRC, 'core/allocation/gpu-queue.ts'), 'utf8').match(/\bwaitCanHelp\(/g) ?? [];
    assert.equal(inQueue.length, 1, 'gpu-queue.ts only defines it');
  });

  it('the "deployed … Open Terminal / Attach VS Code" notice is written in one file', () => {
    assert.deepEqual(
      filesMatching(/deployed \$\{/).filter((f) => f.startsWith('extension/')),
      ['extension/deployed-notice.ts'],
    );
    assert.deepEqual(
      filesMatching(/'Attach VS Code'/).filter((f) => f.startsWith('extension/')),
      ['extension/deployed-notice.ts'],
    );
  });
});
