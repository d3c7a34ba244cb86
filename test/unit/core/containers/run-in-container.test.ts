import { strict as assert } from 'node:assert';
import type { Ds01Container } from '../../../../src/core/model';
import { containerForFolder, EXPLAINED_STATUSES, execArgv, pathInContainer, runOutcomeText } from '../../../../src/core/containers/run-in-container';
import { retireDetail } from '../../../../src/core/containers/retire-text';
import { ds01Container } from '../../helpers/records';

function c(name: string, workspace: string | null, running = true): Ds01Container {
  return ds01Container(name, { state: running ? 'running' : 'exited', running, workspace });
}

describe('core/containers/run-in-container', () => {
  const mine = [c('home._.1000', '/home/alice'), c('proj._.1000', '/home/alice/proj'), c('old._.1000', '/home/alice/proj/sub', false)];

  it('picks the running container with the deepest workspace holding the folder', () => {
    const t = containerForFolder(mine, '/home/alice/proj/sub');
    assert.equal(t?.container.name, 'proj._.1000');
    assert.equal(t?.workdir, '/workspace/sub');
  });

  it('maps the workspace root itself to /workspace', () => {
    assert.equal(containerForFolder(mine, '/home/alice/proj/')?.workdir, '/workspace');
  });

  it('does not match a sibling folder that only shares a prefix', () => {
    assert.equal(containerForFolder([c('p._.1', '/home/alice/proj')], '/home/alice/project2'), null);
  });

  it('returns null when no running container has the folder', () => {
    assert.equal(containerForFolder([c('x._.1', '/srv/data'), c('y._.1', '/home/alice', false)], '/home/alice'), null);
  });

  it('maps file paths into the container', () => {
    const t = containerForFolder(mine, '/home/alice/proj')!;
    assert.equal(pathInContainer(t, '/home/alice/proj/train.py'), '/workspace/train.py');
    assert.equal(pathInContainer(t, '/etc/passwd'), null);
  });

  it('passes the recorded command as one argument to the container shell', () => {
    const t = containerForFolder(mine, '/home/alice/proj')!;
    const cmd = 'python train.py --name "a b"; echo $(id)';
    assert.deepEqual(execArgv(t, cmd), ['exec', '-it', '-w', '/workspace', 'proj._.1000', 'sh', '-lc', cmd]);
  });
});

describe('core/containers/run-in-container: how a re-run ended (issue 25)', () => {
  it('a success, and a failure that says what failed and what to do', () => {
    assert.equal(runOutcomeText(0, 'python3 train.py', 'train1', 'ds01-1000/train:latest'), 'DS01: "python3 train.py" in train1 finished (exit status 0).');
    assert.equal(
      runOutcomeText(127, 'python3 train.py', 'train1', 'ds01-1000/train:latest'),
      'DS01: "python3 train.py" in train1 failed: python3: not found in image ds01-1000/train:latest: add it to the image, or use a command it has (exit status 127).',
    );
    assert.match(runOutcomeText(3, 'make', 't', 'i'), /failed with exit status 3: its output above says why\.$/);
    for (const s of EXPLAINED_STATUSES) assert.match(runOutcomeText(s, 'x', 't', 'i'), new RegExp(`exit status ${s}`));
  });
});

describe('core/containers/retire-text (issue 25)', () => {
  it('says the stop grace and the GPUs freed as "N GPUs: GPU a, GPU b"', () => {
    assert.equal(
      retireDetail(['1'], 60),
      'It is stopped (up to 60 s for its programs to exit, then killed) and removed; files outside /workspace are lost. Its GPU is freed (1 GPU: GPU 1).',
    );
    assert.match(retireDetail(['0', '1'], 30), /Its GPUs are freed \(2 GPUs: GPU 0, GPU 1\)\.$/);
    assert.equal(retireDetail([], null), 'It is removed; files outside /workspace are lost.');
  });
});
